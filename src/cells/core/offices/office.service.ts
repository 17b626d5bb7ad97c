import type { Kysely } from '../../../storage/index.ts';
import type { Journal } from '../../../journal/index.ts';
import { isId, newId } from '../../../platform/ids.ts';
import { parseVnPhone } from '../../../platform/phone.ts';
import { nameText } from '../../../platform/text.ts';
import { found, isDomainError } from '../../../platform/errors.ts';
import { CoreError } from '../core-error.ts';
import type { Target } from '../access/index.ts';
import type { CoreTables } from '../core-tables.ts';
import {
  NATIONAL_OFFICE_TYPES,
  officeClosed,
  officeMoved,
  officeOpened,
  OFFICE_TYPES,
  type OfficeType,
} from './office.events.ts';
import * as repo from './office.repository.ts';

/** An office as the registry shows it: the stored row without its search key and bookkeeping. */
export type Office = Omit<repo.OfficeRow, 'search_key' | 'updated_seq' | 'type' | 'status'> & {
  type: OfficeType;
  status: 'open' | 'closed';
};

/** What a manager fills in to open an office; every field is checked and named when wrong. */
/** An office as the target authorize() checks: the office and its province (none for national offices). */
export function officeTarget(o: Pick<Office, 'id' | 'type' | 'province_code'>): Target {
  // The corporation and the sorting centres serve the whole country, though their buildings stand in a
  // province: no province's reach extends to them.
  return { officeId: o.id, provinceCode: NATIONAL_OFFICE_TYPES.includes(o.type) ? null : o.province_code };
}

export interface OpenOfficeInput {
  /** Chosen by the caller when later rows of the same batch name this office as their parent. */
  id?: string;
  type: string;
  name: string;
  postcode: string;
  commune_code: string;
  address: string;
  phone?: string | null;
  opening_hours: string;
  parent_id?: string | null;
}

export interface OfficeListQuery {
  type?: OfficeType;
  province?: string;
  commune?: string;
  postcode?: string;
  parent?: string;
  status?: 'open' | 'closed';
  limit: number;
  offset: number;
}

export interface Offices {
  /** Opens one office: a core.office.opened event. */
  open(input: OpenOfficeInput, actor: string): Promise<Office>;
  /** Opens many offices in one transaction (the demo network); all or nothing. */
  openMany(inputs: readonly OpenOfficeInput[], actor: string): Promise<Office[]>;
  /** Moves an office to another commune and address (its postcode stays). */
  move(id: string, to: { commune_code: string; address: string }, actor: string): Promise<Office>;
  /** Closes an office that has no open offices under it. */
  close(id: string, reason: string, actor: string): Promise<Office>;
  get(id: string): Promise<Office>;
  /** The office holding a postcode (postcodes are never reused), or office_not_found. */
  getByPostcode(postcode: string): Promise<Office>;
  /**
   * The geography and the office network in two maps, for checking a large file (a payment list) row by
   * row without a query per row: commune code -> province code, postcode -> office.
   */
  directory(): Promise<{
    communes: Map<string, string>;
    offices: Map<string, { id: string; type: OfficeType; province_code: string | null; status: string }>;
  }>;
  /** Whether any office was ever opened: the journal's word, not the table's. */
  isEmpty(): Promise<boolean>;
  list(q: OfficeListQuery): Promise<{ items: Office[]; total: number; limit: number; offset: number }>;
  /** An office with the offices under it, `depth` levels down (the corporation when no root is given). */
  tree(rootId: string | undefined, depth: number): Promise<OfficeNode>;
}

export type OfficeNode = Office & { child_count: number; children: OfficeNode[] };

export interface OfficesDeps {
  db: Kysely<CoreTables>;
  journal: Journal<CoreTables>;
}

// Which office may sit under which: the post's hierarchy.
const PARENT_TYPES: Record<OfficeType, readonly (OfficeType | null)[]> = {
  corporation: [null],
  provincial_post: ['corporation'],
  post_office: ['provincial_post'],
  service_point: ['post_office', 'provincial_post'],
  sorting_centre: ['corporation', 'provincial_post'],
};

const TYPE_VI: Record<OfficeType, string> = {
  corporation: 'Tổng công ty',
  provincial_post: 'Bưu điện tỉnh',
  post_office: 'bưu cục',
  service_point: 'điểm phục vụ',
  sorting_centre: 'trung tâm khai thác',
};

