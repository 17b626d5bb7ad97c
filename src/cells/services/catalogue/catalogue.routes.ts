// The catalogue's routes: procedures and agencies for anyone signed in (the clerk's intake search above all),
// a catalogue file imported by an administrator or an agency's own officer, an officer assigned to an agency.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NATIONAL, type TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { pageQuery, pageSchema } from '../../../http/pagination.ts';
import { vndText } from '../../../platform/vnd-schema.ts';
import { authorize, refusalOf } from '../../core/index.ts';
import { ServicesError } from '../services-error.ts';
import { CATALOGUE_COLUMNS, MAX_FILE_BYTES, MAX_ROWS } from './catalogue.file.ts';
import type { Agency, Procedure } from './catalogue.model.ts';
import type {
  Catalogue,
  ImportResult,
  ImportScope,
  OfficerAccount,
  OfficerAssignment,
  ProcedureListing,
} from './catalogue.service.ts';

/** What the catalogue's routes ask of the core cell. */
export interface CatalogueRouteDeps {
  /** The account an assignment names: its status, roles and home province; staff_not_found otherwise. */
  account(staffId: string): Promise<OfficerAccount>;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const money = vndText('nonNegative');
const province = z
  .string()
  .regex(/^\d{2}$/)
  .describe('2-digit province code, e.g. 01');

export const agencySchema = z
  .object({
    code: z.string().describe('e.g. H01.STP'),
    name: z.string(),
    level: z.enum(['central', 'province', 'commune']),
    province_code: z.string(),
    commune_code: z.string().nullable().describe('the commune a commune’s agency serves'),
    address: z.string(),
    commune: z.string().describe('5-digit code of the commune it sits in: where dossiers are delivered'),
    phone: z.string(),
  })
  .meta({ id: 'ServicesAgency' });

export const procedureSchema = z
  .object({
    code: z.string().describe('national procedure code, e.g. 1.001193.000.00.00.H01'),
    name: z.string(),
    field: z.string().describe('lĩnh vực'),
    agency_code: z.string(),
    documents: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        form: z.enum(['original', 'copy', 'either']),
        count: z.number().int(),
      }),
    ),
    agency_fee: money.describe('lệ phí, collected for the agency'),
    agency_charge: money.describe('phí, collected for the agency'),
    send_tariff: money.describe('the post’s tariff for carrying the dossier'),
    return_tariff: money.describe('the post’s tariff for bringing the result back'),
    deadline_days: z.number().int().describe('the agency’s deadline, in working days from hand-over'),
    active: z.boolean(),
  })
  .meta({ id: 'ServicesProcedure' });

const listingSchema = procedureSchema
  .extend({ agency_name: z.string(), province_code: z.string() })
  .meta({ id: 'ServicesProcedureListing' });

const counts = z.object({ added: z.number().int(), changed: z.number().int(), unchanged: z.number().int() });
const importSchema = z
  .object({
    file: z.object({ name: z.string(), sha256: z.string(), rows: z.number().int() }),
    agencies: counts,
    procedures: counts,
    seq: z
      .string()
      .nullable()
      .describe('the journal event that recorded the import; null when nothing changed'),
  })
  .meta({ id: 'ServicesCatalogueImport' });

const assignmentSchema = z
  .object({ staff_id: z.string(), agency: agencySchema, assigned_by: z.string(), assigned_at: z.string() })
  .meta({ id: 'ServicesOfficerAssignment' });

/** A procedure as the API writes it: amounts as decimal strings. */
export const procedureJson = (p: Procedure) => ({
  ...p,
  agency_fee: p.agency_fee.toString(),
  agency_charge: p.agency_charge.toString(),
  send_tariff: p.send_tariff.toString(),
  return_tariff: p.return_tariff.toString(),
});
const listingJson = (p: ProcedureListing) => ({
  ...procedureJson(p),
  agency_name: p.agency_name,
  province_code: p.province_code,
});
const importJson = (r: ImportResult) => ({ ...r, seq: r.seq === null ? null : r.seq.toString() });
const assignmentJson = (a: OfficerAssignment) => a;
const agencyJson = (a: Agency) => a;

