// The dossier's papers on the move: each requested leg handed to the delivery cell as a prepaid item, and the
// delivery cell's journal followed (in order, exactly once) for what became of them: taken in, delivered to the
// agency against its signature, delivered to the citizen, returned, attempted. The tracking is delivery's.
import type { Kysely } from '../../../storage/index.ts';
import type { JournalEvent } from '../../../journal/index.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { addWorkingDays } from '../../../platform/working-days.ts';
import { findAgency, findProcedure } from '../catalogue/index.ts';
import type { ServicesTables } from '../services-tables.ts';
import { notify } from './agency.service.ts';
import { handedOver, legAttempted, legEnded, legPosted, noticeSent } from './dossier.events.ts';
import type { DossierCarrier, DossiersDeps, LegParty } from './dossier.model.ts';
import * as repo from './dossier.repository.ts';
import { loadDossier } from './intake.service.ts';

type Trx = Kysely<ServicesTables>;
const ACTOR = 'system:services';

/** The key a leg's item is taken in under: only the platform makes it (it holds ':'). */
export const legKey = (dossier: string, legNo: number) => `dossier:${dossier}:${legNo}`;

function parseLegKey(key: unknown): { dossier: string; leg_no: number } | undefined {
  if (typeof key !== 'string') return undefined;
  const m = /^dossier:(HS\d{12}):(\d{1,2})$/.exec(key);
  return m === null ? undefined : { dossier: m[1]!, leg_no: Number(m[2]) };
}

/** Hands every requested leg to the delivery cell; what fails is tried again on the next run. */
export async function carryLegs(
  deps: Pick<DossiersDeps, 'db'>,
  carrier: DossierCarrier,
  limit = 200,
): Promise<{ sent: number; failed: Array<{ key: string; error: string }> }> {
  const legs = await repo.findRequestedLegs(deps.db, limit);
  let sent = 0;
  const failed: Array<{ key: string; error: string }> = [];
  for (const leg of legs) {
    const key = legKey(leg.dossier_id, Number(leg.leg_no));
    try {
      const d = await loadDossier(deps.db, leg.dossier_id);
      const agency = (await findAgency(deps.db, d.agency_code))!;
      const agencyParty: LegParty = {
        name: agency.name.slice(0, 100),
        phone: agency.phone,
        address: agency.address,
        commune: agency.commune,
      };
      const citizen: LegParty = {
        name: d.citizen.name,
        phone: d.citizen.phone,
        address: d.citizen.address,
        commune: d.citizen.commune,
      };
      const back = leg.kind === 'back';
      await carrier.send({
        key,
        office_id: leg.from_office_id,
        actor: ACTOR,
        sender: back ? agencyParty : citizen,
        recipient: back ? citizen : agencyParty,
        ...(back
          ? {
              restricted_to: [
                { cccd: d.citizen.cccd, until: null },
                ...(d.representative === null
                  ? []
                  : [{ cccd: d.representative.cccd, until: d.representative.authorisation.until }]),
              ],
            }
          : {}),
      });
      sent++;
    } catch (err) {
      failed.push({ key, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { sent, failed };
}

interface AcceptedPayload {
  id: string;
  owner?: string | null;
  owner_key?: string | null;
}
interface DeliveredPayload {
  item: string;
  recipient_name: string;
  signature: string | null;
  returning?: boolean;
}
interface AttemptedPayload {
  item: string;
  reason: string;
}

/**
 * Handles the delivery cell's events in the services cell (a consumer: in order, exactly once, its position
 * stored in this transaction). Only items the services cell owns matter; the rest are passed over.
 */
export function itemsFollower(deps: Pick<DossiersDeps, 'journal'>) {
  const { journal } = deps;
  return async (trx: Trx, e: JournalEvent): Promise<void> => {
    switch (e.type) {
      case 'delivery.item.accepted': {
        const p = e.payload as AcceptedPayload;
        if (p.owner !== 'services') return;
        const ref = parseLegKey(p.owner_key);
        if (ref === undefined) return;
        const leg = (await repo.findLegs(trx, ref.dossier)).find((l) => Number(l.leg_no) === ref.leg_no);
        if (leg === undefined || leg.state !== 'requested') return;
        await journal.append(trx, legPosted, {
          stream: ref.dossier,
          actor: ACTOR,
          office: e.office,
          payload: { dossier: ref.dossier, leg_no: ref.leg_no, item: p.id, source_seq: e.seq.toString() },
        });
        return;
      }
      case 'delivery.item.delivered': {
        const p = e.payload as DeliveredPayload;
        const leg = await repo.findLegByItem(trx, p.item);
        if (leg === undefined || leg.state !== 'posted') return;
        const dossier = leg.dossier_id;
        const common = { dossier, leg_no: Number(leg.leg_no), item: p.item, source_seq: e.seq.toString() };
        const returning = p.returning === true;
        if (leg.kind !== 'back' && !returning) {
          const d = await loadDossier(trx, dossier);
          const procedure = (await findProcedure(trx, d.procedure_code))!;
          await journal.append(trx, handedOver, {
            stream: dossier,
            actor: e.actor,
            office: e.office,
            payload: {
              ...common,
              received_by: p.recipient_name.slice(0, 100),
              signature: p.signature,
              deadline_day: addWorkingDays(vietnamDay(new Date(e.at)), procedure.deadline_days),
            },
          });
          return;
        }
        await journal.append(trx, legEnded, {
          stream: dossier,
          actor: e.actor,
          office: e.office,
          payload: { ...common, returning, received_by: p.recipient_name.slice(0, 100) },
        });
        const d = await loadDossier(trx, dossier);
        if (d.state === 'result_delivered')
          await notify(
            deps,
            trx,
            d,
            `Ho so ${dossier}: ket qua da duoc giao cho ${p.recipient_name.slice(0, 60)}.`,
          );
        return;
      }
      case 'delivery.item.attempted': {
        const p = e.payload as AttemptedPayload;
        const leg = await repo.findLegByItem(trx, p.item);
        if (leg === undefined || leg.state !== 'posted') return;
        await journal.append(trx, legAttempted, {
          stream: leg.dossier_id,
          actor: e.actor,
          office: e.office,
          payload: {
            dossier: leg.dossier_id,
            leg_no: Number(leg.leg_no),
            item: p.item,
            reason: p.reason.slice(0, 100),
            source_seq: e.seq.toString(),
          },
        });
        return;
      }
      default:
        return;
    }
  };
}

/** Where the outbox's messages go: an SMS gateway in production, the log in the demo. */
export interface NoticeSender {
  send(notice: { id: string; channel: string; recipient: string; body: string }): Promise<void>;
}

/** Sends what the outbox holds, each message recorded as sent once its sender took it. */
export async function sendNotices(
  deps: Pick<DossiersDeps, 'db' | 'journal'>,
  sender: NoticeSender,
  limit = 200,
): Promise<number> {
  let sent = 0;
  for (const n of await repo.findUnsentNotices(deps.db, limit)) {
    await sender.send({ id: n.id, channel: n.channel, recipient: n.recipient, body: n.body });
    await deps.journal.transaction(async (trx) => {
      await deps.journal.append(trx, noticeSent, {
        stream: n.dossier_id,
        actor: ACTOR,
        office: null,
        payload: { id: n.id },
      });
    });
    sent++;
  }
  return sent;
}
