import type { Journal } from '../../../journal/index.ts';
import { canonicalJson } from '../../../platform/canonical-json.ts';
import type { Clock } from '../../../platform/clock.ts';
import { found } from '../../../platform/errors.ts';
import { sha256Hex } from '../../../platform/hash.ts';
import { nfc, searchTokens } from '../../../platform/text.ts';
import type { Kysely } from '../../../storage/index.ts';
import { ServicesError } from '../services-error.ts';
import type { ServicesTables } from '../services-tables.ts';
import { catalogueLoaded, officerAssigned } from './catalogue.events.ts';
import { readCatalogueRows, type RowProblem } from './catalogue.file.ts';
import { checkRows } from './catalogue.rows.ts';
import type { Agency, Procedure } from './catalogue.model.ts';
import * as repo from './catalogue.repository.ts';

export interface CatalogueDeps {
  db: Kysely<ServicesTables>;
  journal: Journal<ServicesTables>;
  clock: Clock;
  /**
   * The geography (commune code → province code, the core cell's): when given, every province and commune
   * of a file must exist and agree; without it only their form is checked.
   */
  communes?: () => Promise<ReadonlyMap<string, string>>;
}

/** A catalogue file as it arrives: its name and bytes (CSV in UTF-8, or XLSX). */
export interface CatalogueFile {
  name: string;
  bytes: Uint8Array;
}

/** Who an import is limited to: a province's agencies, or one agency's procedures (an officer's import). */
export interface ImportScope {
  province?: string;
  agency?: string;
}

/** What an import did: how many agencies and procedures it added, changed or found as they were. */
export interface ImportResult {
  file: { name: string; sha256: string; rows: number };
  agencies: { added: number; changed: number; unchanged: number };
  procedures: { added: number; changed: number; unchanged: number };
  /** The journal event that recorded it; null when the file changed nothing. */
  seq: bigint | null;
}

/** A procedure as search lists it: with its agency's name and province. */
export type ProcedureListing = Procedure & { agency_name: string; province_code: string };

/** The account an officer assignment names, as the core cell knows it. */
export interface OfficerAccount {
  id: string;
  status: string;
  roles: readonly string[];
  /** The province of the account's home office (null for a national office). */
  province_code: string | null;
}

/** Which agency an agency officer acts for, since when and on whose word. */
export interface OfficerAssignment {
  staff_id: string;
  agency: Agency;
  assigned_by: string;
  assigned_at: string;
}