/** Routes of the procedures catalogue. */
export function catalogueRoutes(catalogue: Catalogue, deps: CatalogueRouteDeps): FastifyPluginAsyncZod {
  // An agency's province; a central agency's officers are assigned by a national administrator.
  const agencyPlace: TargetOf = async (req) => {
    const a = await catalogue.agency((req.params as { code: string }).code);
    return a.level === 'central' ? NATIONAL : { officeId: null, provinceCode: a.province_code };
  };
  return async (app) => {
    const tags = ['services'];
    // The file is small (at most 5 MiB, 5,000 rows): read whole, then checked row by row.
    app.addContentTypeParser(
      ['text/csv', XLSX_TYPE, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES },
      (_req, body, done) => done(null, body),
    );

    app.get(
      '/v1/services/procedures',
      {
        schema: {
          tags,
          summary: 'Search the procedures offered through the post, accent-insensitive',
          description:
            'Each word of `q` must be in the procedure’s name or field, with or without marks (`khai sinh` finds ' +
            '“Đăng ký khai sinh”), or in its code. Withdrawn procedures are not listed.',
          querystring: pageQuery.extend({
            q: z.string().max(200).optional(),
            province: province.optional(),
            agency: z.string().max(40).optional(),
          }),
          response: { 200: pageSchema(listingSchema), ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => {
        const page = await catalogue.search(req.query);
        return { ...page, items: page.items.map(listingJson) };
      },
    );

    app.get(
      '/v1/services/procedures/:code',
      {
        schema: {
          tags,
          summary: 'One procedure: its documents, fees and deadline',
          params: z.object({ code: z.string().max(40) }),
          response: { 200: procedureSchema, ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => procedureJson(await catalogue.procedure(req.params.code)),
    );

    app.get(
      '/v1/services/agencies',
      {
        schema: {
          tags,
          summary: 'The agencies that take dossiers through the post, of a province or all',
          querystring: z.object({ province: province.optional() }),
          response: { 200: z.object({ items: z.array(agencySchema) }), ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => ({
        items: (
          await catalogue.agencies(req.query.province === undefined ? {} : { province: req.query.province })
        ).map(agencyJson),
      }),
    );

    app.post(
      '/v1/services/catalogue',
      {
        bodyLimit: MAX_FILE_BYTES,
        schema: {
          tags,
          summary: 'Import a province’s catalogue file (CSV or XLSX): all rows or none, every bad row named',
          description:
            `The body is the file: CSV (UTF-8, Content-Type text/csv) or XLSX (${XLSX_TYPE}, first sheet), at most ` +
            `${MAX_ROWS} rows under the header ${CATALOGUE_COLUMNS.join(',')} (docs/cells/services.md, “Catalogue file”). ` +
            'Every agency of the file must be of `province`. An administrator or provincial manager ' +
            '(`office.manage` at the province) imports any agency’s procedures; an agency officer (`dossier.agency` ' +
            'at the province) only those of the agency their account acts for. A refusal is 4xx `invalid_catalogue` ' +
            'with `details.problems` (row, field, message, message_vi) and nothing imported. The same file again ' +
            'changes nothing (`seq` null).',
          querystring: z.object({
            province,
            file_name: z.string().max(200).default('catalogue.csv'),
          }),
          response: { 200: importSchema, ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => {
        const p = req.principal!;
        const target = { officeId: null, provinceCode: req.query.province };
        let scope: ImportScope = { province: req.query.province };
        const admin = authorize(p, 'office.manage', target);
        if (!admin.allowed) {
          const officer = authorize(p, 'dossier.agency', target);
          if (!officer.allowed) throw refusalOf(officer.code === 'permission_missing' ? admin : officer)!;
          const mine = await catalogue.officerAgency(p.id);
          if (mine === undefined)
            throw new ServicesError(
              'not_your_agency',
              'Your account acts for no agency yet: ask your provincial post to assign it to your agency',
              'Tài khoản của bạn chưa được gắn với cơ quan nào: hãy đề nghị Bưu điện tỉnh gắn tài khoản với cơ quan của bạn',
              { field: 'agency' },
            );
          scope = { ...scope, agency: mine.agency.code };
        }
        if (!Buffer.isBuffer(req.body))
          throw new ServicesError(
            'invalid_catalogue',
            `Send the file as the body with Content-Type text/csv, or the XLSX file as ${XLSX_TYPE}`,
            'Hãy gửi tệp danh mục dạng CSV (text/csv) hoặc tệp Excel (.xlsx)',
            { row: 0, field: 'body' },
          );
        return importJson(
          await catalogue.importFile({ name: req.query.file_name, bytes: req.body }, p.id, scope),
        );
      },
    );

    app.post(
      '/v1/services/agencies/:code/officers',
      {
        schema: {
          tags,
          summary: 'Make an agency officer’s account act for this agency (replacing any earlier agency)',
          description:
            'The account must be active, hold the `agency_officer` role and belong to the agency’s province; ' +
            'otherwise 4xx `officer_not_eligible` naming `staff_id`. Assigning it again to the same agency changes nothing.',
          params: z.object({ code: z.string().max(40) }),
          body: z.object({ staff_id: z.string().max(64) }),
          response: { 200: assignmentSchema, ...errorResponses },
        },
        config: { access: { permission: 'office.manage', target: agencyPlace } },
      },
      async (req) =>
        assignmentJson(
          await catalogue.assignOfficer(
            req.body.staff_id,
            req.params.code,
            req.principal!.id,
            await deps.account(req.body.staff_id),
          ),
        ),
    );
  };
}
