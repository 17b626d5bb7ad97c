// The platform's answer to the attack, as the security officers see it through the API: delivery isolated
// by detection, the alerts it raised (and none before the attack), the evidence it captured and shipped.
import { expectOk, sleep, type Session } from './api.ts';
import type { Night } from './attack.ts';
import type { DrillLog } from './report.ts';

/**
 * 5. Detection isolates delivery: waits up to 180 s for it, then reads the alerts. Whether delivery was
 * isolated; the failures say what detection missed.
 */
export async function detectAndIsolate(log: DrillLog, night: Night, officer: Session): Promise<boolean> {
  const { attack } = night;
  const until = Date.now() + 180_000;
  while (night.isolatedAt === undefined && Date.now() < until) {
    const modes = expectOk('modes', await officer.call('GET', '/v1/incidents/cells')) as {
      items: Array<{ cell: string; mode: string; changed_at: string | null }>;
    };
    const d = modes.items.find((m) => m.cell === 'delivery');
    if (d?.mode === 'isolated' && d.changed_at !== null) night.isolatedAt = Date.parse(d.changed_at);
    else await sleep(200);
  }
  const alertsPage = expectOk('alerts', await officer.call('GET', '/v1/alerts?cell=delivery&limit=200')) as {
    items: Array<{ signal: string; severity: string; raised_at: string; message: string }>;
  };
  const earlier = expectOk('alerts', await officer.call('GET', '/v1/alerts?limit=200')) as typeof alertsPage;
  night.alertsBefore = earlier.items.filter((a) => Date.parse(a.raised_at) < attack);
  if (night.alertsBefore.length > 0)
    log.failures.push(
      `ordinary traffic raised ${night.alertsBefore.length} alert(s) before the attack: ${night.alertsBefore.map((a) => a.message).join('; ')}`,
    );
  night.alerts = alertsPage.items
    .filter((a) => Date.parse(a.raised_at) >= attack - 1000)
    .sort((a, b) => a.raised_at.localeCompare(b.raised_at));
  if (night.alerts.length > 0)
    log.mark(
      `detected: ${[...new Set(night.alerts.map((a) => a.signal))].join(', ')}`,
      Date.parse(night.alerts[0]!.raised_at),
    );
  else log.failures.push('no alert was raised for delivery after the attack');
  if (night.isolatedAt === undefined) {
    log.failures.push('delivery was not isolated within 180 s of the attack');
    return false;
  }
  log.mark('delivery isolated automatically', night.isolatedAt);
  return true;
}

/** 5. The evidence detection captured of delivery after the attack (its manifest shipped to the vault). */
export async function findEvidence(log: DrillLog, night: Night, officer: Session): Promise<void> {
  for (let i = 0; i < 300 && night.evidence === null; i++) {
    const page = expectOk('evidence', await officer.call('GET', '/v1/incidents/evidence?limit=20')) as {
      items: Array<{
        id: string;
        cell: string | null;
        sha256: string;
        files: number;
        captured_at: string;
      }>;
    };
    const e = page.items.find((x) => x.cell === 'delivery' && Date.parse(x.captured_at) >= night.attack);
    if (e !== undefined)
      night.evidence = { id: e.id, sha256: e.sha256, files: e.files, captured_at: e.captured_at };
    else await sleep(200);
  }
  if (night.evidence === null) log.failures.push('no evidence manifest was captured for delivery');
  else
    log.mark(
      `evidence captured: ${night.evidence.files} files hashed, manifest ${night.evidence.sha256.slice(0, 16)}…`,
      Date.parse(night.evidence.captured_at),
    );
}
