import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import { searchKey } from '../../../platform/text.ts';
import type { CoreTables } from '../core-tables.ts';
import * as repo from './office.repository.ts';

export const OFFICE_TYPES = [
  'corporation',
  'provincial_post',
  'post_office',
  'service_point',
  'sorting_centre',
] as const;
export type OfficeType = (typeof OFFICE_TYPES)[number];
/** Offices that serve the whole country: no province's reach extends to them or to their staff. */
export const NATIONAL_OFFICE_TYPES: readonly OfficeType[] = ['corporation', 'sorting_centre'];

const code5 = z.string().regex(/^\d{5}$/);
const code2 = z.string().regex(/^\d{2}$/);

export const officeOpenedSchema = z.strictObject({
  id: z.string().regex(/^ofc_[0-9a-f]{32}$/),
  type: z.enum(OFFICE_TYPES),
  name: z.string().min(2).max(200),
  postcode: code5,
  province_code: code2.nullable(),
  commune_code: code5.nullable(),
  address: z.string().min(1).max(300),
  phone: z
    .string()
    .regex(/^\+84\d{8,10}$/)
    .nullable(),
  opening_hours: z.string().min(1).max(200),
  parent_id: z.string().nullable(),
});

export const officeOpened = defineEvent<CoreTables, typeof officeOpenedSchema>({
  type: 'core.office.opened',
  schema: officeOpenedSchema,
  async apply(db, e) {
    await repo.insertOffice(db, {
      ...e.payload,
      status: 'open',
      opened_at: e.at,
      closed_at: null,
      close_reason: null,
      search_key: searchKey(e.payload.name),
      updated_seq: e.seq,
    });
  },
});

export const officeMoved = defineEvent({
  type: 'core.office.moved',
  schema: z.strictObject({
    id: z.string(),
    province_code: code2,
    commune_code: code5,
    address: z.string().min(1).max(300),
  }),
  async apply(db: Parameters<typeof officeOpened.apply>[0], e) {
    const { id, ...place } = e.payload;
    await repo.updateOffice(db, id, { ...place, updated_seq: e.seq });
  },
});

export const officeClosed = defineEvent({
  type: 'core.office.closed',
  schema: z.strictObject({ id: z.string(), reason: z.string().min(3).max(300) }),
  async apply(db: Parameters<typeof officeOpened.apply>[0], e) {
    await repo.updateOffice(db, e.payload.id, {
      status: 'closed',
      closed_at: e.at,
      close_reason: e.payload.reason,
      updated_seq: e.seq,
    });
  },
});

export const officeEvents = [officeOpened, officeMoved, officeClosed];
