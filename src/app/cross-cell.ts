// What one cell needs of another, wired in-process: delivery's view of core's network and place names,
// finance's alarms raised as security's alerts, the services cell's places and the carrier of its dossiers.
import type { Core, CoreTables } from '../cells/core/index.ts';
import type { Delivery, NetworkSnapshot, NetworkSource } from '../cells/delivery/index.ts';
import type { DossierCarrier, DossierPlaces, NoticeSender } from '../cells/services/index.ts';
import { ORDER_BOX, type OrderCarrier, type OrderLinks } from '../cells/retail/index.ts';
import type { LedgerAlarm } from '../cells/finance/index.ts';
import type { Incidents } from '../cells/security/index.ts';
import type { Journal } from '../journal/index.ts';

/**
 * The delivery cell's view of the network, from the core cell in-process: rebuilt only when the core
 * journal has moved on (an office opened, moved or closed), so a busy counter does not reload 3,400 offices.
 */
export function networkFromCore(core: Core, coreJournal: Journal<CoreTables>): NetworkSource {
  let cached: { seq: bigint; snapshot: NetworkSnapshot } | undefined;
  return {
    async snapshot() {
      const { seq } = await coreJournal.head();
      if (cached?.seq === seq) return cached.snapshot;
      const { communes } = await core.offices.directory();
      const offices = new Map<
        string,
        NetworkSnapshot['offices'] extends ReadonlyMap<string, infer O> ? O : never
      >();
      for (let offset = 0; ; offset += 500) {
        const page = await core.offices.list({ status: 'open', limit: 500, offset });
        for (const o of page.items)
          offices.set(o.id, {
            id: o.id,
            type: o.type,
            name: o.name,
            postcode: o.postcode,
            province_code: o.province_code,
            commune_code: o.commune_code,
          });
        if (page.items.length < 500) break;
      }
      const provinces = new Map((await core.geo.listProvinces()).map((p) => [p.code, p.name]));
      cached = { seq, snapshot: { communes, offices, provinces } };
      return cached.snapshot;
    },
  };
}

/** Commune code -> "Phường Ba Đình, Thành phố Hà Nội", loaded from the geography once, on first use. */
export function placeNames(core: Core): (commune: string) => Promise<string> {
  let names: Promise<Map<string, string>> | undefined;
  const load = async () => {
    const out = new Map<string, string>();
    for (const p of await core.geo.listProvinces())
      for (let offset = 0; offset < p.commune_count; offset += 500)
        for (const c of (await core.geo.listCommunes(p.code, { limit: 500, offset })).items)
          out.set(c.code, `${c.name}, ${c.province_name}`);
    return out;
  };
  return async (commune) => {
    names ??= load();
    return (await names).get(commune) ?? commune;
  };
}

/**
 * Security's alert for a transfer of the platform's own that the ledger refused (finance's `alarm`): one per
 * transfer id while it is open. An alert that cannot be raised does not undo what finance records.
 */
export function ledgerAlarm(security: Incidents): (a: LedgerAlarm) => Promise<void> {
  return async (a) => {
    try {
      await security.raise({
        signal: 'system_transfer_refused',
        cell: 'finance',
        severity: a.severity,
        message: a.message.slice(0, 1000),
        evidence: a.evidence,
        key: a.transfer_id,
      });
    } catch (err) {
      process.emitWarning(`the alert for transfer ${a.transfer_id} could not be raised: ${String(err)}`);
    }
  };
}

/** The places the services cell needs: communes from the delivery cell's network, postcodes from core. */
export function dossierPlaces(core: Core, delivery: Delivery): DossierPlaces {
  return {
    async provinceOf(commune) {
      const net = await delivery.items.network();
      return net.snapshot.communes.has(commune) ? net.province(commune) : undefined;
    },
    async servingOffice(commune) {
      return (await delivery.items.network()).deliveryOffice(commune).id;
    },
    async postcode(office) {
      return (await core.offices.get(office)).postcode;
    },
  };
}

