// A request whose text holds U+0000 is refused at the edge, naming where: no field of the API needs it, and
// PostgreSQL cannot store it in text (a lookup by such an id would fail inside the database as a 500).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './errors.ts';

/** The first place in a parsed value where a string (or a key) holds U+0000, as `body.transfers[0].id`. */
export function nulAt(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  // Parsed JSON is a tree of plain objects and arrays; a file's bytes (a Buffer, a stream) are the route's to
  // read, and past this depth nothing the API takes goes.
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  const proto: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`;
    if (k.includes('\u0000')) return at;
    const inner = nulAt(v, at, depth + 1);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * The preValidation hook: a 400 invalid_request naming the field, in the shape a schema's refusal has (its
 * `details` a list of fields), before the route sees the request.
 */
export async function refuseNul(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  for (const [name, value] of [
    ['params', req.params],
    ['querystring', req.query],
    ['body', req.body],
  ] as const) {
    const at = nulAt(value, name);
    if (at === undefined) continue;
    await reply.status(400).send({
      code: 'invalid_request',
      message: `Invalid request: ${at} holds a NUL character (U+0000): remove it and send again`,
      message_vi: `Yêu cầu không hợp lệ ở trường ${at}: có ký tự rỗng (NUL), hãy xóa rồi gửi lại`,
      request_id: req.id,
      details: [{ field: at, message: 'must not hold a NUL character (U+0000)' }],
    } satisfies ErrorBody);
    return;
  }
}
