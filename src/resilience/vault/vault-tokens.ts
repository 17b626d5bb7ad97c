// The vault's two kinds of token. The platform holds an append token (put objects and entries, read its own
// acknowledgements); the security team keeps a restore token offline (read the log and the objects). The
// vault stores only their hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { z } from 'zod';
import { ResilienceError } from '../resilience-error.ts';

export type TokenKind = 'append' | 'restore';

const tokenRecord = z.object({
  id: z.string(),
  kind: z.enum(['append', 'restore']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  created_at: z.string(),
  expires_at: z.string(),
});
export type TokenRecord = z.infer<typeof tokenRecord>;

const PREFIX: Record<TokenKind, string> = { append: 'pcva_', restore: 'pcvr_' };
export const MAX_VAULT_TOKEN_DAYS = 3650;

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The tokens file, re-read when it changes so that a token added by `postcore vault token` works at once. */
export function createTokenBook(file: string) {
  let cached: { stamp: string; records: TokenRecord[] } | undefined;
  const read = (): TokenRecord[] => {
    if (!existsSync(file)) return [];
    const st = statSync(file);
    const stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    if (cached?.stamp === stamp) return cached.records;
    const records = z.array(tokenRecord).parse(JSON.parse(readFileSync(file, 'utf8')));
    cached = { stamp, records };
    return records;
  };
  return {
    /** Issues a token: the secret is returned once; only its hash is kept. */
    issue(kind: TokenKind, days: number, now: Date): { token: string; record: TokenRecord } {
      if (!Number.isInteger(days) || days < 1 || days > MAX_VAULT_TOKEN_DAYS)
        throw new ResilienceError(
          'vault_entry_invalid',
          `A vault token lasts 1 to ${MAX_VAULT_TOKEN_DAYS} days, not ${days}`,
          'Thời hạn mã truy cập không hợp lệ',
        );
      const token = `${PREFIX[kind]}${randomBytes(24).toString('base64url')}`;
      const record: TokenRecord = {
        id: `vt_${randomBytes(6).toString('hex')}`,
        kind,
        sha256: digest(token),
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + days * 86_400_000).toISOString(),
      };
      const records = [...read(), record];
      writeFileSync(`${file}.tmp`, `${JSON.stringify(records, null, 2)}\n`, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
      return { token, record };
    },
    /** Who holds this bearer token; unknown and expired tokens are refused with what to do. */
    authenticate(header: string | undefined, now: Date): TokenRecord {
      const token = header?.startsWith('Bearer ') === true ? header.slice(7).trim() : undefined;
      if (token === undefined || token === '')
        throw new ResilienceError(
          'vault_unauthorized',
          'The vault needs a token: send "Authorization: Bearer pcva_…" (append) or "pcvr_…" (restore)',
          'Thiếu mã truy cập kho sao lưu',
        );
      const want = Buffer.from(digest(token), 'hex');
      const found = read().find((r) => timingSafeEqual(Buffer.from(r.sha256, 'hex'), want));
      if (found === undefined)
        throw new ResilienceError(
          'vault_unauthorized',
          'This token is not one the vault issued: check the token, or issue one with postcore vault token',
          'Mã truy cập kho sao lưu không hợp lệ',
        );
      if (Date.parse(found.expires_at) <= now.getTime())
        throw new ResilienceError(
          'vault_token_expired',
          `Vault token ${found.id} expired at ${found.expires_at}: issue a new one with postcore vault token`,
          'Mã truy cập kho sao lưu đã hết hạn',
          { token: found.id, expires_at: found.expires_at },
        );
      return found;
    },
  };
}
export type TokenBook = ReturnType<typeof createTokenBook>;
