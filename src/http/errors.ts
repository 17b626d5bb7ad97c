import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { JournalErrorCode } from '../journal/index.ts';
import { IDEMPOTENCY_HEADER, idempotencyProblem } from './idempotency.ts';
import { DomainError, isDomainError, type PlatformErrorCode } from '../platform/errors.ts';
import type { ResilienceErrorCode } from '../resilience/resilience-error.ts';
import type { StorageErrorCode } from '../storage/index.ts';

export type HttpErrorCode =
  | 'invalid_request'
  | 'not_found'
  | 'internal_error'
  | 'authentication_required'
  | 'rate_limited'
  | 'idempotency_key_required'
  | 'invalid_idempotency_key';

/** Errors of the HTTP edge itself: no credentials, too many requests. */
export class HttpError extends DomainError<HttpErrorCode> {
  readonly cell = 'http';
}
/** The codes any server may answer: http's own and those of the layers under the cells. */
export type SharedErrorCode =
  HttpErrorCode | PlatformErrorCode | StorageErrorCode | JournalErrorCode | ResilienceErrorCode;

/** From error code to HTTP status: what a server is handed (the app's is ERROR_STATUS in src/error-status.ts). */
export type ErrorStatus = Readonly<Record<string, number>>;

/**
 * The statuses of the shared codes: the part of the app's one table (ERROR_STATUS, which spreads it) that
 * http/ knows without the cells, and all the vault's server needs. A shared code without a status fails
 * type-check here; a cell's, in src/error-status.ts.
 */
export const SHARED_ERROR_STATUS: { readonly [K in SharedErrorCode]: number } = {
  invalid_request: 400,
  not_found: 404,
  internal_error: 500,
  authentication_required: 401,
  rate_limited: 429,
  idempotency_key_required: 400,
  invalid_idempotency_key: 400,
  // platform
  invalid_amount: 400,
  invalid_id: 400,
  invalid_json: 400,
  invalid_text: 400,
  invalid_phone: 400,
  invalid_cccd: 400,
  invalid_s10: 400,
  weak_password: 400,
  secret_unreadable: 500,
  // storage
  invalid_database_url: 500,
  database_unreachable: 503,
  data_dir_unwritable: 500,
  migration_failed: 500,
  database_unavailable: 503,
  cell_missing: 503,
  migration_pending: 503,
  attachment_too_large: 413,
  attachment_missing: 503,
  attachment_corrupt: 500,
  // journal
  unknown_event_type: 400,
  invalid_payload: 400,
  invalid_event: 400,
  consumer_out_of_order: 409,
  consumer_diverged: 409,
  replay_failed: 500,
  tree_not_covered: 409,
  invalid_key: 500,
  checkpoint_not_found: 404,
  checkpoint_inconsistent: 500,
  event_not_found: 404,
  // resilience: the vault, shipping, sealing, restore
  invalid_backup_key: 500,
  seal_wrong_key: 422,
  seal_corrupt: 422,
  vault_unauthorized: 401,
  vault_token_expired: 401,
  vault_forbidden: 403,
  vault_hash_mismatch: 422,
  vault_object_missing: 404,
  vault_entry_invalid: 400,
  vault_segment_gap: 409,
  vault_checkpoint_refused: 409,
  vault_log_broken: 500,
  vault_unreachable: 503,
  vault_not_acknowledged: 503,
  restore_target_invalid: 400,
  restore_before_first_snapshot: 400,
  restore_destination_exists: 409,
  restore_verify_failed: 500,
  restore_source_invalid: 422,
  drill_not_found: 404,
  drill_not_here: 409,
};

export interface ErrorBody {
  code: string;
  message: string;
  message_vi: string;
  request_id: string;
  details?: unknown;
}

const errorBody = z
  .object({
    code: z.string().describe('stable, English, snake_case: what programs match on'),
    message: z.string().describe('English, for logs and developers'),
    message_vi: z.string().describe('Vietnamese, for staff: what to do instead'),
    request_id: z.string().describe('quote this to support; it is in the server log'),
    details: z.unknown().optional(),
  })
  .meta({ id: 'Error' });

