// What both dialects' storages check and refuse in the same words.
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError } from './storage-error.ts';

const CELL_NAME = /^[a-z][a-z0-9_]{0,30}$/;

export function checkCellName(cell: string): void {
  if (!CELL_NAME.test(cell)) throw new Error(`invalid cell name ${JSON.stringify(cell)}`);
}

export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    throw new StorageError(
      'data_dir_unwritable',
      `Data directory ${dir} is not writable (${reason}): create it with write permission or set POSTCORE_DATA_DIR`,
      `Không ghi được vào thư mục dữ liệu ${dir}: hãy cấp quyền ghi hoặc đặt POSTCORE_DATA_DIR`,
      { dir, reason },
    );
  }
}

export function cellMissing(cell: string, where: string, hint: string): StorageError {
  return new StorageError(
    'cell_missing',
    `There is no database for cell ${cell} at ${where}: ${hint}`,
    `Không tìm thấy cơ sở dữ liệu của phân hệ ${cell} tại ${where}`,
    { cell, where },
  );
}

export function notReplaceable(cell: string, source: string, why: string): StorageError {
  return new StorageError(
    'database_unavailable',
    `Cannot put ${source} in place of cell ${cell}: ${why}; nothing was changed`,
    `Không thay được cơ sở dữ liệu của phân hệ ${cell}; chưa thay đổi gì`,
    { cell, source },
  );
}

/** A row's value for a column as bound in bulk: absent is NULL, a bigint goes as its digits (exact on both). */
export function bulkValue<R>(r: R, name: string): unknown {
  const v = (r as Record<string, unknown>)[name];
  return v === undefined ? null : typeof v === 'bigint' ? v.toString() : v;
}

export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