export interface Catalogue {
  /**
   * Imports a catalogue file: every row checked, all or nothing; a refusal (invalid_catalogue) lists every
   * problem with its row and column. Only what is new or changed is journaled, so the same file twice adds
   * nothing the second time.
   */
  importFile(file: CatalogueFile, actor: string, scope?: ImportScope): Promise<ImportResult>;
  /** Offered procedures, accent-insensitive on their name and field (or part of their code), by name. */
  search(q: {
    q?: string;
    province?: string;
    agency?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: ProcedureListing[]; total: number; limit: number; offset: number }>;
  /** A procedure by its code (withdrawn ones too); procedure_not_found otherwise. */
  procedure(code: string): Promise<Procedure>;
  /** An agency by its code; agency_not_found otherwise. */
  agency(code: string): Promise<Agency>;
  /** The agencies of a province, or all. */
  agencies(q: { province?: string }): Promise<Agency[]>;
  /**
   * Makes an agency officer's account act for an agency (replacing any earlier one). With `account`, it must
   * be active, hold the agency_officer role and belong to the agency's province (officer_not_eligible).
   */
  assignOfficer(
    staffId: string,
    agencyCode: string,
    actor: string,
    account?: OfficerAccount,
  ): Promise<OfficerAssignment>;
  /** The agency an officer acts for, or undefined. */
  officerAgency(staffId: string): Promise<OfficerAssignment | undefined>;
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
const agencyJson = (a: Agency) => ({ ...a });
const procedureJson = (p: Procedure) => ({
  ...p,
  agency_fee: p.agency_fee.toString(),
  agency_charge: p.agency_charge.toString(),
  send_tariff: p.send_tariff.toString(),
  return_tariff: p.return_tariff.toString(),
});

/** The refusal of a file: every problem named (up to the bound), the first one's row and column in details. */
function refusal(problems: readonly RowProblem[], total: number): ServicesError {
  const first = problems[0]!;
  const where = (p: RowProblem) => (p.row === 0 ? '' : `Row ${p.row}, column ${p.field}: `);
  const whereVi = (p: RowProblem) => (p.row === 0 ? '' : `Dòng ${p.row}, cột ${p.field}: `);
  const more = total > problems.length ? ` (and ${total - problems.length} more)` : '';
  const moreVi = total > problems.length ? ` (và ${total - problems.length} lỗi khác)` : '';
  return new ServicesError(
    'invalid_catalogue',
    `The catalogue file was refused, nothing was imported: ${total} problem${total === 1 ? '' : 's'}${more}. ${problems.map((p) => `${where(p)}${p.message}`).join('. ')}`,
    `Tệp danh mục bị từ chối, chưa nạp gì: ${total} lỗi${moreVi}. ${problems.map((p) => `${whereVi(p)}${p.message_vi}`).join('. ')}`,
    { row: first.row, field: first.field, problems, total },
  );
}

/** Creates the procedures catalogue of the services cell. */
export function createCatalogue(deps: CatalogueDeps): Catalogue {
  const { db, journal } = deps;

  const agencyOrThrow = async (d: Kysely<ServicesTables>, code: string) =>
    found(
      await repo.findAgency(d, code),
      () =>
        new ServicesError(
          'agency_not_found',
          `No agency has code ${JSON.stringify(code)}: check the code, or import the catalogue that names it`,
          `Không có cơ quan mã ${code}: hãy kiểm tra lại mã`,
          { field: 'agency', code },
        ),
    );

  const assignment = async (d: Kysely<ServicesTables>, staffId: string) => {
    const row = await repo.findOfficer(d, staffId);
    if (row === undefined) return undefined;
    return {
      staff_id: row.staff_id,
      agency: await agencyOrThrow(d, row.agency_code),
      assigned_by: row.assigned_by,
      assigned_at: row.assigned_at,
    };
  };

  return {
    async importFile(file, actor, scope = {}) {
      const read = await readCatalogueRows(file.bytes);
      if ('problem' in read) throw refusal([read.problem], 1);
      const communes = deps.communes === undefined ? undefined : await deps.communes();
      const checked = checkRows(read.rows, {
        ...(communes === undefined ? {} : { communes }),
        ...scope,
      });
      if ('problems' in checked) throw refusal(checked.problems, checked.total);
      const rows = checked.rows;
      const name = nfc(String(file.name)).slice(0, 200) || 'catalogue.csv';
      const sha256 = sha256Hex(file.bytes);
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const agencies = [...new Map(rows.map((r) => [r.agency.code, r.agency])).values()];
        const knownAgencies = await repo.findAgencies(
          trx,
          agencies.map((a) => a.code),
        );
        const knownProcedures = await repo.findProcedures(
          trx,
          rows.map((r) => r.procedure.code),
        );
        // An officer's import may not take over another agency's procedure.
        if (scope.agency !== undefined) {
          const taken: RowProblem[] = rows.flatMap((r) => {
            const had = knownProcedures.get(r.procedure.code);
            return had === undefined || had.agency_code === r.procedure.agency_code
              ? []
              : [
                  {
                    row: r.row,
                    field: 'ma_co_quan',
                    message: `procedure ${r.procedure.code} belongs to agency ${had.agency_code}: only that agency or an administrator can change it`,
                    message_vi: `thủ tục ${r.procedure.code} thuộc cơ quan ${had.agency_code}: chỉ cơ quan đó hoặc quản trị mới được sửa`,
                  },
                ];
          });
          if (taken.length > 0) throw refusal(taken.slice(0, 100), taken.length);
        }
        const count = { added: 0, changed: 0, unchanged: 0 };
        const agencyChanges = agencies.filter((a) => {
          const had = knownAgencies.get(a.code);
          const changed = had === undefined || !same(agencyJson(had), agencyJson(a));
          count[had === undefined ? 'added' : changed ? 'changed' : 'unchanged']++;
          return changed;
        });
        const procedureCount = { added: 0, changed: 0, unchanged: 0 };
        const procedureChanges = rows
          .map((r) => r.procedure)
          .filter((p) => {
            const had = knownProcedures.get(p.code);
            const changed = had === undefined || !same(procedureJson(had), procedureJson(p));
            procedureCount[had === undefined ? 'added' : changed ? 'changed' : 'unchanged']++;
            return changed;
          });
        let seq: bigint | null = null;
        if (agencyChanges.length > 0 || procedureChanges.length > 0) {
          const e = await journal.append(trx, catalogueLoaded, {
            stream: 'catalogue',
            actor,
            office: null,
            payload: {
              file: { name, sha256, rows: rows.length },
              agencies: agencyChanges.map(agencyJson),
              procedures: procedureChanges.map(procedureJson),
            },
          });
          seq = e.seq;
        }
        return {
          file: { name, sha256, rows: rows.length },
          agencies: count,
          procedures: procedureCount,
          seq,
        };
      });
    },

    async search(q) {
      const { rows, total } = await repo.searchProcedures(db, {
        words: searchTokens(q.q ?? '')
          .map((w) => w.replace(/[%_\\]/g, ''))
          .filter((w) => w !== ''),
        ...(q.province === undefined ? {} : { province: q.province }),
        ...(q.agency === undefined ? {} : { agency: q.agency }),
        limit: q.limit,
        offset: q.offset,
      });
      return {
        items: rows.map((r) => ({
          ...repo.toProcedure(r),
          agency_name: r.agency_name,
          province_code: r.province_code,
        })),
        total: Number(total),
        limit: q.limit,
        offset: q.offset,
      };
    },

    async procedure(code) {
      return found(
        await repo.findProcedure(db, code),
        () =>
          new ServicesError(
            'procedure_not_found',
            `No procedure has code ${JSON.stringify(code)}: search the catalogue for it`,
            `Không có thủ tục mã ${code}: hãy tìm thủ tục trong danh mục`,
            { field: 'procedure', code },
          ),
      );
    },

    agency: (code) => agencyOrThrow(db, code),

    async agencies(q) {
      return repo.listAgencies(db, q.province);
    },

    async assignOfficer(staffId, agencyCode, actor, account) {
      const id = typeof staffId === 'string' ? staffId.trim() : '';
      if (!/^[A-Za-z0-9_]{1,64}$/.test(id))
        throw new ServicesError(
          'officer_not_eligible',
          'staff_id must be an account id such as stf_…',
          'Mã tài khoản không hợp lệ',
          { field: 'staff_id' },
        );
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const agency = await agencyOrThrow(trx, agencyCode);
        if (account !== undefined) {
          const refuse = (en: string, vi: string) =>
            new ServicesError('officer_not_eligible', `Account ${id} ${en}`, `Tài khoản ${id} ${vi}`, {
              field: 'staff_id',
              staff_id: id,
              agency: agency.code,
            });
          if (account.status !== 'active')
            throw refuse(
              'is disabled: choose an active account',
              'đã bị khóa: hãy chọn tài khoản đang hoạt động',
            );
          if (!account.roles.includes('agency_officer'))
            throw refuse(
              `does not hold the agency_officer role (it holds ${account.roles.join(', ') || 'none'}): only an agency officer's account can act for an agency`,
              'không phải tài khoản cán bộ cơ quan hành chính (agency_officer)',
            );
          if (agency.level !== 'central' && account.province_code !== agency.province_code)
            throw refuse(
              `belongs to province ${account.province_code ?? '(none)'}, not ${agency.province_code} of agency ${agency.code}: an officer acts only in the province of their office`,
              `thuộc tỉnh khác với cơ quan ${agency.code}`,
            );
        }
        const now = await repo.findOfficer(trx, id);
        if (now?.agency_code !== agency.code)
          await journal.append(trx, officerAssigned, {
            stream: id,
            actor,
            office: null,
            payload: { staff_id: id, agency_code: agency.code },
          });
        return (await assignment(trx, id))!;
      });
    },

    officerAgency: (staffId) => assignment(db, staffId),
  };
}
