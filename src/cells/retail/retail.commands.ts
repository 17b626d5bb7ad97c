// `postcore retail ...`: the goods catalogue, stock and sales. Registered by src/main.ts; each module adds its own.
import type { Command } from 'commander';
import { addCatalogueCommands } from './catalogue/catalogue.commands.ts';

/** Adds `retail` and its modules' commands. */
export function addRetailCommands(program: Command): void {
  const retail = program.command('retail').description('goods at post offices: the catalogue and prices');
  addCatalogueCommands(retail);
}
