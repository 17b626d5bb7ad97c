import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import { PERMISSIONS } from '../access/index.ts';
import type { CoreTables } from '../core-tables.ts';
import * as repo from './token.repository.ts';

export const tokenIssuedSchema = z.strictObject({
  id: z.string().regex(/^tok_[0-9a-f]{32}$/),
  staff_id: z.string(),
  name: z.string().min(1).max(100),
  permissions: z.array(z.enum(PERMISSIONS)).min(1),
  office_id: z.string().nullable(),
  expires_at: z.iso.datetime(),
  // The SHA-256 of the secret, which is shown once to whoever issued it and never stored.
  secret_hash: z.string().regex(/^[0-9a-f]{64}$/),
});

export const tokenIssued = defineEvent<CoreTables, typeof tokenIssuedSchema>({
  type: 'core.token.issued',
  schema: tokenIssuedSchema,
  async apply(db, e) {
    await repo.insertToken(db, {
      ...e.payload,
      permissions: JSON.stringify([...e.payload.permissions].sort()),
      created_at: e.at,
      revoked_at: null,
      revoked_reason: null,
    });
  },
});

export const tokenRevoked = defineEvent({
  type: 'core.token.revoked',
  schema: z.strictObject({ id: z.string(), reason: z.string().min(3).max(300) }),
  async apply(db: Parameters<typeof tokenIssued.apply>[0], e) {
    await repo.revokeToken(db, e.payload.id, e.at, e.payload.reason);
  },
});

export const tokenEvents = [tokenIssued, tokenRevoked];
