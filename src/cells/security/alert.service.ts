// Detection's alerts: a finding journaled once while it is open, listed, and acknowledged by a person.
import { z } from 'zod';
import { found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { cellName, parse, reason, toAlert, type Incidents, type IncidentsDeps } from './incident.model.ts';
import { SecurityError } from './security-error.ts';
import { alertAcknowledged, alertRaised, SEVERITIES, SIGNALS } from './security.events.ts';
import * as repo from './security.repository.ts';

/** The alerts of the incident service. */
export function createAlerts(deps: IncidentsDeps): Pick<Incidents, 'raise' | 'alerts' | 'acknowledge'> {
  const { db, journal } = deps;
  return {
    async raise(input) {
      const a = parse(
        z.strictObject({
          signal: z.enum(SIGNALS),
          cell: cellName.nullable(),
          severity: z.enum(SEVERITIES),
          message: z.string().min(1).max(1000),
          evidence: z.record(z.string(), z.unknown()),
          key: z.string().max(150).optional(),
        }),
        input,
        'alert',
      );
      const dedupe = `${a.cell ?? '-'}:${a.key ?? ''}`;
      const open = await repo.findOpenAlert(db, a.signal, dedupe);
      if (open !== undefined) return { alert: toAlert(open), created: false };
      const id = newId('alr');
      await journal.transaction((trx) =>
        journal.append(trx, alertRaised, {
          stream: `alert:${a.signal}`,
          actor: 'system:detection',
          payload: {
            id,
            signal: a.signal,
            cell: a.cell,
            severity: a.severity,
            message: a.message,
            evidence: a.evidence,
            dedupe_key: dedupe,
          },
        }),
      );
      return { alert: toAlert((await repo.findAlert(db, id))!), created: true };
    },
    async alerts(f) {
      const page = await repo.listAlerts(db, f);
      return { items: page.items.map(toAlert), total: page.total };
    },
    async acknowledge(id, note, actor) {
      const n = parse(reason, note, 'acknowledgement');
      const a = found(
        await repo.findAlert(db, id),
        () => new SecurityError('alert_not_found', `No alert ${id}`, 'Không tìm thấy cảnh báo', { id }),
      );
      if (a.acknowledged_at === null)
        await journal.transaction((trx) =>
          journal.append(trx, alertAcknowledged, {
            stream: `alert:${a.signal}`,
            actor,
            payload: { id, note: n },
          }),
        );
      return toAlert((await repo.findAlert(db, id))!);
    },
  };
}
