// What a manager watches of the dossiers over her reach: per office, those at an agency, those due within two
// working days and those past their deadline.
import type { Kysely } from '../../../storage/index.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import type { Clock } from '../../../platform/clock.ts';
import { addWorkingDays } from '../../../platform/working-days.ts';
import { AT_AGENCY } from '../dossiers/index.ts';
import type { ServicesTables } from '../services-tables.ts';
import * as repo from './overview.repository.ts';

export interface DossierOfficeRow {
  office_id: string;
  postcode: string;
  name: string;
  at_agency: number;
  near: number;
  past: number;
}

export interface DossierOverview {
  day: string;
  /** The last day counted as near: two working days on. */
  near_to: string;
  offices: DossierOfficeRow[];
  totals: { at_agency: number; near: number; past: number };
}

export interface DossierOverviews {
  /** The offices' dossiers at an agency today, near and past their deadline. */
  overview(offices: ReadonlyArray<{ id: string; postcode: string; name: string }>): Promise<DossierOverview>;
}

/** The dossiers' overview over the services database. */
export function createDossierOverviews(db: Kysely<ServicesTables>, clock: Clock): DossierOverviews {
  return {
    async overview(offices) {
      const day = vietnamDay(clock.now());
      const nearTo = addWorkingDays(day, 2);
      const counts = await repo.dueByOffice(
        db,
        offices.map((o) => o.id),
        AT_AGENCY,
        { nearFrom: day, nearTo, pastBefore: day },
      );
      const byOffice = new Map(counts.map((c) => [c.office_id, c]));
      const rows = offices.map((o) => {
        const c = byOffice.get(o.id);
        return {
          office_id: o.id,
          postcode: o.postcode,
          name: o.name,
          at_agency: Number(c?.at_agency ?? 0),
          near: Number(c?.near ?? 0),
          past: Number(c?.past ?? 0),
        };
      });
      const sum = (k: 'at_agency' | 'near' | 'past') => rows.reduce((n, r) => n + r[k], 0);
      return {
        day,
        near_to: nearTo,
        offices: rows,
        totals: { at_agency: sum('at_agency'), near: sum('near'), past: sum('past') },
      };
    },
  };
}
