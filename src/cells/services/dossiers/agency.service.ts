// The agency's side: what an officer records about a dossier its agency holds, in the order the Circular allows
// and for its own agency only; and the post collecting a result to carry it back.
import type { Kysely } from '../../../storage/index.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { withoutMarks } from '../../../platform/text.ts';
import { findAgency } from '../catalogue/index.ts';
import { ServicesError } from '../services-error.ts';
import type { ServicesTables } from '../services-tables.ts';
import { decided, noticeQueued, resultCollected } from './dossier.events.ts';
import {
  AGENCY_MOVES,
  AGENCY_STATUSES,
  NEEDS_REASON,
  type AgencyStatus,
  type Dossier,
  type Dossiers,
  type DossiersDeps,
} from './dossier.model.ts';
import * as repo from './dossier.repository.ts';
import { bad, isDay } from './intake.checks.ts';
import { loadDossier } from './intake.service.ts';

type Trx = Kysely<ServicesTables>;

const STATUS_VI: Record<AgencyStatus, string> = {
  received: 'đã tiếp nhận',
  needs_supplement: 'yêu cầu bổ sung',
  extended: 'gia hạn',
  suspended: 'tạm dừng',
  refused: 'từ chối',
  done: 'đã có kết quả',
};

const vnDate = (day: string) => day.split('-').reverse().join('/');

/**
 * Queues a text message to the citizen (and the representative, if there is one) in the dossier's outbox,
 * without Vietnamese marks (names and the agency's included) so that it fits one plain SMS.
 */
export async function notify(
  deps: Pick<DossiersDeps, 'journal'>,
  trx: Trx,
  d: Dossier,
  body: string,
): Promise<void> {
  const phones = [
    ...new Set([d.citizen.phone, ...(d.representative === null ? [] : [d.representative.phone])]),
  ];
  const n = (await repo.findNotices(trx, d.id)).length;
  for (const [i, phone] of phones.entries())
    await deps.journal.append(trx, noticeQueued, {
      stream: d.id,
      actor: 'system:services',
      office: d.office_id,
      payload: {
        id: `${d.id}:${n + i + 1}`,
        dossier: d.id,
        channel: 'sms',
        recipient: phone,
        body: withoutMarks(body).slice(0, 480),
      },
    });
}

