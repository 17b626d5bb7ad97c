// `postcore retail ...`: goods at post offices. Registered by src/main.ts; each module adds its commands.
import type { Command } from 'commander';
import { addCatalogueCommands } from './catalogue/catalogue.commands.ts';
import { addOrderCommands } from './orders/order.commands.ts';
import { addSaleCommands } from './sales/sale.commands.ts';
import { addStockCommands } from './stock/goods.commands.ts';

/** Adds `retail` and its commands. */
export function addRetailCommands(program: Command): void {
  const retail = program
    .command('retail')
    .description('goods at post offices: catalogue and prices, stock, sales, orders');
  addCatalogueCommands(retail);
  addStockCommands(retail);
  addSaleCommands(retail);
  addOrderCommands(retail);
}
