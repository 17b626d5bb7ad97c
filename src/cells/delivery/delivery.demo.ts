// The demo's parcels: each demo shipper of a few provinces announces parcels across the country; they are
// posted, carried along their routes, and the first to arrive go out on rounds where most are delivered
// with their COD and some fail. Deterministic (seeded), so two demos look alike.
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
}

/** Loads the demo parcels on a delivery cell that has none (does nothing otherwise). */
export async function loadDemoParcels(
  delivery: { items: Items; transport: Transport; rounds: Rounds },
  staff: DemoStaff,
  names: Names,
  options: { provinces?: readonly string[]; perShipper?: number; year: number },
): Promise<DemoParcelsResult> {
  const out = { items: 0, delivered: 0, failed: 0 };
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
  return out;
}
