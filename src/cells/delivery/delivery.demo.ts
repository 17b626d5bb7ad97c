// The demo's parcels: each demo shipper of a few provinces announces parcels across the country; they are
// posted, carried along their routes, and the first to arrive go out on rounds where most are delivered
// with their COD and some fail. At the demo's own office (01100, where `bt.01100` works) the day is left
// open: parcels lie at the office, today's round holds parcels not yet delivered, one waits at the counter
// for pick-up with its COD. Deterministic (seeded), so two demos look alike.
import { createPeople, type Names } from '../../platform/people.ts';
import type { AcceptInput, Items } from './items/index.ts';
import type { Rounds } from './rounds/index.ts';
import type { Transport } from './transport/index.ts';

/** How the demo finds its staff: by username, as the demo network named them. */
export interface DemoStaff {
  byUsername(username: string): Promise<{ id: string; office_id: string } | undefined>;
}

export interface DemoParcelsResult {
  items: number;
  delivered: number;
  failed: number;
  /** At the demo office: its open round, what is on it, what waits to go out and what is held for pick-up. */
  desk?: { round: string; out: string[]; waiting: string[]; held: string[] };
}

/** The demo office whose day is left open for its people to work. */
export const DEMO_DESK = '01100';

/** Loads the demo parcels on a delivery cell that has none (does nothing otherwise). */
export async function loadDemoParcels(
  delivery: { items: Items; transport: Transport; rounds: Rounds },
  staff: DemoStaff,
  names: Names,
  options: { provinces?: readonly string[]; perShipper?: number; year: number; desk?: string },
): Promise<DemoParcelsResult> {
  const out: DemoParcelsResult = { items: 0, delivered: 0, failed: 0 };
  if ((await delivery.items.list({ limit: 1, offset: 0 })).total > 0) return out;
  const net = await delivery.items.network();
  const provinces = options.provinces ?? ['01', '48', '79'];
  const people = createPeople(names, { seed: 2026, year: options.year });
  // Communes with their own post office, by province: where demo parcels go.
  const served = new Map<string, string[]>();
  for (const o of net.snapshot.offices.values())
    if (o.type === 'post_office' && o.commune_code !== null && o.province_code !== null)
      served.set(o.province_code, [...(served.get(o.province_code) ?? []), o.commune_code]);
  const arrived: string[] = [];
  for (const pp of provinces) {
    const shipper = await staff.byUsername(`shop.${pp}`);
    const communes = served.get(pp);
    if (shipper === undefined || communes === undefined) continue;
    const office = net.office(shipper.office_id);
    const inputs: AcceptInput[] = [];
    for (let i = 0; i < (options.perShipper ?? 40); i++) {
      const to = people.pick([...served.get(people.pick(provinces))!]);
      const recipient = people.next({ minAge: 18, maxAge: 80 });
      const cod = people.random() < 0.7 ? BigInt(50 + Math.floor(people.random() * 95)) * 10_000n : 0n;
      inputs.push({
        key: `DEMO-${pp}-${String(i + 1).padStart(4, '0')}`,
        service: people.random() < 0.8 ? 'ecommerce' : 'ems',
        sender: {
          name: `Shop demo ${pp}`,
          phone: '0912000000',
          address: office.name,
          commune: office.commune_code ?? communes[0]!,
        },
        recipient: {
          name: recipient.full_name,
          phone: recipient.phone,
          address: `Số ${1 + Math.floor(people.random() * 200)}`,
          commune: to,
        },
        weight_g: 200 + Math.floor(people.random() * 2800),
        length_cm: 20,
        width_cm: 15,
        height_cm: 10,
        cod_amount: cod.toString(),
      });
    }
    const { items } = await delivery.items.announce(
      inputs,
      { id: shipper.id, office_id: office.id },
      shipper.id,
    );
    out.items += items.length;
    await delivery.items.scan(
      items.map((i) => ({ item: i.id, code: 'EMA', office: office.id })),
      shipper.id,
    );
    // Three parcels in five go all the way, one stops at the first sorting centre, one waits at the counter.
    const moving = items.filter((_, k) => k % 5 < 4);
    const byTarget = new Map<string, string[]>();
    for (const [k, i] of moving.entries()) {
      const key =
        k % 4 === 3
          ? `stop:${net.route(office.id, i.delivery_office_id)[1] ?? i.delivery_office_id}`
          : i.delivery_office_id;
      byTarget.set(key, [...(byTarget.get(key) ?? []), i.id]);
    }
    for (const [key, ids] of byTarget) {
      const stop = key.startsWith('stop:');
      const target = stop ? key.slice(5) : key;
      const legs = stop ? [office.id, target] : net.route(office.id, target);
      for (let h = 0; h + 1 < legs.length; h++) {
        const bag = await delivery.transport.closeBag(
          { office: legs[h]!, destination: legs[h + 1]!, items: ids },
          'system:demo',
        );
        await delivery.transport.dispatch(
          { office: legs[h]!, destination: legs[h + 1]!, bags: [bag.id] },
          'system:demo',
        );
        await delivery.transport.receiveBag(bag.id, legs[h + 1]!, 'system:demo');
      }
      if (!stop) arrived.push(...ids);
    }
  }
  // The arrived parcels go out on their offices' rounds: two in three delivered, the rest attempted.
  const byOffice = new Map<string, string[]>();
  for (const id of arrived) {
    const i = await delivery.items.get(id);
    byOffice.set(i.delivery_office_id, [...(byOffice.get(i.delivery_office_id) ?? []), id]);
  }
  for (const [officeId, ids] of byOffice) {
    const o = net.office(officeId);
    const postman = await staff.byUsername(`bt.${o.postcode}`);
    const manager = await staff.byUsername(`tbc.${o.postcode}`);
    if (postman === undefined || manager === undefined) continue;
    const round = await delivery.rounds.open(
      { office: officeId, postman: postman.id, items: ids },
      postman.id,
    );
    for (const id of ids) {
      const i = await delivery.items.get(id);
      if ((out.delivered + out.failed) % 3 === 2 || i.needs_code) {
        await delivery.rounds.attempt(round.id, { item: id, reason: '11', action: 'A' }, postman.id);
        out.failed++;
      } else {
        await delivery.rounds.deliver(
          round.id,
          {
            item: id,
            recipient_name: i.recipient.name,
            signature: `signature:demo-${id}`,
            cod_collected: i.cod_amount,
          },
          postman.id,
        );
        out.delivered++;
      }
    }
    const r = await delivery.rounds.get(round.id);
    await delivery.rounds.close(round.id, r.cod_collected, manager.id);
  }
  const desk = await loadDeskDay(delivery, staff, people, options.desk ?? DEMO_DESK, provinces);
  if (desk !== undefined) {
    out.desk = desk;
    out.items += desk.out.length + desk.waiting.length + desk.held.length + 1;
    out.delivered += 1;
  }
  return out;
}

