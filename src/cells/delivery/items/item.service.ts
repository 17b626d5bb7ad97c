// The items module: acceptance and scans (each in its own file), and what staff and strangers read of an
// item: the item, its events, its public tracking, lists.
import { parseS10 } from '../../../platform/s10.ts';
import { found } from '../../../platform/errors.ts';
import { DeliveryError } from '../delivery-error.ts';
import { buildNetwork, SERVICES, type Network, type Service } from '../network/index.ts';
import { createAcceptance } from './acceptance.service.ts';
import { maskName, maskPhone } from '../../../platform/text.ts';
import { toItem, type Items, type ItemsDeps } from './item.model.ts';
import * as repo from './item.repository.ts';
import { createScans } from './scan.service.ts';
import { EVENT_CODES, REASONS, type EventCode } from './tracking.ts';

/** Creates the items module over the delivery cell's database and journal. */
export function createItems(deps: ItemsDeps): Items {
  const { db } = deps;
  const networks = new WeakMap<object, Network>();
  async function network(): Promise<Network> {
    const snap = await deps.network.snapshot();
    let n = networks.get(snap);
    if (n === undefined) {
      n = buildNetwork(snap);
      networks.set(snap, n);
    }
    return n;
  }

  async function get(id: string): Promise<repo.ItemRow> {
    const s10 = parseS10(id).id;
    return found(
      await repo.findItem(db, s10),
      () =>
        new DeliveryError('item_not_found', `No item has id ${s10}`, `Không tìm thấy bưu gửi ${s10}`, {
          item: s10,
        }),
    );
  }

  return {
    network,
    ...createAcceptance(deps, network),
    ...createScans(deps, network),
    get: async (id) => toItem(await get(id)),
    async acceptedSeq(id) {
      const [first] = await repo.findItemEvents(db, (await get(id)).id);
      return first!.seq;
    },
    async events(id) {
      const row = await get(id);
      return (await repo.findItemEvents(db, row.id)).map((e) => ({
        n: Number(e.n),
        code: e.code as EventCode,
        description: EVENT_CODES[e.code as EventCode].en,
        description_vi: EVENT_CODES[e.code as EventCode].vi,
        at: e.at,
        office_id: e.office_id,
        actor: e.actor,
        reason: e.reason,
        action: e.action,
        bag_id: e.bag_id,
        dispatch_id: e.dispatch_id,
        round_id: e.round_id,
      }));
    },
    async track(id) {
      const row = await get(id);
      const net = await network();
      const events = await repo.findItemEvents(db, row.id);
      const officeName = (o: string) => {
        const x = net.snapshot.offices.get(o);
        return x === undefined ? o : `${x.name} (${x.postcode})`;
      };
      return {
        id: row.id,
        service: SERVICES[row.service as Service].nameVi,
        status: row.status,
        destination_province: net.snapshot.provinces?.get(row.recipient_province) ?? row.recipient_province,
        recipient: maskName(row.recipient_name),
        recipient_phone: maskPhone(row.recipient_phone),
        events: events.map((e) => ({
          code: e.code,
          description: EVENT_CODES[e.code as EventCode].en,
          description_vi: EVENT_CODES[e.code as EventCode].vi,
          at: e.at,
          office: officeName(e.office_id),
          reason: e.reason === null ? null : (REASONS[e.reason as keyof typeof REASONS]?.vi ?? e.reason),
        })),
      };
    },
    async list(q) {
      const r = await repo.listItems(db, q);
      return { items: r.rows.map(toItem), total: Number(r.total), limit: q.limit, offset: q.offset };
    },
  };
}
