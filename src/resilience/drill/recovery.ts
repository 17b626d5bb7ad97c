// The way back, on two people's word each time: one officer requests the restore and another approves it;
// the security team restores delivery from the vault with the offline key, verifies the copy and puts it in
// place under the running platform; then the officers return delivery to service.
import { join } from 'node:path';
import { cellDefinitions, RESTORES_DIR } from '../../app.ts';
import { systemClock } from '../../platform/clock.ts';
import { restoreFromVault, type RestoreReport } from '../restore.ts';
import { readBackupPrivateKey } from '../seal.ts';
import { createVaultClient } from '../vault-client.ts';
import { expectOk, twoPeople, type Officer } from './api.ts';
import type { Night } from './attack.ts';
import { secondsBetween, type DrillLog } from './report.ts';
import type { VaultPlace } from './world.ts';

/**
 * 6 and 7. The restore requested and approved, made from the vault into restores/ of the server, verified and
 * applied. Whether a restored copy is in place.
 */
export async function restoreDelivery(
  log: DrillLog,
  night: Night,
  officers: [Officer, Officer],
  place: { dataDir: string; workspace: string; vaultUrl: string; vault: VaultPlace },
): Promise<boolean> {
  const { failures, mark } = log;
  const [first, second] = officers;
  const officerA = first.session;
  // 6. Two people: one officer requests the restore, another approves it.
  const requestId = await twoPeople(
    log,
    'restore',
    first,
    second,
    {
      kind: 'restore',
      cell: 'delivery',
      target: 'latest',
      reason: 'Khôi phục phân hệ bưu gửi từ kho sao lưu sau sự cố mã độc',
    },
    'Đã xem cảnh báo và bằng chứng; đồng ý khôi phục',
  );

  // 7. The security team restores from the vault with the offline key, into restores/ of the server.
  const name = `delivery-${new Date(night.attack).toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
  const restoreFrom = mark('restore started from the vault');
  let report: RestoreReport | undefined;
  try {
    report = await restoreFromVault({
      vault: createVaultClient({ url: place.vaultUrl, token: place.vault.restoreToken }),
      key: readBackupPrivateKey(place.vault.keys.privatePem, join(place.workspace, 'offline', 'backup.key')),
      cells: ['delivery'],
      definitions: cellDefinitions,
      into: { dialect: 'sqlite', dataDir: join(place.dataDir, RESTORES_DIR, name) },
      target: { latest: true },
      clock: systemClock,
    });
  } catch (err) {
    failures.push(`the restore failed: ${(err as Error).message}`);
  }
  const cell = report?.cells[0];
  if (cell === undefined) return false;
  if (!cell.verify.ok)
    failures.push(`the restored delivery cell does not verify: ${JSON.stringify(cell.verify.failures)}`);
  const verifiedAt = mark(
    `restored copy verified: head seq ${cell.head_seq}, ${cell.events_not_restored} of the vault's events not restored`,
  );
  const applied = expectOk(
    'apply',
    await officerA.call('POST', `/v1/incidents/requests/${requestId}/apply`, { from: name }),
  );
  const ahead = (applied['consumers_ahead'] as unknown[]).length;
  if (ahead > 0)
    failures.push(
      `consumers were ahead of the restored delivery journal: ${JSON.stringify(applied['consumers_ahead'])}`,
    );
  mark('restored copy in place under the running platform');
  night.restore = {
    head_seq: cell.head_seq,
    vault_seq: cell.vault_seq,
    events_not_restored: cell.events_not_restored,
    verified: cell.verify.ok,
    seconds: secondsBetween(restoreFrom, verifiedAt),
    consumers_ahead: ahead,
  };
  return true;
}

/** 8. Back to service on two people's word: the other officer asks, the first approves. */
export async function returnToService(log: DrillLog, officers: [Officer, Officer]): Promise<void> {
  const [first, second] = officers;
  await twoPeople(
    log,
    'return to service',
    second,
    first,
    {
      kind: 'set_mode',
      cell: 'delivery',
      mode: 'normal',
      reason: 'Đã khôi phục và kiểm tra; mở lại dịch vụ bưu gửi',
    },
    'Đồng ý mở lại dịch vụ',
  );
  const modes = expectOk('modes', await first.session.call('GET', '/v1/incidents/cells')) as {
    items: Array<{ cell: string; mode: string; changed_at: string | null }>;
  };
  const d = modes.items.find((m) => m.cell === 'delivery')!;
  if (d.mode !== 'normal') log.failures.push(`delivery is ${d.mode} after the approved return to service`);
  else log.mark('delivery back in service', Date.parse(d.changed_at!));
}
