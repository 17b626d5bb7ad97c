// `postcore services ...`: the catalogue and citizens' dossiers. Registered by src/main.ts.
import type { Command } from 'commander';
import { addCatalogueCommands } from './catalogue/catalogue.commands.ts';
import { addDossierCommands } from './dossiers/dossier.commands.ts';

/** Adds `services` and its commands. */
export function addServicesCommands(program: Command): void {
  const services = program
    .command('services')
    .description('public-administration services: the catalogue of procedures, citizens’ dossiers');
  addCatalogueCommands(services, (p) => p.services.catalogue);
  addDossierCommands(services);
}
