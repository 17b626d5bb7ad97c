#!/usr/bin/env node
// The postcore command line. Each cell's commands live beside the module they serve (`*.commands.ts`);
// this file only assembles them into one program, and runs it when executed.
import { Command } from 'commander';
import { addDemoCommand, addServeCommands } from './app.commands.ts';
import { CELL_NAMES, cellDefinitions, openPlatform, parseCells, VERSION } from './app.ts';
import { addStaffCommands } from './cells/core/staff/staff.commands.ts';
import { addTokenCommands } from './cells/core/tokens/token.commands.ts';
import { addDeliveryCommands } from './cells/delivery/items/item.commands.ts';
import { addCodCommands } from './cells/finance/cod/cod.commands.ts';
import { addLedgerCommands } from './cells/finance/ledger/ledger.commands.ts';
import { addDemoPensionsCommand, addPensionCommands } from './cells/finance/pensions/pension.commands.ts';
import { addReportCommands } from './cells/finance/reports/report.commands.ts';
import { addTillCommands } from './cells/finance/tills/till.commands.ts';
import { addRetailCommands } from './cells/retail/retail.commands.ts';
import { addServicesCommands } from './cells/services/services.commands.ts';
import { CLI_ACTOR, fail } from './cli.ts';
import { loadConfig } from './config.ts';
import { addJournalCommands } from './journal/journal.commands.ts';
import { addResilienceCommands } from './resilience/commands.ts';
import { addDrillCommands } from './resilience/drill/drill.commands.ts';

/** The whole `postcore` program, every command registered in help's order; argv is not parsed. */
export function buildProgram(): Command {
  const program = new Command()
    .name('postcore')
    .description('The core IT platform of a national post that survives ransomware')
    .version(VERSION)
    .showHelpAfterError();
  addServeCommands(program);
  addJournalCommands(program);
  addDrillCommands(program);
  const demoCommand = addDemoCommand(program);
  addStaffCommands(program);
  addTokenCommands(program);
  const financeCommand = program
    .command('finance')
    .description('the ledger, tills and reports of the finance cell');
  addLedgerCommands(financeCommand);
  addReportCommands(financeCommand);
  addTillCommands(financeCommand);
  addPensionCommands(program);
  addDeliveryCommands(program);
  addCodCommands(program);
  addServicesCommands(program);
  addRetailCommands(program);
  addDemoPensionsCommand(demoCommand);
  addResilienceCommands(program, {
    version: VERSION,
    cellNames: CELL_NAMES,
    parseCells,
    definitions: cellDefinitions,
    async keyChange(requestId, key) {
      // Only the request is read and closed here: finance's following of the other cells is serve's to do.
      const platform = await openPlatform(loadConfig({ ...process.env, POSTCORE_LOG_LEVEL: 'silent' }), {
        drain: false,
      });
      try {
        await platform.security.keysChangeable(requestId, key);
      } catch (err) {
        await platform.close();
        throw err;
      }
      return {
        async done(fingerprint) {
          await platform.security.keysChanged({ request_id: requestId, key, fingerprint }, CLI_ACTOR);
        },
        close: () => platform.close(),
      };
    },
  });
  return program;
}

if (import.meta.main) buildProgram().parseAsync().catch(fail);
