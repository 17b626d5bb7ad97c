import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import { searchKey } from '../../../platform/text.ts';
import { ROLES } from '../access/index.ts';
import type { CoreTables } from '../core-tables.ts';
import * as repo from './staff.repository.ts';

const roles = z.array(z.enum(ROLES)).min(1).max(ROLES.length);

export const staffAddedSchema = z.strictObject({
  id: z.string().regex(/^stf_[0-9a-f]{32}$/),
  username: z.string().regex(/^[a-z][a-z0-9._-]{2,31}$/),
  full_name: z.string().min(2).max(100),
  cccd: z
    .string()
    .regex(/^\d{12}$/)
    .nullable(),
  phone: z.string().regex(/^\+84\d{9,10}$/),
  office_id: z.string(),
  roles,
  // The scrypt hash, never the password: the journal and its backups must not hold a usable secret.
  password_hash: z.string().startsWith('scrypt$'),
});

export const staffAdded = defineEvent<CoreTables, typeof staffAddedSchema>({
  type: 'core.staff.added',
  schema: staffAddedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.insertStaff(db, {
      ...p,
      roles: JSON.stringify([...p.roles].sort()),
      search_key: searchKey(p.full_name),
      status: 'active',
      created_at: e.at,
      disabled_at: null,
      disabled_reason: null,
      updated_seq: e.seq,
    });
  },
});

export const staffRolesChanged = defineEvent({
  type: 'core.staff.roles_changed',
  schema: z.strictObject({ id: z.string(), roles }),
  async apply(db: Parameters<typeof staffAdded.apply>[0], e) {
    await repo.updateStaff(db, e.payload.id, {
      roles: JSON.stringify([...e.payload.roles].sort()),
      updated_seq: e.seq,
    });
  },
});

export const staffDisabled = defineEvent({
  type: 'core.staff.disabled',
  schema: z.strictObject({ id: z.string(), reason: z.string().min(3).max(300) }),
  async apply(db: Parameters<typeof staffAdded.apply>[0], e) {
    await repo.updateStaff(db, e.payload.id, {
      status: 'disabled',
      disabled_at: e.at,
      disabled_reason: e.payload.reason,
      updated_seq: e.seq,
    });
  },
});

export const staffEvents = [staffAdded, staffRolesChanged, staffDisabled];
