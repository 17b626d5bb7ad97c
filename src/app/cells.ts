// The cells postcore has, by name, and their definitions: what the command line checks --cells against and
// what restore replays.
import { join } from 'node:path';
import { coreCell } from '../cells/core/index.ts';
import { deliveryCell } from '../cells/delivery/index.ts';
import { financeCell } from '../cells/finance/index.ts';
import { securityCell } from '../cells/security/index.ts';
import { retailCell } from '../cells/retail/index.ts';
import { servicesCell } from '../cells/services/index.ts';
import { ConfigError } from '../config.ts';
import type { CellDefinition, JournalTables } from '../journal/index.ts';
import { createAttachments } from '../storage/index.ts';

export const SYSTEM_ACTOR = 'system:postcore';

/** Every cell postcore knows, by name. */
export const CELL_NAMES = ['core', 'finance', 'delivery', 'services', 'retail', 'security'] as const;
export type CellName = (typeof CELL_NAMES)[number];
/** The cells with an incident mode: every cell but security, which keeps the modes and must stay up. */
export const GUARDED_CELLS: readonly CellName[] = ['core', 'finance', 'delivery', 'services', 'retail'];

/** Checks a --cells list against the cells postcore has. */
export function parseCells(list: string | undefined): CellName[] {
  if (list === undefined) return [...CELL_NAMES];
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const n of names) {
    if (!(CELL_NAMES as readonly string[]).includes(n))
      throw new ConfigError(
        'invalid_config',
        `Unknown cell ${JSON.stringify(n)} in --cells: use a comma-separated list of ${CELL_NAMES.join(', ')}`,
        `Không có phân hệ ${n}`,
      );
  }
  if (names.length === 0)
    throw new ConfigError('invalid_config', '--cells is empty: name at least one cell', '--cells đang trống');
  return names as CellName[];
}

/** Every cell's definition over a data dir (the finance cell reads its attachments there): what restore replays. */
export function cellDefinitions(dataDir: string): Array<CellDefinition<JournalTables>> {
  return [
    coreCell,
    financeCell(createAttachments(join(dataDir, 'attachments', 'finance'))),
    deliveryCell,
    servicesCell,
    retailCell,
    securityCell,
  ] as Array<CellDefinition<JournalTables>>;
}