function invalid(field: string, what: string, vi: string): CoreError {
  return new CoreError('invalid_office', `Office field ${field} ${what}`, `Trường ${field}: ${vi}`, {
    field,
  });
}

function toOffice(r: repo.OfficeRow): Office {
  const { search_key: _key, updated_seq: _seq, ...office } = r;
  return { ...office, type: r.type as OfficeType, status: r.status as 'open' | 'closed' };
}

function text(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw invalid(field, 'must be text', 'phải là văn bản');
  let out: string;
  try {
    out = nameText(value);
  } catch (err) {
    if (isDomainError(err)) throw invalid(field, err.message, err.messageVi);
    throw err;
  }
  if (out.length < 1 || out.length > max)
    throw invalid(field, `must be 1 to ${max} characters`, `phải có từ 1 đến ${max} ký tự`);
  return out;
}

interface OfficeKey {
  id: string;
  type: OfficeType;
  province_code: string | null;
  status: string;
  postcode: string;
}

/** What checking a new office needs to know about the registry, plus the offices a batch opens before it. */
interface Lookup {
  province(commune: string): Promise<string | undefined>;
  postcodeTaken(postcode: string): Promise<boolean>;
  office(id: string): Promise<OfficeKey | undefined>;
  add(office: OfficeKey): void;
}

function directLookup(trx: Kysely<CoreTables>): Lookup {
  const added = new Map<string, OfficeKey>();
  const postcodes = new Set<string>();
  return {
    province: (commune) => repo.findCommuneProvince(trx, commune),
    async postcodeTaken(postcode) {
      return postcodes.has(postcode) || (await repo.findByPostcode(trx, postcode)) !== undefined;
    },
    async office(id) {
      const row = added.get(id) ?? (await repo.findOffice(trx, id));
      return row === undefined ? undefined : { ...row, type: row.type as OfficeType };
    },
    add(o) {
      added.set(o.id, o);
      postcodes.add(o.postcode);
    },
  };
}

async function preloadedLookup(trx: Kysely<CoreTables>): Promise<Lookup> {
  const provinces = await repo.communeProvinces(trx);
  const offices = new Map(
    (await repo.officeKeys(trx)).map((o) => [o.id, { ...o, type: o.type as OfficeType }]),
  );
  const postcodes = new Set([...offices.values()].map((o) => o.postcode));
  return {
    province: (commune) => Promise.resolve(provinces.get(commune)),
    postcodeTaken: (postcode) => Promise.resolve(postcodes.has(postcode)),
    office: (id) => Promise.resolve(offices.get(id)),
    add(o) {
      offices.set(o.id, o);
      postcodes.add(o.postcode);
    },
  };
}

