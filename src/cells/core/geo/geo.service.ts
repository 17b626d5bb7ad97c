import type { Kysely } from '../../../storage/index.ts';
import { z } from 'zod';
import type { Journal } from '../../../journal/index.ts';
import { searchTokens } from '../../../platform/text.ts';
import { CoreError } from '../core-error.ts';
import type { CoreTables } from '../core-tables.ts';
import { communeCode, provinceLoaded, provinceSchema, type ProvinceInput } from './geo.events.ts';
import * as repo from './geo.repository.ts';

export interface Province {
  code: string;
  name: string;
  type: string;
  phone_code: string | null;
  commune_count: number;
}

export interface Commune {
  code: string;
  name: string;
  type: string;
  province_code: string;
  province_name: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface GeoDeps {
  db: Kysely<CoreTables>;
  journal: Journal<CoreTables>;
}

export interface LoadResult {
  provinces: number;
  communes: number;
  /** False when the geography was already there and nothing was appended. */
  loaded: boolean;
}

/** The geography service of the core cell. */
export interface Geo {
  listProvinces(): Promise<Province[]>;
  /** Communes of one province; refuses an unknown province code. */
  listCommunes(provinceCode: string, page: PageRequest): Promise<Page<Commune>>;
  /** Accent-insensitive search over commune names ("hoa binh" finds "Hòa Bình" and "Hoà Bình"). */
  searchCommunes(query: { q?: string; province?: string } & PageRequest): Promise<Page<Commune>>;
  /** Loads the divisions through the journal, once: on an empty cell only. */
  loadDivisions(divisions: unknown, actor: string): Promise<LoadResult>;
  isLoaded(): Promise<boolean>;
}

const toCommune = (r: repo.CommuneWithProvince): Commune => ({
  code: r.code,
  name: r.name,
  type: r.type,
  province_code: r.province_code,
  province_name: r.province_name,
});

/** Checks a whole divisions file before anything is written and names every bad row and field. */
export function parseDivisions(divisions: unknown): ProvinceInput[] {
  const parsed = z.array(provinceSchema).min(1).safeParse(divisions);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 20).map((i) => {
      const [p, , c, ...rest] = i.path;
      const where =
        typeof c === 'number'
          ? `province row ${Number(p) + 1}, commune row ${c + 1}, field ${rest.join('.') || '(row)'}`
          : `province row ${typeof p === 'number' ? p + 1 : '(file)'}, field ${i.path.slice(1).join('.') || '(row)'}`;
      return `${where}: ${i.message}`;
    });
    throw new CoreError(
      'invalid_geography',
      `The divisions file is invalid, nothing was loaded: ${problems.join('; ')}`,
      `Tệp danh mục hành chính không hợp lệ, chưa nạp gì: ${problems.join('; ')}`,
      { problems },
    );
  }
  const seen = new Set<string>();
  for (const [i, p] of parsed.data.entries()) {
    for (const [j, c] of p.communes.entries()) {
      const code = communeCode(c.code);
      if (seen.has(code))
        throw new CoreError(
          'invalid_geography',
          `The divisions file is invalid, nothing was loaded: province row ${i + 1}, commune row ${j + 1}, field code: commune code ${code} appears twice`,
          `Mã xã ${code} bị trùng (tỉnh dòng ${i + 1}, xã dòng ${j + 1}); chưa nạp gì`,
        );
      seen.add(code);
    }
  }
  return parsed.data;
}

/** Creates the geography service over the core cell's database and journal. */
export function createGeo(deps: GeoDeps): Geo {
  const { db, journal } = deps;
  const requireProvince = async (code: string): Promise<void> => {
    if ((await repo.findProvince(db, code)) === undefined) {
      throw new CoreError(
        'province_not_found',
        `No province has code ${JSON.stringify(code)}: use a 2-digit code from GET /v1/geo/provinces`,
        `Không có tỉnh/thành phố mã ${code}: hãy chọn mã 2 chữ số trong danh mục tỉnh`,
        { code },
      );
    }
  };
  return {
    async listProvinces() {
      return (await repo.listProvinces(db)).map((r) => ({
        code: r.code,
        name: r.name,
        type: r.type,
        phone_code: r.phone_code,
        commune_count: Number(r.commune_count),
      }));
    },
    async listCommunes(provinceCode, page) {
      await requireProvince(provinceCode);
      const { rows, total } = await repo.findCommunes(db, { provinceCode, tokens: [], ...page });
      return { items: rows.map(toCommune), total: Number(total), ...page };
    },
    async searchCommunes({ q, province, limit, offset }) {
      if (province !== undefined) await requireProvince(province);
      const tokens = q === undefined ? [] : searchTokens(q);
      const { rows, total } = await repo.findCommunes(db, {
        ...(province === undefined ? {} : { provinceCode: province }),
        tokens,
        limit,
        offset,
      });
      return { items: rows.map(toCommune), total: Number(total), limit, offset };
    },
    // Whether the geography was loaded is a fact of the journal, not of the tables: a cell whose tables were
    // emptied must be caught by verify, not silently loaded a second time.
    async isLoaded() {
      return (await journal.countEvents(db, provinceLoaded.type)) > 0n;
    },
    async loadDivisions(divisions, actor) {
      const provinces = parseDivisions(divisions);
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        if ((await journal.countEvents(trx, provinceLoaded.type)) > 0n) {
          return { provinces: 0, communes: 0, loaded: false };
        }
        await journal.appendMany(
          trx,
          provinceLoaded,
          provinces.map((p) => ({
            stream: `province:${p.code.toString().padStart(2, '0')}`,
            actor,
            payload: p,
          })),
        );
        return {
          provinces: provinces.length,
          communes: provinces.reduce((n, p) => n + p.communes.length, 0),
          loaded: true,
        };
      });
    },
  };
}
