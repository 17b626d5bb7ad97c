// The dossiers module over its deps: intake, the agency's side, and the reads staff, agencies and citizens use.
import { vietnamDay } from '../../../platform/clock.ts';
import { found, isDomainError } from '../../../platform/errors.ts';
import { parseVnPhone } from '../../../platform/phone.ts';
import { maskName } from '../../../platform/text.ts';
import { addWorkingDays } from '../../../platform/working-days.ts';
import { findAgency, findProcedure } from '../catalogue/index.ts';
import { ServicesError } from '../services-error.ts';
import { createAgencySide } from './agency.service.ts';
import { AT_AGENCY, type Dossiers, type DossiersDeps, type DossierState } from './dossier.model.ts';
import * as repo from './dossier.repository.ts';
import { createIntake, loadDossier, notFound, toDossier } from './intake.service.ts';

/** Wires the dossiers module. */
export function createDossiers(deps: DossiersDeps): Dossiers {
  const { db, clock } = deps;
  return {
    ...createIntake(deps),
    ...createAgencySide(deps),
    get: (id) => loadDossier(db, id),
    async steps(id) {
      found(await repo.findDossier(db, id), () => notFound(id));
      return (await repo.findSteps(db, id)).map((s) => ({
        seq: BigInt(s.seq),
        step: s.step,
        state: s.state as DossierState,
        actor: s.actor,
        office_id: s.office_id,
        at: s.at,
        note: s.note,
      }));
    },
    async list(q) {
      const today = vietnamDay(clock.now());
      const { rows, total } = await repo.listDossiers(db, {
        ...(q.office === undefined ? {} : { office: q.office }),
        ...(q.agency === undefined ? {} : { agency: q.agency }),
        ...(q.state !== undefined
          ? { states: [q.state] }
          : q.deadline !== undefined
            ? { states: AT_AGENCY }
            : {}),
        // Near: due today or within two working days; past: due before today.
        ...(q.deadline === 'near' ? { deadlineFrom: today, deadlineTo: addWorkingDays(today, 2) } : {}),
        ...(q.deadline === 'past' ? { deadlineTo: dayBefore(today) } : {}),
        limit: q.limit,
        offset: q.offset,
      });
      const legs = await repo.findLegsOf(
        db,
        rows.map((r) => r.id),
      );
      return {
        items: rows.map((r) =>
          toDossier(
            r,
            legs.filter((l) => l.dossier_id === r.id),
          ),
        ),
        total,
        limit: q.limit,
        offset: q.offset,
      };
    },
    async lookUp(id, phone) {
      let p: string;
      try {
        p = parseVnPhone(phone);
      } catch (err) {
        if (isDomainError(err))
          throw new ServicesError(
            'invalid_dossier',
            'phone is not a Vietnamese phone number',
            'Số điện thoại không hợp lệ: nhập dạng 0912345678',
            { field: 'phone' },
          );
        throw err;
      }
      const r = await repo.findDossier(db, id);
      // A wrong phone answers as a dossier that is not there: the code alone reveals nothing.
      if (r === undefined || (r.citizen_phone !== p && r.representative_phone !== p)) throw notFound(id);
      const procedure = await findProcedure(db, r.procedure_code);
      const agency = await findAgency(db, r.agency_code);
      const legs = await repo.findLegs(db, id);
      return {
        id: r.id,
        procedure: procedure?.name ?? r.procedure_code,
        agency: agency?.name ?? r.agency_code,
        state: r.state as DossierState,
        citizen: maskName(r.citizen_name),
        appointment_day: r.appointment_day,
        items: legs.flatMap((l) => (l.item_id === null ? [] : [l.item_id])),
        steps: (await repo.findSteps(db, id))
          .filter((s) => s.step !== 'notice.queued' && s.step !== 'notice.sent')
          .map((s) => ({ step: s.step, state: s.state as DossierState, at: s.at })),
      };
    },
    async acceptedSeq(id) {
      found(await repo.findDossier(db, id), () => notFound(id));
      return found(await repo.findStepSeq(db, id, ['dossier.taken', 'dossier.completed']), () =>
        notFound(id),
      );
    },
  };
}

const dayBefore = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