/** Creates the office registry of the core cell. */
export function createOffices(deps: OfficesDeps): Offices {
  const { db, journal } = deps;

  const require = async (trx: Kysely<CoreTables>, id: string): Promise<repo.OfficeRow> =>
    found(
      await repo.findOffice(trx, id),
      () =>
        new CoreError(
          'office_not_found',
          `No office has id ${JSON.stringify(id)}`,
          `Không tìm thấy đơn vị ${id}`,
          { id },
        ),
    );

  const communeProvince = async (
    lookup: Pick<Lookup, 'province'>,
    code: unknown,
  ): Promise<{ commune: string; province: string }> => {
    if (typeof code !== 'string' || !/^\d{5}$/.test(code))
      throw invalid(
        'commune_code',
        'must be a 5-digit commune code such as 00004',
        'phải là mã xã 5 chữ số, ví dụ 00004',
      );
    const province = await lookup.province(code);
    if (province === undefined)
      throw new CoreError(
        'commune_not_found',
        `No commune has code ${code}: use GET /v1/geo/communes?q= to find it`,
        `Không có xã/phường mã ${code}: hãy tra cứu trong danh mục hành chính`,
        { field: 'commune_code', code },
      );
    return { commune: code, province };
  };

  /** Checks one input against the registry as it stands plus the offices opened earlier in the batch. */
  const prepare = async (lookup: Lookup, input: OpenOfficeInput) => {
    if (!(OFFICE_TYPES as readonly string[]).includes(input.type))
      throw invalid('type', `must be one of ${OFFICE_TYPES.join(', ')}`, 'loại đơn vị không hợp lệ');
    const type = input.type as OfficeType;
    const id = input.id ?? newId('ofc');
    if (!isId('ofc', id))
      throw invalid('id', 'must be an office id such as ofc_0190… (32 hex digits)', 'mã đơn vị không hợp lệ');
    if ((await lookup.office(id)) !== undefined)
      throw invalid('id', `${id} already exists`, 'mã đơn vị đã tồn tại');
    const name = text('name', input.name, 200);
    if (typeof input.postcode !== 'string' || !/^\d{5}$/.test(input.postcode))
      throw invalid(
        'postcode',
        'must be exactly 5 digits, such as 10000',
        'mã bưu chính phải gồm đúng 5 chữ số, ví dụ 10000',
      );
    if (await lookup.postcodeTaken(input.postcode))
      throw new CoreError(
        'postcode_taken',
        `Postcode ${input.postcode} already belongs to another office (postcodes are never reused): choose another`,
        `Mã bưu chính ${input.postcode} đã thuộc về đơn vị khác (không được dùng lại): hãy chọn mã khác`,
        { field: 'postcode', postcode: input.postcode },
      );
    const place = await communeProvince(lookup, input.commune_code);
    const address = text('address', input.address, 300);
    const opening_hours = text('opening_hours', input.opening_hours, 200);
    const phone = input.phone === undefined || input.phone === null ? null : parseVnPhone(input.phone);
    const parentId = input.parent_id ?? null;
    let parent: { type: OfficeType; province: string | null } | null = null;
    if (parentId !== null) {
      const row = await lookup.office(parentId);
      if (row === undefined)
        throw new CoreError(
          'office_not_found',
          `No office has id ${JSON.stringify(parentId)}`,
          `Không tìm thấy đơn vị ${parentId}`,
          {
            field: 'parent_id',
            id: parentId,
          },
        );
      if (row.status !== 'open')
        throw new CoreError(
          'office_closed',
          `Parent office ${parentId} is closed`,
          'Đơn vị cấp trên đã đóng cửa',
          {
            field: 'parent_id',
          },
        );
      parent = { type: row.type, province: row.province_code };
    }
    const allowed = PARENT_TYPES[type];
    if (!allowed.includes(parent?.type ?? null)) {
      const wants = allowed.map((t) => (t === null ? 'no parent' : t)).join(' or ');
      throw new CoreError(
        'invalid_office_parent',
        `A ${type} must have ${wants} as its parent${parent === null ? '' : `, not a ${parent.type}`}`,
        `${TYPE_VI[type]} phải trực thuộc ${allowed.map((t) => (t === null ? 'không đơn vị nào' : TYPE_VI[t])).join(' hoặc ')}`,
        { field: 'parent_id' },
      );
    }
    if (parent !== null && parent.type !== 'corporation' && parent.province !== place.province)
      throw new CoreError(
        'invalid_office_parent',
        `The parent office is in province ${parent.province}, the office in ${place.province}: an office reports within its province`,
        'Đơn vị cấp trên phải cùng tỉnh/thành phố',
        { field: 'parent_id' },
      );
    return {
      id,
      type,
      name,
      postcode: input.postcode,
      province_code: place.province,
      commune_code: place.commune,
      address,
      phone,
      opening_hours,
      parent_id: parentId,
    };
  };

  async function openMany(inputs: readonly OpenOfficeInput[], actor: string): Promise<Office[]> {
    return journal.transaction(async (trx) => {
      await journal.lock(trx);
      // A large batch (the demo network) checks against the registry loaded once instead of row by row.
      const lookup = inputs.length > 20 ? await preloadedLookup(trx) : directLookup(trx);
      const payloads = [];
      for (const [i, input] of inputs.entries()) {
        try {
          const p = await prepare(lookup, input);
          lookup.add({
            id: p.id,
            type: p.type,
            province_code: p.province_code,
            status: 'open',
            postcode: p.postcode,
          });
          payloads.push(p);
        } catch (err) {
          if (inputs.length > 1 && isDomainError(err)) err.message = `row ${i + 1}: ${err.message}`;
          throw err;
        }
      }
      const events = await journal.appendMany(
        trx,
        officeOpened,
        payloads.map((p) => ({ stream: p.id, actor, office: p.id, payload: p })),
      );
      return events.map((e) => ({
        ...e.payload,
        status: 'open' as const,
        opened_at: e.at,
        closed_at: null,
        close_reason: null,
      }));
    });
  }

  const requireOpen = async (trx: Kysely<CoreTables>, id: string, en: string, vi: string) => {
    const row = await require(trx, id);
    if (row.status !== 'open')
      throw new CoreError('office_closed', `Office ${id} ${en}`, `Đơn vị đã đóng cửa, ${vi}`, { id });
    return row;
  };

  return {
    async open(input, actor) {
      const [office] = await openMany([input], actor);
      return office!;
    },
    openMany,
    async move(id, to, actor) {
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const row = await requireOpen(trx, id, 'is closed and cannot move', 'không thể chuyển địa điểm');
        const place = await communeProvince(directLookup(trx), to.commune_code);
        if (row.province_code !== null && row.province_code !== place.province && row.type !== 'corporation')
          throw new CoreError(
            'invalid_office_parent',
            `Office ${id} belongs to province ${row.province_code}; moving it to ${place.province} means closing it and opening one there`,
            'Không thể chuyển đơn vị sang tỉnh khác: hãy đóng đơn vị này và mở đơn vị mới',
            { field: 'commune_code' },
          );
        const address = text('address', to.address, 300);
        await journal.append(trx, officeMoved, {
          stream: id,
          actor,
          office: id,
          payload: { id, province_code: place.province, commune_code: place.commune, address },
        });
        return toOffice(await require(trx, id));
      });
    },
    async close(id, reason, actor) {
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        await requireOpen(trx, id, 'is already closed', 'không thể đóng lần nữa');
        const children = await repo.countOpenChildren(trx, id);
        if (children > 0n)
          throw new CoreError(
            'office_has_open_children',
            `Office ${id} still has ${children} open office(s) under it: close or re-parent them first`,
            `Đơn vị còn ${children} đơn vị trực thuộc đang hoạt động: hãy đóng hoặc chuyển chúng trước`,
            { id, children: Number(children) },
          );
        await journal.append(trx, officeClosed, {
          stream: id,
          actor,
          office: id,
          payload: { id, reason: text('reason', reason, 300) },
        });
        return toOffice(await require(trx, id));
      });
    },
    async get(id) {
      return toOffice(await require(db, id));
    },
    async directory() {
      const communes = await repo.communeProvinces(db);
      const offices = new Map(
        (await repo.officeKeys(db)).map((o) => [
          o.postcode,
          { id: o.id, type: o.type as OfficeType, province_code: o.province_code, status: o.status },
        ]),
      );
      return { communes, offices };
    },
    async getByPostcode(postcode) {
      const row = await repo.findByPostcode(db, postcode);
      if (row === undefined)
        throw new CoreError(
          'office_not_found',
          `No office has postcode ${JSON.stringify(postcode)}`,
          `Không có đơn vị nào có mã bưu chính ${postcode}`,
          { postcode },
        );
      return toOffice(row);
    },
    async isEmpty() {
      return (await journal.countEvents(db, officeOpened.type)) === 0n;
    },
    async tree(rootId, depth) {
      let root: Office;
      if (rootId !== undefined) root = await this.get(rootId);
      else {
        const corp = (await this.list({ type: 'corporation', limit: 1, offset: 0 })).items[0];
        if (corp === undefined)
          throw new CoreError(
            'office_not_found',
            'No corporation office is open yet',
            'Chưa có Tổng công ty',
          );
        root = corp;
      }
      const grow = async (office: Office, levels: number): Promise<OfficeNode> => {
        const children: Office[] = [];
        for (let offset = 0; ; offset += 500) {
          const page = await this.list({ parent: office.id, limit: 500, offset });
          children.push(...page.items);
          if (children.length >= page.total || page.items.length === 0) break;
        }
        return {
          ...office,
          child_count: children.length,
          children: levels <= 0 ? [] : await Promise.all(children.map((c) => grow(c, levels - 1))),
        };
      };
      return grow(root, depth - 1);
    },
    async list(q) {
      const { rows, total } = await repo.findOffices(db, {
        ...(q.type === undefined ? {} : { type: q.type }),
        ...(q.province === undefined ? {} : { provinceCode: q.province }),
        ...(q.commune === undefined ? {} : { communeCode: q.commune }),
        ...(q.postcode === undefined ? {} : { postcode: q.postcode }),
        ...(q.parent === undefined ? {} : { parentId: q.parent }),
        ...(q.status === undefined ? {} : { status: q.status }),
        limit: q.limit,
        offset: q.offset,
      });
      return { items: rows.map(toOffice), total: Number(total), limit: q.limit, offset: q.offset };
    },
  };
}
