// The canaries' signal (canary_touched): rows in each cell and files in the data dir, named as a thief or a
// ransomware operator would want them, their contents derived from a key the server holds. Nothing of the
// platform touches them: a change is someone behind the API.
import { createHmac, hkdfSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plantCanaries, readCanaries } from '../../journal/index.ts';
import { entropy, sha256 } from './database.ts';
import type { DetectionCell, DetectorDeps, Finding } from './detection.types.ts';

/** The canary files: names a thief or a ransomware operator would go for. */
export const CANARY_FILES = [
  'bang-ke-chi-tra-luong-huu.csv',
  'so-cai-tong-hop.csv',
  'danh-sach-buu-gui-cod.csv',
];
/** The data dir's folder the canary files are in. */
export const CANARY_DIR = 'exports';
const CANARY_ROWS = ['audit-1', 'audit-2', 'audit-3'];

/** The key the canaries are derived from: never journaled, derived from the server's sealing key. */
export function canaryKeyOf(sealingKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', sealingKey, Buffer.alloc(0), 'postcore canaries', 32));
}

/** Whether detection has planted its canaries in this data dir (serve does at its first start). */
export function canariesPlanted(dataDir: string): boolean {
  return existsSync(join(dataDir, CANARY_DIR));
}

/** The canary rows detection plants in a cell: their names, and their values when the canary key is given. */
export function canaryRows(cell: string, canaryKey?: Buffer): Array<{ name: string; value?: string }> {
  return CANARY_ROWS.map((name) => ({
    name,
    ...(canaryKey === undefined
      ? {}
      : { value: createHmac('sha256', canaryKey).update(`row:${cell}:${name}`).digest('hex') }),
  }));
}

/** The canaries of the detector's cells and data dir: planting those missing, and checking them all. */
export function createCanaries(deps: Pick<DetectorDeps, 'cells' | 'dataDir' | 'canaryKey'>) {
  const canaryText = (name: string): string => {
    const rows = ['ma,ho_ten,so_tien'];
    for (let i = 0; i < 40; i++) {
      const h = createHmac('sha256', deps.canaryKey).update(`${name}:${i}`).digest();
      rows.push(
        `${h.toString('hex', 0, 6).toUpperCase()},Nguyễn Văn ${h.readUInt16BE(6) % 997},${h.readUInt32BE(8) % 9_000_000}000`,
      );
    }
    return rows.join('\n') + '\n';
  };
  const canaryValue = (cell: string, name: string) =>
    canaryRows(cell, deps.canaryKey).find((r) => r.name === name)!.value!;
  const canaryDir = join(deps.dataDir, CANARY_DIR);

  async function checkCanaryRows(cell: DetectionCell, out: Finding[]): Promise<void> {
    const rows = await readCanaries(cell.db);
    const expected = CANARY_ROWS.map((name) => ({ name, value: canaryValue(cell.name, name) }));
    const changed = expected.filter((e) => rows.find((r) => r.name === e.name)?.value !== e.value);
    const extra = rows.filter((r) => !CANARY_ROWS.includes(r.name));
    if (changed.length === 0 && extra.length === 0) return;
    out.push({
      signal: 'canary_touched',
      cell: cell.name,
      severity: 'critical',
      message: `Canary rows of cell ${cell.name} were changed behind the API (${[...changed.map((c) => c.name), ...extra.map((r) => r.name)].join(', ')})`,
      evidence: {
        changed: changed.map((c) => c.name),
        added: extra.map((r) => r.name),
        found: rows.map((r) => ({ name: r.name, sha256: sha256(r.value) })),
      },
      key: 'rows',
      isolate: true,
    });
  }

  function checkCanaryFiles(out: Finding[]): void {
    for (const name of CANARY_FILES) {
      const path = join(canaryDir, name);
      let found: string | undefined;
      try {
        found = readFileSync(path, 'utf8');
      } catch {
        found = undefined;
      }
      if (found === canaryText(name)) continue;
      out.push({
        signal: 'canary_touched',
        cell: null,
        severity: 'critical',
        message:
          found === undefined
            ? `The canary file ${CANARY_DIR}/${name} is gone (renamed, deleted or encrypted in place under another name)`
            : `The canary file ${CANARY_DIR}/${name} was changed (${found.length} bytes, ${entropy(Buffer.from(found, 'latin1')).toFixed(2)} bits a byte)`,
        evidence: {
          file: `${CANARY_DIR}/${name}`,
          present: found !== undefined,
          sha256: found === undefined ? null : sha256(found),
        },
        key: name,
        isolate: false,
      });
    }
  }

  return {
    /** Plants the canary files and rows that are missing. */
    async plant(): Promise<void> {
      mkdirSync(canaryDir, { recursive: true });
      for (const name of CANARY_FILES) {
        const path = join(canaryDir, name);
        if (!existsSync(path)) writeFileSync(path, canaryText(name), { mode: 0o444 });
      }
      for (const cell of deps.cells) {
        // Planted once, in a cell that has none; a cell with some already is checked, never replanted.
        if ((await readCanaries(cell.db)).length === 0)
          await plantCanaries(
            cell.db,
            CANARY_ROWS.map((name) => ({ name, value: canaryValue(cell.name, name) })),
          );
      }
    },
    checkRows: checkCanaryRows,
    checkFiles: checkCanaryFiles,
  };
}
