import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreErrorCode } from '../cells/core/index.ts';
import type { DeliveryErrorCode } from '../cells/delivery/index.ts';
import type { FinanceErrorCode } from '../cells/finance/index.ts';
import type { JournalErrorCode } from '../journal/index.ts';
import { IDEMPOTENCY_HEADER, idempotencyProblem } from './idempotency.ts';
import { DomainError, isDomainError, type PlatformErrorCode } from '../platform/errors.ts';
import type { ResilienceErrorCode } from '../resilience/resilience-error.ts';
import type { SecurityErrorCode } from '../cells/security/index.ts';
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
export type ErrorCode =
  | HttpErrorCode
  | PlatformErrorCode
  | StorageErrorCode
  | JournalErrorCode
  | CoreErrorCode
  | FinanceErrorCode
  | DeliveryErrorCode
  | ResilienceErrorCode
  | SecurityErrorCode;

/** The one table from every error code to its HTTP status. Adding a code without a status fails type-check. */
export const ERROR_STATUS: { readonly [K in ErrorCode]: number } = {
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
  // core
  province_not_found: 404,
  invalid_geography: 400,
  commune_not_found: 404,
  office_not_found: 404,
  invalid_office: 400,
  postcode_taken: 409,
  invalid_office_parent: 422,
  office_closed: 409,
  office_has_open_children: 409,
  invalid_staff: 400,
  username_taken: 409,
  cccd_taken: 409,
  staff_not_found: 404,
  staff_disabled: 409,
  sign_in_failed: 401,
  account_locked: 423,
  session_invalid: 401,
  second_factor_required: 401,
  second_factor_not_enrolled: 403,
  second_factor_wrong: 401,
  token_invalid: 401,
  token_not_found: 404,
  token_scope_too_wide: 422,
  invalid_token_request: 400,
  permission_missing: 403,
  office_out_of_scope: 403,
  token_out_of_scope: 403,
  role_not_assignable: 403,
  assignee_not_eligible: 422,
  // finance
  invalid_account: 400,
  account_not_found: 404,
  account_closed: 409,
  account_has_balance: 409,
  invalid_transfer: 400,
  transfers_failed: 422,
  system_transfer_conflict: 409,
  invalid_cash_count: 400,
  denominations_do_not_add_up: 400,
  till_not_found: 404,
  till_already_open: 409,
  till_not_open: 409,
  till_has_pending_movements: 409,
  movement_not_found: 404,
  movement_already_decided: 409,
  same_person: 403,
  variance_reason_required: 400,
  variance_needs_manager: 403,
  insufficient_cash: 422,
  not_your_till: 403,
  invalid_day: 400,
  idempotency_key_reused: 422,
  period_not_found: 404,
  invalid_period: 400,
  period_closed: 409,
  pension_list_rejected: 422,
  invalid_list_file: 400,
  list_not_found: 404,
  list_already_funded: 409,
  line_not_found: 404,
  line_not_payable: 409,
  line_already_paid: 409,
  identity_mismatch: 422,
  proxy_expired: 422,
  outside_schedule: 409,
  wrong_province: 403,
  invalid_payout: 400,
  round_not_found: 404,
  round_not_open: 409,
  round_already_open: 409,
  round_cash_mismatch: 422,
  not_your_round: 403,
  not_eligible_for_home: 422,
  evidence_required: 400,
  rounds_open: 409,
  receipt_not_found: 404,
  job_not_found: 404,
  nothing_to_remit: 409,
  remittance_not_found: 404,
  // delivery
  invalid_item: 400,
  item_not_found: 404,
  round_has_items: 409,
  no_tariff: 400,
  s10_exhausted: 503,
  illegal_event_order: 409,
  wrong_office: 409,
  wrong_route: 409,
  invalid_scan: 400,
  bag_not_found: 404,
  bag_not_closed: 409,
  invalid_bag: 400,
  dispatch_not_found: 404,
  not_on_round: 409,
  cod_mismatch: 409,
  delivery_code_required: 403,
  wrong_delivery_code: 403,
  invalid_delivery: 400,
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
  // security
  invalid_incident: 400,
  unknown_cell: 404,
  mode_unchanged: 409,
  approval_required: 409,
  request_not_found: 404,
  request_not_pending: 409,
  request_expired: 409,
  approver_is_requester: 403,
  alert_not_found: 404,
  evidence_not_found: 404,
  restore_not_approved: 409,
  keys_not_approved: 409,
  cell_isolated: 503,
  cell_read_only: 503,
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

function statusOf(code: string): number | undefined {
  return (ERROR_STATUS as Record<string, number>)[code];
}

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

/** Maps any thrown error to {code, message, message_vi, request_id}; unknown errors become a logged 500. */
export function handleError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const requestId = req.id;
  if (isDomainError(err)) {
    const domain = err;
    const status = statusOf(domain.code) ?? 500;
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
