// 03:10: the attack. Rows of the delivery cell tampered, then its database files encrypted in place with a
// key nobody keeps, and the ransom note left in the data dir.
import { createCipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { DrillLog, DrillReport } from './report.ts';

/** What the night brought, filled in act by act: an act that fails leaves what the acts before it found. */
export interface Night {
  /** The instant of the attack (03:10:00 on the night's clock). */
  attack: number;
  isolatedAt: number | undefined;
  alerts: DrillReport['alerts'];
  alertsBefore: Array<{ message: string }>;
  evidence: DrillReport['evidence'];
  restore: DrillReport['restore'];
}

/** Encrypts a file in place with AES-256-CTR under a key nobody keeps, as ransomware does. */
function encryptInPlace(file: string): void {
  const data = readFileSync(file);
  const cipher = createCipheriv('aes-256-ctr', randomBytes(32), randomBytes(16));
  writeFileSync(file, Buffer.concat([cipher.update(data), cipher.final()]));
}

/** 4. 03:10: rows tampered, then delivery's database files encrypted in place with a key nobody keeps. */
export function attackDelivery(log: DrillLog, night: Night, deliveryFile: string, dataDir: string): void {
  night.attack = log.mark('attack: delivery rows tampered, its database files encrypted (03:10)');
  const tamper = new DatabaseSync(deliveryFile);
  try {
    tamper.exec('pragma busy_timeout = 5000');
    tamper.exec(
      'update delivery_item set cod_amount = 0 where id in (select id from delivery_item where cod_amount > 0 limit 25)',
    );
  } finally {
    tamper.close();
  }
  for (const f of [deliveryFile, `${deliveryFile}-wal`, `${deliveryFile}-shm`])
    if (existsSync(f)) encryptInPlace(f);
  writeFileSync(
    join(dataDir, 'DOC-DE-KHOI-PHUC-DU-LIEU.txt'),
    'Your files are encrypted. Pay 50 BTC to recover them.\n',
  );
}
