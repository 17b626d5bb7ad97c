// `postcore retail ...`: the retail cell's commands, each module's in turn. Registered by src/main.ts.
import type { Command } from 'commander';
import { addSaleCommands } from './sales/sale.commands.ts';

/** Adds `retail` and its commands. */
export function addRetailCommands(program: Command): void {
  const retail = program.command('retail').description('goods at post offices: catalogue, stock, sales');
  addSaleCommands(retail);
}