/** The error shape for every route's 4xx and 5xx answers in the OpenAPI document. */
export const errorResponses = { '4xx': errorBody, '5xx': errorBody } as const;

function validationBody(
  err: Pick<FastifyError, 'validation' | 'validationContext'>,
  requestId: string,
  present: boolean,
): ErrorBody {
  const context = err.validationContext ?? 'request';
  const problems = (err.validation ?? []).map((v) => {
    const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return { field: path === '' ? context : `${context}.${path}`, message: v.message ?? 'is invalid' };
  });
  const text = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  const key = idempotencyProblem(problems, present);
  if (key !== undefined) return { ...key, request_id: requestId, details: problems };
  return {
    code: 'invalid_request',
    message: `Invalid request: ${text}`,
    message_vi: `Yêu cầu không hợp lệ ở trường ${problems.map((p) => p.field).join(', ')}: hãy sửa rồi gửi lại`,
    request_id: requestId,
    details: problems,
  };
}

/**
 * The error handler over a status table: maps any thrown error to {code, message, message_vi, request_id};
 * a code the table lacks and unknown errors become a logged 500.
 */
export function errorHandler(
  statuses: ErrorStatus,
): (err: unknown, req: FastifyRequest, reply: FastifyReply) => FastifyReply {
  return (err, req, reply) => answerError(err, req, reply, statuses);
}

/** The error handler over the shared codes only: the vault's server, which runs no cell. */
export const handleError = errorHandler(SHARED_ERROR_STATUS);

function answerError(
  err: unknown,
  req: FastifyRequest,
  reply: FastifyReply,
  statuses: ErrorStatus,
): FastifyReply {
  const requestId = req.id;
  if (isDomainError(err)) {
    const domain = err;
    const status = statuses[domain.code] ?? 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    const body: ErrorBody = {
      code: domain.code,
      message: domain.message,
      message_vi: domain.messageVi,
      request_id: requestId,
    };
    if (domain.details !== undefined && status < 500) body.details = domain.details;
    return reply.status(status).send(body);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    return reply
      .status(400)
      .send(validationBody(err, requestId, req.headers[IDEMPOTENCY_HEADER] !== undefined));
  }
  const fe = err as Partial<FastifyError>;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    // Refused on its Content-Length before it is read, or as soon as it passes the route's limit.
    const bytes = req.routeOptions.bodyLimit;
    const limit = bytes === undefined ? undefined : Math.round((bytes / 1024 / 1024) * 10) / 10;
    return reply.status(413).send({
      code: 'body_too_large',
      message: `The request body is larger than this route takes${limit === undefined ? '' : ` (${limit} MB)`}: send a smaller file, or split it`,
      message_vi: `Dữ liệu gửi lên quá lớn${limit === undefined ? '' : ` (tối đa ${limit} MB)`}: hãy gửi tệp nhỏ hơn hoặc chia nhỏ tệp`,
      request_id: requestId,
    } satisfies ErrorBody);
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, unsupported media type, body too large.
    return reply.status(fe.statusCode).send({
      code: 'invalid_request',
      message: `Invalid request: ${fe.message ?? 'rejected'}`,
      message_vi: 'Yêu cầu không hợp lệ: hãy kiểm tra dữ liệu gửi lên rồi thử lại',
      request_id: requestId,
    } satisfies ErrorBody);
  }
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send({
    code: 'internal_error',
    message: `Internal error; quote request id ${requestId} to support`,
    message_vi: `Lỗi hệ thống; hãy báo bộ phận hỗ trợ mã yêu cầu ${requestId}`,
    request_id: requestId,
  } satisfies ErrorBody);
}

/** 404 for routes that do not exist, in the same shape as every other error. */
export function handleNotFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.status(404).send({
    code: 'not_found',
    message: `No route ${req.method} ${req.url.split('?')[0]}: see /docs for the API`,
    message_vi: 'Không tìm thấy địa chỉ này: xem /docs để biết các địa chỉ của API',
    request_id: req.id,
  } satisfies ErrorBody);
}
