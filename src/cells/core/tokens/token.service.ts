import { randomBytes } from 'node:crypto';
import type { Kysely } from '../../../storage/index.ts';
import type { Journal } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { sha256Hex } from '../../../platform/hash.ts';
import { newId } from '../../../platform/ids.ts';
import { authorize, PERMISSIONS, ROLE_GRANTS, staffPrincipal, type Permission } from '../access/index.ts';
import { found } from '../../../platform/errors.ts';
import { CoreError } from '../core-error.ts';
import type { CoreTables } from '../core-tables.ts';
import { officeTarget, type Offices } from '../offices/index.ts';
import type { Staff, StaffService } from '../staff/index.ts';
import { tokenIssued, tokenRevoked } from './token.events.ts';
import * as repo from './token.repository.ts';

export const MAX_TOKEN_DAYS = 365;
const PREFIX = 'pct_';

export interface ApiToken {
  id: string;
  staff_id: string;
  name: string;
  permissions: Permission[];
  office_id: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface IssueTokenInput {
  staff_id: string;
  name: string;
  permissions: readonly string[];
  /** Limit the token to one office; null for the holder's whole reach. */
  office_id?: string | null;
  /** 1 to 365. */
  days: number;
}

export interface Tokens {
  /** Issues a token; the secret is in the result only, shown once. It can only narrow its holder's rights. */
  issue(input: IssueTokenInput, actor: string): Promise<{ token: string; apiToken: ApiToken }>;
  revoke(id: string, reason: string, actor: string): Promise<ApiToken>;
  get(id: string): Promise<ApiToken>;
  /** A holder's tokens, live and dead, newest first; never their secrets. */
  listOf(staffId: string): Promise<ApiToken[]>;
  /** The holder and scope behind a bearer token, if it is live and its holder active. */
  authenticate(bearer: string): Promise<{ staff: Staff; token: ApiToken }>;
}

export interface TokensDeps {
  db: Kysely<CoreTables>;
  journal: Journal<CoreTables>;
  clock: Clock;
  staff: Pick<StaffService, 'get'>;
  offices: Pick<Offices, 'get'>;
}

const bad = (field: string, what: string, vi: string) =>
  new CoreError('invalid_token_request', `Token field ${field} ${what}`, `Trường ${field}: ${vi}`, { field });

function toToken(r: repo.TokenRow): ApiToken {
  return {
    id: r.id,
    staff_id: r.staff_id,
    name: r.name,
    permissions: JSON.parse(r.permissions) as Permission[],
    office_id: r.office_id,
    created_at: r.created_at,
    expires_at: r.expires_at,
    revoked_at: r.revoked_at,
  };
}

/** Creates API tokens for the core cell. */
export function createTokens(deps: TokensDeps): Tokens {
  const { db, journal, clock } = deps;
  const invalid = () =>
    new CoreError(
      'token_invalid',
      'The API token is unknown, expired or revoked: ask for a new one',
      'Mã truy cập (token) không hợp lệ, đã hết hạn hoặc bị thu hồi: hãy xin cấp mã mới',
    );
  const require = async (trx: Kysely<CoreTables>, id: string): Promise<repo.TokenRow> =>
    found(
      await repo.findToken(trx, id),
      () =>
        new CoreError(
          'token_not_found',
          `No API token has id ${JSON.stringify(id)}`,
          `Không tìm thấy mã truy cập ${id}`,
        ),
    );
  return {
    async issue(input, actor) {
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (name.length < 1 || name.length > 100)
        throw bad('name', 'must be 1 to 100 characters', 'phải có từ 1 đến 100 ký tự');
      if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_TOKEN_DAYS)
        throw bad(
          'days',
          `must be a whole number from 1 to ${MAX_TOKEN_DAYS}`,
          `phải từ 1 đến ${MAX_TOKEN_DAYS} ngày`,
        );
      const list: readonly unknown[] = Array.isArray(input.permissions)
        ? (input.permissions as readonly unknown[])
        : [];
      const requested = [...new Set(list.map(String))];
      if (requested.length === 0)
        throw bad('permissions', 'must name at least one permission', 'phải có ít nhất một quyền');
      for (const p of requested)
        if (!(PERMISSIONS as readonly string[]).includes(p))
          throw bad('permissions', `has unknown permission ${JSON.stringify(p)}`, `quyền ${p} không tồn tại`);
      const holder = await deps.staff.get(String(input.staff_id));
      if (holder.status !== 'active')
        throw new CoreError('staff_disabled', `Staff ${holder.id} is disabled`, 'Tài khoản đã bị khóa', {
          field: 'staff_id',
        });
      const granted = new Set(holder.roles.flatMap((r) => ROLE_GRANTS[r].permissions));
      const beyond = requested.filter((p) => !granted.has(p as Permission));
      if (beyond.length > 0)
        throw new CoreError(
          'token_scope_too_wide',
          `A token cannot carry permissions its holder lacks: ${beyond.join(', ')}`,
          `Mã truy cập không thể có quyền mà người giữ không có: ${beyond.join(', ')}`,
          { field: 'permissions', beyond },
        );
      const officeId = input.office_id ?? null;
      if (officeId !== null) {
        // An office the holder does not reach would make a token wider than its holder on paper: refused.
        const at = officeTarget(await deps.offices.get(officeId));
        const holderAt = staffPrincipal(holder, officeTarget(await deps.offices.get(holder.office_id)));
        const outside = requested.filter((p) => !authorize(holderAt, p as Permission, at).allowed);
        if (outside.length > 0)
          throw new CoreError(
            'token_scope_too_wide',
            `Token field office_id: office ${officeId} is beyond its holder's reach for ${outside.join(', ')}: name an office the holder works for, or none`,
            `Trường office_id: người giữ mã không có quyền ${outside.join(', ')} tại đơn vị ${officeId}; hãy chọn đơn vị trong phạm vi của họ`,
            { field: 'office_id', beyond: outside },
          );
      }
      const secret = randomBytes(32).toString('base64url');
      const id = newId('tok');
      const expiresAt = new Date(clock.now().getTime() + input.days * 86_400_000).toISOString();
      const apiToken = await journal.transaction(async (trx) => {
        await journal.append(trx, tokenIssued, {
          stream: id,
          actor,
          office: holder.office_id,
          payload: {
            id,
            staff_id: holder.id,
            name,
            permissions: (requested as Permission[]).sort(),
            office_id: officeId,
            expires_at: expiresAt,
            secret_hash: sha256Hex(secret),
          },
        });
        return toToken((await repo.findToken(trx, id))!);
      });
      return { token: `${PREFIX}${secret}`, apiToken };
    },
    async get(id) {
      return toToken(await require(db, id));
    },
    async listOf(staffId) {
      return (await repo.findTokensOf(db, staffId)).map(toToken);
    },
    async revoke(id, reason, actor) {
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const row = await require(trx, id);
        if (row.revoked_at !== null) return toToken(row);
        const text = typeof reason === 'string' ? reason.trim() : '';
        if (text.length < 3)
          throw bad('reason', 'must say why, in at least 3 characters', 'hãy ghi rõ lý do');
        await journal.append(trx, tokenRevoked, {
          stream: id,
          actor,
          office: null,
          payload: { id, reason: text },
        });
        return toToken((await repo.findToken(trx, id))!);
      });
    },
    async authenticate(bearer) {
      if (typeof bearer !== 'string' || !bearer.startsWith(PREFIX)) throw invalid();
      const row = await repo.findBySecretHash(db, sha256Hex(bearer.slice(PREFIX.length)));
      if (row === undefined || row.revoked_at !== null || Date.parse(row.expires_at) <= clock.now().getTime())
        throw invalid();
      const staff = await deps.staff.get(row.staff_id);
      if (staff.status !== 'active') throw invalid();
      return { staff, token: toToken(row) };
    },
  };
}
