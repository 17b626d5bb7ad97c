import type { Kysely } from '../../../storage/index.ts';
import type { Journal, RequestKey, RequestKeys } from '../../../journal/index.ts';
import { found } from '../../../platform/errors.ts';
import { DeliveryError } from '../delivery-error.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import {
  findItemStates,
  itemRowsInOrder,
  lastSerial,
  readItemList,
  stateOf,
  transition,
  type Items,
} from '../items/index.ts';
import type { Network } from '../network/index.ts';
import { bagClosed, bagReceived, dispatchDeparted } from './bag.events.ts';
import * as repo from './bag.repository.ts';

export interface Bag {
  id: string;
  origin_office_id: string;
  dest_office_id: string;
  status: 'closed' | 'dispatched' | 'received';
  item_count: number;
  weight_g: number;
  closed_at: string;
  closed_by: string;
  dispatch_id: string | null;
  received_at: string | null;
  items: string[];
}

export interface Dispatch {
  id: string;
  origin_office_id: string;
  dest_office_id: string;
  status: 'departed' | 'arrived';
  bag_count: number;
  item_count: number;
  departed_at: string;
  arrived_at: string | null;
  bags: string[];
}

export interface Transport {
  /**
   * Closes items lying at an office into a bag for the next office on their way; the same request under
   * the same idempotency key answers the first bag.
   */
  closeBag(
    input: { office: string; destination: string; items: readonly string[] },
    actor: string,
    request?: RequestKey,
  ): Promise<Bag>;
  /**
   * Sends closed bags from an office to the next office: every item inside departs (EMC or EDE); the same
   * request under the same idempotency key answers the first dispatch.
   */
  dispatch(
    input: { office: string; destination: string; bags: readonly string[] },
    actor: string,
    request?: RequestKey,
  ): Promise<Dispatch>;
  /**
   * Scans a bag in at the office it was sent to: every item inside arrives (EDD at a sorting centre, EMG
   * at the delivery office). A second scan of the same bag there is accepted once; anywhere else it is refused.
   */
  receiveBag(bagId: string, office: string, actor: string): Promise<{ bag: Bag; duplicate: boolean }>;
  getBag(id: string): Promise<Bag>;
  getDispatch(id: string): Promise<Dispatch>;
  listBags(q: { office?: string; status?: string; limit: number }): Promise<Bag[]>;
}

export interface TransportDeps {
  db: Kysely<DeliveryTables>;
  journal: Journal<DeliveryTables>;
  items: Pick<Items, 'network'>;
  requests: RequestKeys<DeliveryTables>;
}

const BAG = /^BG\d{16}$/;
const DISPATCH = /^DS\d{16}$/;

function toBag(r: repo.BagRow, items: string[]): Bag {
  return {
    id: r.id,
    origin_office_id: r.origin_office_id,
    dest_office_id: r.dest_office_id,
    status: r.status as Bag['status'],
    item_count: Number(r.item_count),
    weight_g: Number(r.weight_g),
    closed_at: r.closed_at,
    closed_by: r.closed_by,
    dispatch_id: r.dispatch_id,
    received_at: r.received_at,
    items,
  };
}