/** The agency's and the collecting jobs of the dossiers module. */
export function createAgencySide(deps: DossiersDeps): Pick<Dossiers, 'decide' | 'collectResult'> {
  const { journal, requests, clock, places } = deps;
  const again = async (trx: Trx, first: string | null) =>
    first === null ? undefined : loadDossier(trx, first);

  return {
    async decide(id, input, officer, request) {
      const status = input?.status;
      if (typeof status !== 'string' || !(AGENCY_STATUSES as readonly string[]).includes(status))
        throw bad(
          'status',
          `must be one of ${AGENCY_STATUSES.join(', ')}`,
          'Hãy chọn trạng thái xử lý hợp lệ',
        );
      const s = status as AgencyStatus;
      const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
      if (NEEDS_REASON.includes(s) && (reason.length < 3 || reason.length > 500))
        throw bad(
          'reason',
          `is required for ${s}: 3 to 500 characters the citizen will read`,
          `Cần ghi lý do ${STATUS_VI[s]} (3 đến 500 ký tự) để thông báo cho công dân`,
        );
      if (reason.length > 500) throw bad('reason', 'is at most 500 characters', 'Lý do tối đa 500 ký tự');
      const today = vietnamDay(clock.now());
      const day = input.appointment_day ?? null;
      if (day !== null && (!isDay(day) || day < today))
        throw bad(
          'appointment_day',
          'must be a real day, today or later, as YYYY-MM-DD',
          'Ngày hẹn trả kết quả phải là ngày hợp lệ, từ hôm nay trở đi',
        );
      return journal.transaction(async (trx) => {
        const first = await again(trx, await requests.first(trx, request));
        if (first !== undefined) return first;
        const d = await loadDossier(trx, id);
        // Another agency's dossier is not this officer's to decide.
        if (officer.agency === undefined || officer.agency !== d.agency_code)
          throw new ServicesError(
            'not_your_agency',
            officer.agency === undefined
              ? 'Your account acts for no agency yet: ask the provincial post to assign you to your agency'
              : `Dossier ${id} is for another agency: you act for ${officer.agency}`,
            officer.agency === undefined
              ? 'Tài khoản của bạn chưa được gắn với cơ quan nào: hãy đề nghị Bưu điện tỉnh gắn tài khoản'
              : 'Hồ sơ này thuộc cơ quan khác: bạn chỉ xử lý hồ sơ của cơ quan mình',
            { dossier: id },
          );
        const allowed = AGENCY_MOVES[d.state] ?? [];
        if (!allowed.includes(s))
          throw new ServicesError(
            'dossier_out_of_order',
            `Dossier ${id} is ${d.state}: it cannot be marked ${s} now${allowed.length > 0 ? ` (only ${allowed.join(', ')})` : ''}`,
            `Hồ sơ đang ở trạng thái không cho phép chuyển sang "${STATUS_VI[s]}"`,
            { state: d.state, allowed },
          );
        let appointment: string | null = null;
        // Received without a day: the deadline, or today when the agency takes it in after its deadline (never a
        // day already gone, which the citizen would be told).
        if (s === 'received')
          appointment = day ?? (d.deadline_day !== null && d.deadline_day < today ? today : d.deadline_day);
        if (s === 'extended') {
          if (day === null)
            throw bad(
              'appointment_day',
              'is required to extend: the new day the result will be ready',
              'Gia hạn cần ngày hẹn trả kết quả mới',
            );
          if (d.appointment_day !== null && day <= d.appointment_day)
            throw bad(
              'appointment_day',
              `must be after the current appointment ${d.appointment_day}`,
              `Ngày hẹn mới phải sau ngày hẹn hiện tại ${vnDate(d.appointment_day)}`,
            );
          appointment = day;
        }
        await journal.append(trx, decided, {
          stream: id,
          actor: officer.id,
          office: null,
          payload: {
            dossier: id,
            agency: d.agency_code,
            status: s,
            reason: reason === '' ? null : reason,
            appointment_day: appointment,
          },
        });
        const agency = (await findAgency(trx, d.agency_code))?.name ?? d.agency_code;
        const receives = d.service !== 'send';
        if (s === 'done' || s === 'refused')
          await notify(
            deps,
            trx,
            d,
            s === 'done'
              ? receives
                ? `Ho so ${id}: ${agency} da co ket qua. Buu dien se chuyen ket qua den dia chi cua ong/ba.`
                : `Ho so ${id}: ${agency} da co ket qua. Moi ong/ba den nhan tai co quan.`
              : `Ho so ${id}: ${agency} tu choi giai quyet. Ly do: ${reason}`,
          );
        if (s === 'needs_supplement')
          await notify(
            deps,
            trx,
            d,
            `Ho so ${id}: ${agency} yeu cau bo sung: ${reason}. Vui long mang giay to den buu cuc.`,
          );
        await requests.answered(trx, request, id, { actor: officer.id, office: null });
        return loadDossier(trx, id);
      });
    },

    async collectResult(id, at, request) {
      return journal.transaction(async (trx) => {
        const first = await again(trx, await requests.first(trx, request));
        if (first !== undefined) return first;
        const d = await loadDossier(trx, id);
        if (d.service === 'send')
          throw new ServicesError(
            'dossier_out_of_order',
            `Dossier ${id} was sent only: the citizen collects the result at the agency`,
            'Hồ sơ chỉ đăng ký gửi: công dân tự nhận kết quả tại cơ quan',
            { state: d.state },
          );
        if (d.state !== 'done' && d.state !== 'refused')
          throw new ServicesError(
            'dossier_out_of_order',
            `Dossier ${id} is ${d.state}: the agency has no result for it yet`,
            'Cơ quan chưa có kết quả cho hồ sơ này',
            { state: d.state },
          );
        const agency = (await findAgency(trx, d.agency_code))!;
        const from = await places.servingOffice(agency.commune);
        if (from !== at.office_id)
          throw new ServicesError(
            'dossier_out_of_order',
            `The result of ${id} is collected by the office serving ${agency.name}`,
            'Kết quả do bưu cục phục vụ cơ quan này thu gom',
            { office: from },
          );
        await journal.append(trx, resultCollected, {
          stream: id,
          actor: at.actor,
          office: at.office_id,
          payload: { dossier: id, leg: { leg_no: d.legs.length + 1, kind: 'back', from_office: from } },
        });
        await requests.answered(trx, request, id, { actor: at.actor, office: at.office_id });
        return loadDossier(trx, id);
      });
    },
  };
}
