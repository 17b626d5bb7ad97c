// The Idempotency-Key header of the writes that move money or create something: one schema, so that every
// such route requires it and the OpenAPI document says so, and one way to turn it into the journal's key.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { REQUEST_KEY_PATTERN, requestKey, type RequestKey } from '../journal/index.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

const keyDescription =
  'Required: a key you make for this one request (a UUID is right), 1 to 100 printable ASCII characters. ' +
  'Sending the same request again with the same key (a retry, a double click) is answered with the first ' +
  'result and changes nothing; the same key with a different request is refused with 422 ' +
  '`idempotency_key_reused`. Keys are yours alone: another user’s key never meets yours.';

/** A keyed route's `headers` schema; the other headers pass through untouched. */
export const idempotencyHeaders = z.looseObject({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .regex(REQUEST_KEY_PATTERN, 'must be 1 to 100 printable ASCII characters without spaces')
    .describe(keyDescription),
});

/**
 * The journal's key for this request: scoped to who asks and to the route, with a hash of its parameters
 * and body. Only for routes whose schema has `idempotencyHeaders`, so the header is there and valid.
 */
export function requestKeyOf(req: FastifyRequest): RequestKey {
  const given = req.headers[IDEMPOTENCY_HEADER] as string;
  const who = req.principal?.id ?? 'anonymous';
  return requestKey(`${who} ${req.method} ${req.routeOptions.url ?? req.url}`, given, {
    // Fastify's params object has no prototype; its fields are what is hashed.
    params: { ...(req.params as object) },
    body: req.body ?? null,
  });
}

/**
 * The coded answer for a missing or malformed Idempotency-Key, from the request's validation problems
 * (undefined when the header is not among them).
 */
export function idempotencyProblem(
  problems: ReadonlyArray<{ field: string }>,
  present: boolean,
):
  | { code: 'idempotency_key_required' | 'invalid_idempotency_key'; message: string; message_vi: string }
  | undefined {
  if (!problems.some((p) => p.field === `headers.${IDEMPOTENCY_HEADER}`)) return undefined;
  return present
    ? {
        code: 'invalid_idempotency_key',
        message:
          'The Idempotency-Key header must be 1 to 100 printable ASCII characters without spaces: send a new UUID',
        message_vi:
          'Khóa chống lặp (tiêu đề Idempotency-Key) phải gồm 1 đến 100 ký tự ASCII in được, không có dấu cách: hãy gửi một mã UUID mới',
      }
    : {
        code: 'idempotency_key_required',
        message:
          'This request moves money or creates something, so it needs an Idempotency-Key header: send a new UUID with it, and the same one again if you retry it',
        message_vi:
          'Yêu cầu này chuyển tiền hoặc tạo dữ liệu nên cần tiêu đề Idempotency-Key: hãy gửi kèm một mã UUID mới, và gửi lại đúng mã đó khi thử lại',
      };
}