/** Creates the bags and dispatches module. */
export function createTransport(deps: TransportDeps): Transport {
  const { db, journal } = deps;

  async function nextId(
    trx: Kysely<DeliveryTables>,
    kind: 'BG' | 'DS',
    from: string,
    to: string,
    net: Network,
  ) {
    const a = net.office(from).postcode;
    const b = net.office(to).postcode;
    const serial = (await lastSerial(trx, `${kind}${a}`)) + 1n;
    if (serial > 999_999n)
      throw new DeliveryError(
        'invalid_bag',
        `Office ${a} has used up its ${kind} serials`,
        `Bưu cục ${a} đã hết số hiệu ${kind}`,
        {},
      );
    return `${kind}${a}${b}${serial.toString().padStart(6, '0')}`;
  }

  async function bag(trx: Kysely<DeliveryTables>, id: string): Promise<repo.BagRow> {
    const key = typeof id === 'string' ? id.replace(/\s+/g, '').toUpperCase() : '';
    return found(
      BAG.test(key) ? await repo.findBag(trx, key) : undefined,
      () =>
        new DeliveryError(
          'bag_not_found',
          `No bag has id ${JSON.stringify(String(id).slice(0, 30))}`,
          `Không tìm thấy túi ${String(id).slice(0, 30)}: hãy quét lại mã túi`,
          { bag: String(id).slice(0, 30) },
        ),
    );
  }

  async function dispatchOf(trx: Kysely<DeliveryTables>, id: string): Promise<Dispatch> {
    const key = typeof id === 'string' ? id.trim().toUpperCase() : '';
    const r = found(
      DISPATCH.test(key) ? await repo.findDispatch(trx, key) : undefined,
      () =>
        new DeliveryError(
          'dispatch_not_found',
          `No dispatch has id ${JSON.stringify(String(id).slice(0, 30))}`,
          `Không tìm thấy chuyến thư ${String(id).slice(0, 30)}`,
          {},
        ),
    );
    return {
      id: r.id,
      origin_office_id: r.origin_office_id,
      dest_office_id: r.dest_office_id,
      status: r.status as Dispatch['status'],
      bag_count: Number(r.bag_count),
      item_count: Number(r.item_count),
      departed_at: r.departed_at,
      arrived_at: r.arrived_at,
      bags: (await repo.dispatchBags(trx, r.id)).map((b) => b.id),
    };
  }

  const withItems = async (r: repo.BagRow) => toBag(r, await repo.bagItems(db, r.id));

  return {
    async closeBag(input, actor, request) {
      const net = await deps.items.network();
      const office = net.office(input.office);
      const destination = net.office(input.destination);
      if (office.id === destination.id)
        throw new DeliveryError(
          'invalid_bag',
          'A bag goes to another office, not the one closing it',
          'Túi phải gửi đến bưu cục khác',
          {},
        );
      const ids = readItemList(input.items, 1000, 'invalid_bag', { en: 'A bag', vi: 'Mỗi túi' });
      return journal.transaction(async (trx) => {
        const first = await deps.requests.first(trx, request);
        if (first !== null) return toBag((await repo.findBag(trx, first))!, await repo.bagItems(trx, first));
        const rows = await itemRowsInOrder(trx, ids);
        let weight = 0n;
        for (const [i, r] of rows.entries()) {
          const id = r.id;
          if (r.bag_id !== null)
            throw new DeliveryError(
              'invalid_bag',
              `Item ${i + 1} (${id}) is already in bag ${r.bag_id}`,
              `Bưu gửi ${id} đã ở trong túi ${r.bag_id}`,
              { row: i + 1, item: id },
            );
          const s = stateOf(r);
          if ((s.status !== 'at_office' && s.status !== 'at_centre') || s.location !== office.id)
            throw new DeliveryError(
              'wrong_office',
              `Item ${i + 1} (${id}) is ${s.status} at ${s.location ?? 'no office'}, not lying at ${office.id}`,
              `Bưu gửi ${id} không nằm tại bưu cục này`,
              {
                row: i + 1,
                item: id,
              },
            );
          const hop = net.nextHop(office.id, s.target);
          if (hop !== destination.id)
            throw new DeliveryError(
              'wrong_route',
              `Item ${i + 1} (${id}) goes next to ${hop ?? 'nowhere (it is home)'}, not ${destination.id}`,
              `Bưu gửi ${id} không đi theo tuyến đến ${destination.name}`,
              {
                row: i + 1,
                item: id,
                next: hop ?? null,
              },
            );
          weight += r.weight_g;
        }
        const id = await nextId(trx, 'BG', office.id, destination.id, net);
        await journal.append(trx, bagClosed, {
          stream: id,
          actor,
          office: office.id,
          payload: {
            bag: id,
            origin: office.id,
            destination: destination.id,
            items: ids,
            weight_g: Number(weight),
          },
        });
        await deps.requests.answered(trx, request, id, { actor, office: office.id });
        return toBag((await repo.findBag(trx, id))!, ids);
      });
    },
    async dispatch(input, actor, request) {
      const net = await deps.items.network();
      const office = net.office(input.office);
      const destination = net.office(input.destination);
      if (input.bags.length === 0 || input.bags.length > 200)
        throw new DeliveryError(
          'invalid_bag',
          'A dispatch carries 1 to 200 bags',
          'Mỗi chuyến thư gồm từ 1 đến 200 túi',
          {},
        );
      return journal.transaction(async (trx) => {
        const first = await deps.requests.first(trx, request);
        if (first !== null) return dispatchOf(trx, first);
        const bags: repo.BagRow[] = [];
        for (const raw of input.bags) {
          const b = await bag(trx, raw);
          if (bags.some((x) => x.id === b.id))
            throw new DeliveryError(
              'invalid_bag',
              `Bag ${b.id} is listed twice`,
              `Túi ${b.id} bị quét hai lần`,
              {
                bag: b.id,
              },
            );
          if (b.status !== 'closed')
            throw new DeliveryError(
              'bag_not_closed',
              `Bag ${b.id} is ${b.status}, not waiting to leave`,
              `Túi ${b.id} không ở trạng thái chờ chuyển`,
              { bag: b.id },
            );
          if (b.origin_office_id !== office.id)
            throw new DeliveryError(
              'wrong_office',
              `Bag ${b.id} was closed at ${b.origin_office_id}, not here`,
              `Túi ${b.id} không thuộc bưu cục này`,
              { bag: b.id },
            );
          if (b.dest_office_id !== destination.id)
            throw new DeliveryError(
              'wrong_route',
              `Bag ${b.id} is for ${b.dest_office_id}, not ${destination.id}`,
              `Túi ${b.id} gửi đến đơn vị khác`,
              { bag: b.id },
            );
          bags.push(b);
        }
        const items: string[] = [];
        for (const b of bags) items.push(...(await repo.bagItems(trx, b.id)));
        const centre = office.type === 'sorting_centre';
        const code = centre ? 'EDE' : 'EMC';
        for (const r of await findItemStates(trx, items)) {
          const out = transition(stateOf(r), { code, office: office.id, centre });
          if (!out.ok || out.duplicate)
            throw new DeliveryError(
              'illegal_event_order',
              `Item ${r.id} cannot leave: ${out.ok ? 'it already left' : out.en}`,
              `Bưu gửi ${r.id} không thể chuyển đi`,
              { item: r.id },
            );
        }
        const id = await nextId(trx, 'DS', office.id, destination.id, net);
        await journal.append(trx, dispatchDeparted, {
          stream: id,
          actor,
          office: office.id,
          payload: {
            dispatch: id,
            origin: office.id,
            destination: destination.id,
            code,
            bags: bags.map((b) => b.id),
            items,
          },
        });
        await deps.requests.answered(trx, request, id, { actor, office: office.id });
        return dispatchOf(trx, id);
      });
    },
    async receiveBag(bagId, officeId, actor) {
      const net = await deps.items.network();
      const office = net.office(officeId);
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const b = await bag(trx, bagId);
        if (b.dest_office_id !== office.id)
          throw new DeliveryError(
            'wrong_office',
            `Bag ${b.id} is addressed to ${b.dest_office_id}, not ${office.id}: send it on unopened`,
            `Túi ${b.id} không gửi đến bưu cục này: không mở, chuyển tiếp đúng nơi nhận`,
            {
              bag: b.id,
              destination: b.dest_office_id,
            },
          );
        const items = await repo.bagItems(trx, b.id);
        if (b.status === 'received') return { bag: toBag(b, items), duplicate: true };
        if (b.status !== 'dispatched' || b.dispatch_id === null)
          throw new DeliveryError(
            'bag_not_closed',
            `Bag ${b.id} has not been dispatched yet`,
            `Túi ${b.id} chưa được chuyển đi`,
            { bag: b.id },
          );
        const centre = office.type === 'sorting_centre';
        const code = centre ? 'EDD' : 'EMG';
        for (const r of await findItemStates(trx, items)) {
          const out = transition(stateOf(r), { code, office: office.id, centre });
          if (!out.ok)
            throw new DeliveryError(
              out.wrongOffice === true ? 'wrong_route' : 'illegal_event_order',
              `Item ${r.id} in bag ${b.id}: ${out.en}`,
              `Bưu gửi ${r.id} trong túi ${b.id}: ${out.vi}`,
              {
                item: r.id,
                bag: b.id,
              },
            );
        }
        const others = (await repo.dispatchBags(trx, b.dispatch_id)).filter(
          (x) => x.id !== b.id && x.status !== 'received',
        );
        await journal.append(trx, bagReceived, {
          stream: b.id,
          actor,
          office: office.id,
          payload: {
            bag: b.id,
            office: office.id,
            code,
            dispatch: b.dispatch_id,
            items,
            dispatch_complete: others.length === 0,
          },
        });
        return { bag: toBag((await repo.findBag(trx, b.id))!, items), duplicate: false };
      });
    },
    getBag: async (id) => withItems(await bag(db, id)),
    getDispatch: (id) => dispatchOf(db, id),
    async listBags(q) {
      return Promise.all((await repo.listBags(db, q)).map(withItems));
    },
  };
}
