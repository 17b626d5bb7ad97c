// At the counter: a dossier taken in (checked, and complete or waiting for documents), completed later, or
// supplemented when the agency asks. Every refusal comes before anything is written.
import type { Kysely } from '../../../storage/index.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { found } from '../../../platform/errors.ts';
import { findAgency, findProcedure, type Agency, type Procedure } from '../catalogue/index.ts';
import { ServicesError } from '../services-error.ts';
import type { ServicesTables } from '../services-tables.ts';
import { dossierCompleted, dossierTaken, feesTaken, supplemented } from './dossier.events.ts';
import type { Dossier, Dossiers, DossiersDeps, PresentedInput } from './dossier.model.ts';
import * as repo from './dossier.repository.ts';
import {
  bad,
  cccdOf,
  checkDocuments,
  checkFees,
  feesFor,
  phoneOf,
  representativeOf,
  sealOf,
  serviceOf,
  signatureOf,
  text,
} from './intake.checks.ts';

type Trx = Kysely<ServicesTables>;

export const notFound = (id: string) =>
  new ServicesError(
    'dossier_not_found',
    `No dossier ${JSON.stringify(id.slice(0, 40))}: check the code on the receipt`,
    'Không tìm thấy hồ sơ: hãy kiểm tra mã hồ sơ trên biên nhận',
    { dossier: id.slice(0, 40) },
  );

/** The dossier as staff see it, with its legs. */
export async function loadDossier(db: Trx, id: string): Promise<Dossier> {
  const r = found(await repo.findDossier(db, id), () => notFound(id));
  return toDossier(r, await repo.findLegs(db, id));
}

export function toDossier(r: repo.DossierRow, legs: readonly repo.LegRow[]): Dossier {
  return {
    id: r.id,
    service: r.service as Dossier['service'],
    procedure_code: r.procedure_code,
    agency_code: r.agency_code,
    office_id: r.office_id,
    place: r.place as Dossier['place'],
    state: r.state as Dossier['state'],
    citizen: {
      name: r.citizen_name,
      cccd: r.citizen_cccd,
      phone: r.citizen_phone,
      address: r.citizen_address,
      commune: r.citizen_commune,
    },
    representative:
      r.representative_cccd === null
        ? null
        : {
            name: r.representative_name!,
            cccd: r.representative_cccd,
            phone: r.representative_phone!,
            authorisation: { number: r.authorisation_no!, until: r.authorisation_until! },
          },
    agency_ref: r.agency_ref,
    documents: JSON.parse(r.documents) as PresentedInput[],
    missing: JSON.parse(r.missing) as string[],
    seal_no: r.seal_no,
    agency_fee: BigInt(r.agency_fee),
    post_fee: BigInt(r.post_fee),
    clerk_id: r.clerk_id,
    till_session_id: r.till_session_id,
    accepted_at: r.accepted_at,
    handed_over_at: r.handed_over_at,
    received_by: r.received_by,
    deadline_day: r.deadline_day,
    appointment_day: r.appointment_day,
    decision_note: r.decision_note,
    decided_at: r.decided_at,
    closed_at: r.closed_at,
    created_at: r.created_at,
    updated_at: r.updated_at,
    legs: legs.map((l) => ({
      leg_no: Number(l.leg_no),
      kind: l.kind as Dossier['legs'][number]['kind'],
      state: l.state as Dossier['legs'][number]['state'],
      item_id: l.item_id,
      from_office_id: l.from_office_id,
    })),
  };
}

/** A procedure still offered, with its agency. */
export async function offered(db: Trx, code: unknown): Promise<{ procedure: Procedure; agency: Agency }> {
  const procedure = typeof code === 'string' ? await findProcedure(db, code.trim()) : undefined;
  if (procedure === undefined || !procedure.active)
    throw new ServicesError(
      'procedure_not_found',
      `procedure ${JSON.stringify(String(code).slice(0, 40))} is not in the catalogue (or no longer offered): search the catalogue by name`,
      'Thủ tục không có trong danh mục hoặc đã ngừng tiếp nhận qua bưu chính: hãy tìm lại theo tên thủ tục',
      { field: 'procedure' },
    );
  const agency = found(
    await findAgency(db, procedure.agency_code),
    () =>
      new ServicesError(
        'agency_not_found',
        `The agency ${procedure.agency_code} of ${procedure.code} is not in the catalogue`,
        'Cơ quan tiếp nhận của thủ tục chưa có trong danh mục',
        { agency: procedure.agency_code },
      ),
  );
  return { procedure, agency };
}

