import { readFileSync } from 'node:fs';
import { DeliveryError } from '../delivery-error.ts';

/** An office as delivery sees it: where it is and what kind it is. */
export interface NetworkOffice {
  id: string;
  type: string;
  name: string;
  postcode: string;
  province_code: string | null;
  commune_code: string | null;
}

/** The geography and the open offices, as the core cell holds them now. */
export interface NetworkSnapshot {
  /** commune code -> province code */
  communes: ReadonlyMap<string, string>;
  /** open offices by id */
  offices: ReadonlyMap<string, NetworkOffice>;
  /** province code -> name ("Thành phố Đà Nẵng"), for what customers read */
  provinces?: ReadonlyMap<string, string>;
}

/** Where the delivery cell gets the network from (the core cell, in-process). */
export interface NetworkSource {
  snapshot(): Promise<NetworkSnapshot>;
}

export const ZONES = ['local', 'neighbouring', 'national'] as const;
export type Zone = (typeof ZONES)[number];

const NEIGHBOURS: Readonly<Record<string, readonly string[]>> = JSON.parse(
  readFileSync(new URL('../../../../assets/geo/neighbours-2025.json', import.meta.url), 'utf8'),
) as Record<string, string[]>;

/** The neighbouring provinces of a province (land borders), from assets/geo/neighbours-2025.json. */
export function neighbours(province: string): readonly string[] {
  return NEIGHBOURS[province] ?? [];
}

/** The tariff zone between two provinces: the same province, a neighbouring one, or the rest of the country. */
export function zoneBetween(from: string, to: string): Zone {
  if (from === to) return 'local';
  return neighbours(from).includes(to) ? 'neighbouring' : 'national';
}

/**
 * The region whose sorting centre handles a province: the North (Hà Nội's centre) down to Thanh Hóa, the
 * Centre (Đà Nẵng's) from Nghệ An to Đắk Lắk, the South (TP. Hồ Chí Minh's) from Lâm Đồng down.
 */
export function regionOf(province: string): 'north' | 'centre' | 'south' {
  const n = Number(province);
  return n <= 38 ? 'north' : n <= 66 ? 'centre' : 'south';
}

/** A network with its lookups built once: the delivery office of a commune, each region's sorting centre. */
export interface Network {
  snapshot: NetworkSnapshot;
  office(id: string): NetworkOffice;
  /** The office that delivers to a commune: its post office, else the provincial post. */
  deliveryOffice(commune: string): NetworkOffice;
  province(commune: string): string;
  /** The offices an item passes, from one office to another (both ends included). */
  route(from: string, to: string): string[];
  /** The next office after `at` on the way to `to`, or undefined when it is there. */
  nextHop(at: string, to: string): string | undefined;
}

/** Builds the lookups over a snapshot. */
export function buildNetwork(snapshot: NetworkSnapshot): Network {
  const byCommune = new Map<string, NetworkOffice>();
  const provincial = new Map<string, NetworkOffice>();
  const centres = new Map<string, NetworkOffice>();
  for (const o of snapshot.offices.values()) {
    if (o.type === 'post_office' && o.commune_code !== null && !byCommune.has(o.commune_code))
      byCommune.set(o.commune_code, o);
    if (o.type === 'provincial_post' && o.province_code !== null) provincial.set(o.province_code, o);
    if (o.type === 'sorting_centre' && o.province_code !== null) {
      const region = regionOf(o.province_code);
      if (!centres.has(region)) centres.set(region, o);
    }
  }
  const office = (id: string): NetworkOffice => {
    const o = snapshot.offices.get(id);
    if (o === undefined)
      throw new DeliveryError(
        'office_not_found',
        `No open office has id ${JSON.stringify(id)}`,
        `Không có bưu cục đang hoạt động với mã ${id}`,
        { office: id },
      );
    return o;
  };
  const province = (commune: string): string => {
    const p = snapshot.communes.get(commune);
    if (p === undefined)
      throw new DeliveryError(
        'commune_not_found',
        `No commune has code ${JSON.stringify(commune)}: use the 5-digit code of the commune`,
        `Không có xã/phường mã ${commune}: hãy chọn xã/phường từ danh mục`,
        { commune },
      );
    return p;
  };
  const centreOf = (o: NetworkOffice): NetworkOffice | undefined =>
    o.type === 'sorting_centre' || o.province_code === null
      ? undefined
      : centres.get(regionOf(o.province_code));
  const route = (from: string, to: string): string[] => {
    if (from === to) return [from];
    const a = office(from);
    const b = office(to);
    const path = [a.id];
    const ca = a.type === 'sorting_centre' ? a : centreOf(a);
    const cb = b.type === 'sorting_centre' ? b : centreOf(b);
    for (const c of [ca, cb]) if (c !== undefined && path.at(-1) !== c.id) path.push(c.id);
    if (path.at(-1) !== b.id) path.push(b.id);
    return path;
  };
  return {
    snapshot,
    office,
    province,
    deliveryOffice(commune) {
      const p = province(commune);
      const o = byCommune.get(commune) ?? provincial.get(p);
      if (o === undefined)
        throw new DeliveryError(
          'office_not_found',
          `No open office delivers to commune ${commune}`,
          `Chưa có bưu cục nào phát đến xã/phường ${commune}`,
          { commune },
        );
      return o;
    },
    route,
    nextHop(at, to) {
      if (at === to) return undefined;
      const path = route(at, to);
      return path[1];
    },
  };
}
