// `postcore retail ...`: goods, stock, sales and orders. Registered by src/main.ts.
import type { Command } from 'commander';
import { addOrderCommands } from './orders/order.commands.ts';

/** Adds `retail` and its commands. */
export function addRetailCommands(program: Command): void {
  const retail = program.command('retail').description('goods at the post offices: stock, sales and orders');
  addOrderCommands(retail);
}
