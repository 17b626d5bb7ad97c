// Loose scans at an office (posting, leaving, arriving, holding for pick-up): checked against each item's
// state and route, recorded in one transaction, a repeat of an item's last scan accepted once.
import { isDomainError } from '../../../platform/errors.ts';
import { parseS10 } from '../../../platform/s10.ts';
import { DeliveryError } from '../delivery-error.ts';
import type { Network } from '../network/index.ts';
import { scansRecorded, stateOf } from './item.events.ts';
import type { Items, ItemsDeps } from './item.model.ts';
import * as repo from './item.repository.ts';
import { EVENT_CODES, REASONS, transition, type EventCode, type ItemState } from './tracking.ts';

/** Codes a loose scan may record; going out, failing and delivering go through rounds and the counter. */
export const LOOSE_CODES: readonly EventCode[] = ['EMA', 'EMC', 'EDD', 'EDE', 'EMG', 'EDH'];

/** The scanning job of the items module. */
export function createScans(deps: ItemsDeps, network: () => Promise<Network>): Pick<Items, 'scan'> {
  const { journal } = deps;
  return {
    async scan(scans, actor) {
      if (scans.length === 0 || scans.length > 10_000)
        throw new DeliveryError(
          'invalid_scan',
          'A batch holds 1 to 10,000 scans',
          'Mỗi lần gửi từ 1 đến 10.000 lượt quét',
          {},
        );
      const net = await network();
      const parsed = scans.map((s, i) => {
        const bad = (field: string, en: string, vi: string) =>
          new DeliveryError('invalid_scan', `Scan ${i + 1}: ${field} ${en}`, `Lượt quét ${i + 1}: ${vi}`, {
            row: i + 1,
            field,
          });
        let item: string;
        try {
          item = parseS10(s.item).id;
        } catch (err) {
          if (isDomainError(err)) throw bad('item', err.message, err.messageVi);
          throw err;
        }
        if (!(LOOSE_CODES as readonly string[]).includes(s.code))
          throw bad(
            'code',
            `must be one of ${LOOSE_CODES.join(', ')} (rounds record EDG, EMH and EMI)`,
            `mã sự kiện phải là một trong ${LOOSE_CODES.join(', ')}`,
          );
        let office;
        try {
          office = net.office(s.office);
        } catch (err) {
          if (isDomainError(err)) throw bad('office', err.message, err.messageVi);
          throw err;
        }
        // Only holding for pick-up says why (the addressee asked, the address could not be found…).
        const reason = s.reason ?? null;
        if (reason !== null && (s.code !== 'EDH' || !(reason in REASONS)))
          throw bad(
            'reason',
            s.code === 'EDH' ? `must be one of ${Object.keys(REASONS).join(', ')}` : `is only given with EDH`,
            'mã lý do không hợp lệ',
          );
        if ((s.action ?? null) !== null)
          throw bad(
            'action',
            'is given only with an unsuccessful delivery, on a round',
            'hướng xử lý chỉ ghi khi phát không thành công',
          );
        return {
          row: i + 1,
          item,
          code: s.code as EventCode,
          office: office.id,
          centre: office.type === 'sorting_centre',
          reason,
        };
      });
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const rows = new Map(
          (await repo.findItemStates(trx, [...new Set(parsed.map((p) => p.item))])).map((r) => [r.id, r]),
        );
        const states = new Map<string, ItemState>();
        const batches: Array<{
          office: string;
          centre: boolean;
          scans: Array<{ item: string; code: EventCode; reason: string | null }>;
        }> = [];
        let recorded = 0;
        let duplicates = 0;
        for (const p of parsed) {
          const row = rows.get(p.item);
          if (row === undefined)
            throw new DeliveryError(
              'item_not_found',
              `Scan ${p.row}: no item has id ${p.item}`,
              `Lượt quét ${p.row}: không có bưu gửi ${p.item}`,
              {
                row: p.row,
                item: p.item,
              },
            );
          if (row.bag_id !== null && p.code !== 'EMA')
            throw new DeliveryError(
              'invalid_scan',
              `Scan ${p.row}: ${p.item} travels in bag ${row.bag_id}: scan the bag`,
              `Lượt quét ${p.row}: bưu gửi ${p.item} đang trong túi ${row.bag_id}, hãy quét túi`,
              {
                row: p.row,
                item: p.item,
                bag: row.bag_id,
              },
            );
          const state = states.get(p.item) ?? stateOf(row);
          const r = transition(state, { code: p.code, office: p.office, centre: p.centre });
          if (!r.ok)
            throw new DeliveryError(
              r.wrongOffice === true ? 'wrong_office' : 'illegal_event_order',
              `Scan ${p.row}: ${p.code} of ${p.item} at ${p.office}: ${r.en}`,
              `Lượt quét ${p.row}: ${EVENT_CODES[p.code].vi} – ${p.item}: ${r.vi}`,
              {
                row: p.row,
                item: p.item,
                code: p.code,
                status: state.status,
              },
            );
          if (r.duplicate) {
            duplicates++;
            continue;
          }
          // A loose item on its way arrives only at a centre of its route from where it left: a centre
          // elsewhere cannot claim it (a bag, likewise, only where it was addressed).
          if (
            p.code === 'EDD' &&
            state.location !== null &&
            !net.route(state.location, state.target).includes(p.office)
          )
            throw new DeliveryError(
              'wrong_route',
              `Scan ${p.row}: ${p.item} left ${state.location} for ${state.target}; ${p.office} is not on its way: send it on to where it was sent`,
              `Lượt quét ${p.row}: bưu gửi ${p.item} không đi qua trung tâm này; hãy chuyển tiếp đúng tuyến`,
              { row: p.row, item: p.item, code: p.code, from: state.location, to: state.target },
            );
          states.set(p.item, r.state);
          // One event per run of scans at the same office, so that the order of scans is the journal's.
          const last = batches.at(-1);
          const scan = { item: p.item, code: p.code, reason: p.reason };
          if (last !== undefined && last.office === p.office) last.scans.push(scan);
          else batches.push({ office: p.office, centre: p.centre, scans: [scan] });
          recorded++;
        }
        for (const b of batches)
          for (let i = 0; i < b.scans.length; i += 10_000)
            await journal.append(trx, scansRecorded, {
              stream: `scans:${b.office}`,
              actor,
              office: b.office,
              payload: { office: b.office, centre: b.centre, scans: b.scans.slice(i, i + 10_000) },
            });
        return { recorded, duplicates };
      });
    },
  };
}