/**
 * The services cell's legs taken in by the delivery cell as prepaid items (the fees were taken with the
 * dossier), a dossier's document envelope: registered, 200 g, A4.
 */
export function dossierCarrier(delivery: Delivery): DossierCarrier {
  return {
    async send(leg) {
      const item = await delivery.items.acceptPrepaid(
        {
          service: 'registered',
          sender: leg.sender,
          recipient: leg.recipient,
          weight_g: 200,
          length_cm: 32,
          width_cm: 23,
          height_cm: 2,
          ...(leg.restricted_to === undefined ? {} : { restricted_to: leg.restricted_to }),
        },
        { office_id: leg.office_id, actor: leg.actor },
        { owner: 'services', key: leg.key },
      );
      return item.id;
    },
  };
}

/** The retail orders' view of the network (offices, communes) and of the delivery cell's parcel tariff. */
export function orderLinks(delivery: Delivery): OrderLinks {
  return {
    async office(id) {
      const o = (await delivery.items.network()).snapshot.offices.get(id);
      if (o === undefined || o.province_code === null) return undefined;
      return { id: o.id, province_code: o.province_code, postcode: o.postcode };
    },
    async communeExists(commune) {
      return (await delivery.items.network()).snapshot.communes.has(commune);
    },
    async shippingFee({ office, commune, weight_g }) {
      // The parcel's own tariff: the post collects its own goods' money without a COD fee.
      const q = await delivery.items.quote({
        service: 'parcel',
        sender: await officeParty(delivery, office),
        recipient: { name: 'Khách hàng', phone: '0912345678', address: '-', commune },
        weight_g,
        ...ORDER_BOX,
      });
      return q.postage;
    },
  };
}

/** The stock office as a parcel's sender: where a parcel that cannot be delivered comes back to. */
async function officeParty(delivery: Delivery, office: string, core?: Core) {
  const net = (await delivery.items.network()).office(office);
  const full = core === undefined ? undefined : await core.offices.get(office);
  return {
    name: net.name.slice(0, 100),
    // The post's hotline when the office has no phone of its own.
    phone: full?.phone ?? '1900545481',
    address: (full?.address ?? net.name).slice(0, 200),
    commune: net.commune_code ?? '',
  };
}

/** The retail cell's orders taken in by the delivery cell as parcels it owns, with COD when paid on delivery. */
export function orderCarrier(core: Core, delivery: Delivery): OrderCarrier {
  return {
    async send(o) {
      const item = await delivery.items.acceptPrepaid(
        {
          service: 'parcel',
          sender: await officeParty(delivery, o.office_id, core),
          recipient: o.recipient,
          weight_g: o.weight_g,
          ...ORDER_BOX,
          cod_amount: o.cod_amount.toString(),
        },
        { office_id: o.office_id, actor: o.actor },
        { owner: 'retail', key: o.key },
      );
      return item.id;
    },
  };
}

/** The demo's and the tests' notice sender: each message to the log, in one line. */
export function loggedNotices(log: (line: string) => void = () => {}): NoticeSender {
  return {
    async send(n) {
      log(`notice ${n.id} ${n.channel} to ${n.recipient}: ${n.body}`);
    },
  };
}

/**
 * A province's name and open post offices, for the retail reports: the province checked by the core cell (an
 * unknown code is province_not_found), the offices from the delivery cell's cached view of the network.
 */
export function provinceOffices(
  core: Core,
  delivery: Delivery,
): (
  province: string,
) => Promise<{ name: string; offices: Array<{ id: string; postcode: string; name: string }> }> {
  return async (province) => {
    await core.geo.listCommunes(province, { limit: 1, offset: 0 });
    const { snapshot } = await delivery.items.network();
    const offices = [...snapshot.offices.values()]
      .filter((o) => o.province_code === province && o.type === 'post_office')
      .map((o) => ({ id: o.id, postcode: o.postcode, name: o.name }))
      .sort((a, b) => a.postcode.localeCompare(b.postcode));
    return { name: snapshot.provinces?.get(province) ?? province, offices };
  };
}
