// The one client every page calls the API through: the session cookie, the Idempotency-Key of a write kept
// across its retries, and the API's errors ({code, message, message_vi}) as values a page can show.

/** An error the API answered (or the network's, as code `network`): what the page shows. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messageVi: string;
  readonly requestId: string | undefined;
  /** What the API names about the refusal (a field, an amount…), as it sent it. */
  readonly details: unknown;
  constructor(
    status: number,
    code: string,
    message: string,
    messageVi: string,
    requestId?: string,
    details?: unknown,
  ) {
    super(message);
    this.details = details;
    this.status = status;
    this.code = code;
    this.messageVi = messageVi;
    this.requestId = requestId;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/**
 * A fresh idempotency key for one write (the same key is sent again on its retries): a UUID v4. A phone that
 * reaches the server over plain http on the office's network has no crypto.randomUUID (secure contexts only),
 * but getRandomValues works everywhere.
 */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface Options {
  body?: unknown;
  /** The write's idempotency key: a submission that got no answer is sent again with the same one. */
  key?: string;
  /** How many times a write with a key is sent again when no answer came (network error or 502–504). */
  retries?: number;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function once(method: string, path: string, o: Options): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A file goes as itself (its own type: CSV or XLSX); anything else as JSON.
  const file = o.body instanceof Blob;
  if (o.body !== undefined)
    headers['content-type'] = file ? (o.body as Blob).type || 'text/csv' : 'application/json';
  if (o.key !== undefined) headers['idempotency-key'] = o.key;
  return fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(o.body === undefined ? {} : { body: file ? (o.body as Blob) : JSON.stringify(o.body) }),
    ...(o.signal === undefined ? {} : { signal: o.signal }),
  });
}

/** Calls the API; resolves with its JSON, rejects with an ApiError. */
export async function api<T>(method: string, path: string, o: Options = {}): Promise<T> {
  const retries = o.key === undefined ? 0 : (o.retries ?? 4);
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await once(method, path, o);
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      if (attempt < retries) {
        await sleep(400 * 2 ** attempt);
        continue;
      }
      throw new ApiError(
        0,
        'network',
        'No answer from the server: check the connection and try again; the same request is safe to repeat',
        'Không có phản hồi từ máy chủ: kiểm tra kết nối rồi thử lại; gửi lại không bị ghi hai lần',
      );
    }
    if (
      [502, 503, 504].includes(res.status) &&
      attempt < retries &&
      res.headers.get('x-request-id') === null
    ) {
      await sleep(400 * 2 ** attempt);
      continue;
    }
    const text = await res.text();
    let body: unknown = undefined;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (res.ok) return body as T;
    const e = (body ?? {}) as {
      code?: string;
      message?: string;
      message_vi?: string;
      request_id?: string;
      details?: unknown;
    };
    throw new ApiError(
      res.status,
      e.code ?? `http_${res.status}`,
      e.message ?? `The server answered ${res.status}`,
      e.message_vi ?? `Máy chủ trả lời lỗi ${res.status}`,
      e.request_id,
      e.details,
    );
  }
}

export const get = <T>(path: string, signal?: AbortSignal) =>
  api<T>('GET', path, signal === undefined ? {} : { signal });
export const post = <T>(path: string, body: unknown, key?: string) =>
  api<T>('POST', path, key === undefined ? { body } : { body, key });

/** A query string from defined values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}