/** The intake jobs of the dossiers module. */
export function createIntake(deps: DossiersDeps): Pick<Dossiers, 'intake' | 'complete' | 'supplement'> {
  const { journal, requests, places, clock } = deps;
  const today = () => vietnamDay(clock.now());
  const year = () => clock.now().getUTCFullYear();

  const answerFirst = async (trx: Trx, first: string | null) =>
    first === null ? undefined : loadDossier(trx, first);

  return {
    async intake(input, at, request) {
      if (typeof input !== 'object' || input === null)
        throw bad('dossier', 'must be an object', 'Thiếu thông tin hồ sơ');
      const service = serviceOf(input.service);
      const c = input.citizen as unknown as Record<string, unknown> | undefined;
      if (typeof c !== 'object' || c === null) throw bad('citizen', 'is missing', 'Thiếu thông tin công dân');
      const citizen = {
        name: text('citizen.name', c.name, 100, 'Họ tên công dân'),
        cccd: cccdOf('citizen.cccd', c.cccd, year()),
        phone: phoneOf('citizen.phone', c.phone, 'công dân'),
        address: text('citizen.address', c.address, 200, 'Địa chỉ công dân'),
        commune: typeof c.commune === 'string' ? c.commune.trim() : '',
      };
      if (!/^\d{5}$/.test(citizen.commune) || (await places.provinceOf(citizen.commune)) === undefined)
        throw bad(
          'citizen.commune',
          `${JSON.stringify(typeof c.commune === 'string' ? c.commune.slice(0, 10) : typeof c.commune)} is not the 5-digit code of a commune`,
          'Xã/phường của công dân không có trong danh mục: hãy chọn lại',
        );
      const representative = representativeOf(input.representative, today(), year());
      if (representative !== null && representative.cccd === citizen.cccd)
        throw bad(
          'representative.cccd',
          'is the citizen’s own: leave the representative out',
          'Người được ủy quyền trùng với công dân: bỏ phần ủy quyền',
        );
      const place = input.place ?? 'counter';
      if (place !== 'counter' && place !== 'address')
        throw bad(
          'place',
          'must be counter or address',
          'Nơi nhận hồ sơ phải là quầy hoặc địa chỉ của công dân',
        );
      const postcode = await places.postcode(at.office_id);
      return journal.transaction(async (trx) => {
        const again = await answerFirst(trx, await requests.first(trx, request));
        if (again !== undefined) return again;
        const { procedure, agency } = await offered(trx, input.procedure);
        const expected = feesFor(procedure, service);
        let agencyRef: string | null = null;
        let documents: PresentedInput[] = [];
        let missing: string[] = [];
        if (service === 'receive') {
          agencyRef = text('agency_ref', input.agency_ref, 60, 'Mã hồ sơ do cơ quan cấp');
          if (input.documents !== undefined && input.documents.length > 0)
            throw bad(
              'documents',
              'are not taken for a result only: the dossier was lodged with the agency',
              'Dịch vụ chỉ nhận kết quả không nhận giấy tờ',
            );
        } else {
          if (input.agency_ref !== undefined && input.agency_ref !== null)
            throw bad(
              'agency_ref',
              'is only for a result lodged with the agency directly (service receive)',
              'Mã hồ sơ của cơ quan chỉ dùng cho dịch vụ nhận kết quả',
            );
          ({ documents, missing } = checkDocuments(procedure, input.documents));
        }
        const complete = missing.length === 0;
        const serial = await repo.nextSerial(trx, postcode);
        if (serial > 9_999_999n)
          throw new ServicesError(
            'invalid_dossier',
            `Office ${postcode} has used up its dossier codes`,
            'Bưu cục đã dùng hết dãy mã hồ sơ',
            {},
          );
        const id = `HS${postcode}${serial.toString().padStart(7, '0')}`;
        let seal: string | null = null;
        let signatures = { citizen: null as string | null, clerk: null as string | null };
        if (complete) {
          checkFees(input.fees, expected);
          if (service !== 'receive') seal = sealOf(input.seal);
          signatures = {
            citizen: signatureOf(
              'signatures.citizen',
              input.signatures?.citizen,
              representative === null ? 'công dân' : 'người được ủy quyền',
            ),
            clerk: signatureOf('signatures.clerk', input.signatures?.clerk, 'giao dịch viên'),
          };
        }
        const state = !complete ? 'incomplete' : service === 'receive' ? 'awaiting_result' : 'accepted';
        await journal.append(trx, dossierTaken, {
          stream: id,
          actor: at.clerk_id,
          office: at.office_id,
          payload: {
            id,
            service,
            procedure: procedure.code,
            agency: agency.code,
            office: at.office_id,
            place,
            state,
            citizen,
            representative,
            agency_ref: agencyRef,
            documents,
            missing,
            seal,
            agency_fee: complete ? expected.agency.toString() : '0',
            post_fee: complete ? expected.post.toString() : '0',
            clerk: at.clerk_id,
            till_session_id: complete ? at.till_session_id : null,
            signatures,
            leg: state === 'accepted' ? { leg_no: 1, kind: 'out', from_office: at.office_id } : null,
          },
        });
        if (complete)
          await journal.append(trx, feesTaken, {
            stream: id,
            actor: at.clerk_id,
            office: at.office_id,
            payload: {
              dossier: id,
              office: at.office_id,
              clerk: at.clerk_id,
              till_session_id: at.till_session_id,
              agency: agency.code,
              agency_name: agency.name,
              agency_amount: expected.agency.toString(),
              post_amount: expected.post.toString(),
            },
          });
        await requests.answered(trx, request, id, { actor: at.clerk_id, office: at.office_id });
        return loadDossier(trx, id);
      });
    },

    async complete(id, input, at, request) {
      return journal.transaction(async (trx) => {
        const again = await answerFirst(trx, await requests.first(trx, request));
        if (again !== undefined) return again;
        const d = await loadDossier(trx, id);
        if (d.state !== 'incomplete')
          throw new ServicesError(
            'dossier_out_of_order',
            `Dossier ${id} is ${d.state}, not waiting for documents`,
            'Hồ sơ này không ở trạng thái chờ bổ sung giấy tờ',
            { state: d.state },
          );
        if (d.office_id !== at.office_id)
          throw new ServicesError(
            'dossier_out_of_order',
            `Dossier ${id} waits at another office: complete it there`,
            'Hồ sơ đang chờ tại bưu cục khác: hãy bổ sung tại bưu cục đã nhận',
            { office: d.office_id },
          );
        const { procedure, agency } = await offered(trx, d.procedure_code);
        const { documents, missing } = checkDocuments(procedure, input.documents, d.documents);
        if (missing.length > 0)
          throw new ServicesError(
            'dossier_incomplete',
            `Dossier ${id} still lacks ${missing.join(', ')}`,
            `Hồ sơ vẫn còn thiếu: ${missing.map((k) => procedure.documents.find((x) => x.key === k)?.name ?? k).join('; ')}`,
            { missing },
          );
        const expected = feesFor(procedure, d.service);
        checkFees(input.fees, expected);
        const seal = sealOf(input.seal);
        const signatures = {
          citizen: signatureOf(
            'signatures.citizen',
            input.signatures?.citizen,
            d.representative === null ? 'công dân' : 'người được ủy quyền',
          ),
          clerk: signatureOf('signatures.clerk', input.signatures?.clerk, 'giao dịch viên'),
        };
        await journal.append(trx, dossierCompleted, {
          stream: id,
          actor: at.clerk_id,
          office: at.office_id,
          payload: {
            id,
            documents: [...d.documents, ...documents],
            seal,
            agency_fee: expected.agency.toString(),
            post_fee: expected.post.toString(),
            clerk: at.clerk_id,
            till_session_id: at.till_session_id,
            signatures,
            leg: { leg_no: d.legs.length + 1, kind: 'out', from_office: at.office_id },
          },
        });
        await journal.append(trx, feesTaken, {
          stream: id,
          actor: at.clerk_id,
          office: at.office_id,
          payload: {
            dossier: id,
            office: at.office_id,
            clerk: at.clerk_id,
            till_session_id: at.till_session_id,
            agency: agency.code,
            agency_name: agency.name,
            agency_amount: expected.agency.toString(),
            post_amount: expected.post.toString(),
          },
        });
        await requests.answered(trx, request, id, { actor: at.clerk_id, office: at.office_id });
        return loadDossier(trx, id);
      });
    },

    async supplement(id, input, at, request) {
      return journal.transaction(async (trx) => {
        const again = await answerFirst(trx, await requests.first(trx, request));
        if (again !== undefined) return again;
        const d = await loadDossier(trx, id);
        if (d.state !== 'needs_supplement')
          throw new ServicesError(
            'dossier_out_of_order',
            `Dossier ${id} is ${d.state}: the agency has not asked for a supplement`,
            'Cơ quan chưa yêu cầu bổ sung hồ sơ này',
            { state: d.state },
          );
        // The route lets a clerk name only his own office: the dossier must be that office's, as for completion.
        if (d.office_id !== at.office_id)
          throw new ServicesError(
            'dossier_out_of_order',
            `Dossier ${id} was taken in at another office: its supplement is taken there`,
            'Hồ sơ được tiếp nhận tại bưu cục khác: hãy nhận giấy tờ bổ sung tại bưu cục đã nhận hồ sơ',
            { office: d.office_id },
          );
        const { procedure } = await offered(trx, d.procedure_code);
        const { documents } = checkDocuments(procedure, input.documents);
        if (documents.length === 0)
          throw bad(
            'documents',
            'are empty: record the papers the citizen brought',
            'Hãy ghi các giấy tờ công dân mang đến bổ sung',
          );
        await journal.append(trx, supplemented, {
          stream: id,
          actor: at.clerk_id,
          office: at.office_id,
          payload: {
            dossier: id,
            documents,
            leg: { leg_no: d.legs.length + 1, kind: 'supplement', from_office: at.office_id },
          },
        });
        await requests.answered(trx, request, id, { actor: at.clerk_id, office: at.office_id });
        return loadDossier(trx, id);
      });
    },
  };
}