/**
 * The demo office's day: ten parcels from the other provinces' shippers carried to it; on an earlier round
 * one is delivered and one (with COD) is held for pick-up at the counter, then today's round takes five, not
 * yet delivered (four with COD), and three lie at the office to go out (two with COD).
 */
async function loadDeskDay(
  delivery: { items: Items; transport: Transport; rounds: Rounds },
  staff: DemoStaff,
  people: ReturnType<typeof createPeople>,
  postcode: string,
  provinces: readonly string[],
): Promise<DemoParcelsResult['desk']> {
  const net = await delivery.items.network();
  const office = [...net.snapshot.offices.values()].find((o) => o.postcode === postcode);
  const postman = await staff.byUsername(`bt.${postcode}`);
  const manager = await staff.byUsername(`tbc.${postcode}`);
  if (office?.commune_code == null || postman === undefined || manager === undefined) return undefined;
  const ids: string[] = [];
  for (const pp of provinces.filter((p) => p !== postcode.slice(0, 2))) {
    const shipper = await staff.byUsername(`shop.${pp}`);
    if (shipper === undefined) continue;
    const from = net.office(shipper.office_id);
    const inputs: AcceptInput[] = [];
    for (let i = 0; i < 5; i++) {
      const recipient = people.next({ minAge: 18, maxAge: 80 });
      const k = ids.length + i;
      inputs.push({
        key: `DEMO-${postcode}-${String(k + 1).padStart(4, '0')}`,
        service: 'ecommerce',
        sender: {
          name: `Shop demo ${pp}`,
          phone: '0912000000',
          address: from.name,
          commune: from.commune_code!,
        },
        recipient: {
          name: recipient.full_name,
          phone: recipient.phone,
          address: `Số ${1 + Math.floor(people.random() * 200)}`,
          commune: office.commune_code,
        },
        weight_g: 300 + Math.floor(people.random() * 2000),
        length_cm: 20,
        width_cm: 15,
        height_cm: 10,
        // Every parcel but the fifth and the tenth carries cash on delivery.
        cod_amount: k % 5 === 4 ? '0' : String(BigInt(150 + Math.floor(people.random() * 50) * 10) * 1000n),
      });
    }
    const { items } = await delivery.items.announce(
      inputs,
      { id: shipper.id, office_id: from.id },
      shipper.id,
    );
    await delivery.items.scan(
      items.map((i) => ({ item: i.id, code: 'EMA', office: from.id })),
      shipper.id,
    );
    const legs = net.route(from.id, office.id);
    for (let h = 0; h + 1 < legs.length; h++) {
      const bag = await delivery.transport.closeBag(
        { office: legs[h]!, destination: legs[h + 1]!, items: items.map((i) => i.id) },
        'system:demo',
      );
      await delivery.transport.dispatch(
        { office: legs[h]!, destination: legs[h + 1]!, bags: [bag.id] },
        'system:demo',
      );
      await delivery.transport.receiveBag(bag.id, legs[h + 1]!, 'system:demo');
    }
    ids.push(...items.map((i) => i.id));
  }
  if (ids.length < 10) return undefined;
  // The morning's first round: one delivered, one held for pick-up at the counter (its COD paid there).
  const early = await delivery.rounds.open(
    { office: office.id, postman: postman.id, items: ids.slice(0, 2) },
    postman.id,
  );
  const delivered = await delivery.items.get(ids[0]!);
  await delivery.rounds.deliver(
    early.id,
    {
      item: delivered.id,
      recipient_name: delivered.recipient.name,
      signature: `signature:demo-${delivered.id}`,
      cod_collected: delivered.cod_amount,
    },
    postman.id,
  );
  await delivery.rounds.attempt(early.id, { item: ids[1]!, reason: '11', action: 'B' }, postman.id);
  const r = await delivery.rounds.get(early.id);
  await delivery.rounds.close(early.id, r.cod_collected, manager.id);
  // Today's round, left for the postman to deliver or fail in the app.
  const round = await delivery.rounds.open(
    { office: office.id, postman: postman.id, items: ids.slice(2, 7) },
    postman.id,
  );
  return { round: round.id, out: ids.slice(2, 7), waiting: ids.slice(7), held: [ids[1]!] };
}
