// The public face of every cell's signed checkpoints: the key that signs them, the checkpoints themselves and
// the consistency proofs between them. Nothing here names a person or an amount, so anyone may audit.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  eventProofSchema as proofSchema,
  JournalError,
  type Checkpoints,
  type PublishedKey,
} from '../journal/index.ts';
import { errorResponses } from './errors.ts';
import { MAX_PAGE } from './pagination.ts';

export interface CheckpointRouteDeps {
  key(): PublishedKey;
  /** A cell's checkpoints; `checkpoint_not_found` for a cell postcore does not have. */
  of(cell: string): Checkpoints;
}

const tags = ['checkpoints'];
const access = {
  public: true,
  reason:
    'checkpoints hold sizes, roots and signatures only: anyone may check that history was only appended',
} as const;
const rateLimit = { max: 120, timeWindow: '1 minute' };
const hex = z.string().regex(/^[0-9a-f]{64}$/);
const size = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const checkpointSchema = z
  .object({
    cell: z.string(),
    size: z.number().int().describe('how many events (the first, by seq) the tree covers'),
    root: hex.describe('RFC 6962 Merkle tree head over the events’ hashes'),
    at: z.string().describe('when it was signed'),
    key_id: z.string().describe('the signing key: see /v1/checkpoints/key'),
    signature: z
      .string()
      .describe(
        'Ed25519, base64, over the UTF-8 text "postcore checkpoint v1\\ncell CELL\\nsize SIZE\\nroot ROOT\\ntime AT\\n"',
      ),
  })
  .meta({ id: 'Checkpoint' });

/** The proof a receipt carries (see journal/proof.ts): check it offline with `postcore verify-receipt`. */
export const eventProofSchema = proofSchema.meta({ id: 'EventProof' });

export function checkpointRoutes(deps: CheckpointRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const cellParams = z.object({ cell: z.string().max(40) });
    app.get(
      '/v1/checkpoints/key',
      {
        schema: {
          tags,
          summary: 'The public key that signs every checkpoint (Ed25519): what verify-receipt needs',
          response: {
            200: z.object({
              algorithm: z.literal('Ed25519'),
              key_id: z.string(),
              public_key: z.string().describe('the raw 32 bytes, base64'),
              pem: z.string().describe('SubjectPublicKeyInfo PEM'),
            }),
            ...errorResponses,
          },
        },
        config: { access, rateLimit },
      },
      async () => deps.key(),
    );
    app.get(
      '/v1/checkpoints/:cell',
      {
        schema: {
          tags,
          summary:
            "A cell's checkpoints by size: ascending after `after`, or the newest first before `before`",
          params: cellParams,
          querystring: z.object({
            after: z.coerce.number().int().min(0).optional(),
            before: size.optional(),
            limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
          }),
          response: { 200: z.object({ items: z.array(checkpointSchema) }), ...errorResponses },
        },
        config: { access, rateLimit },
      },
      async (req) => {
        const { after, before, limit } = req.query;
        const range = before !== undefined ? { before } : { after: after ?? 0 };
        return { items: await deps.of(req.params.cell).list(range, limit) };
      },
    );
    app.get(
      '/v1/checkpoints/:cell/latest',
      {
        schema: {
          tags,
          summary: "A cell's newest checkpoint",
          params: cellParams,
          response: { 200: checkpointSchema, ...errorResponses },
        },
        config: { access, rateLimit },
      },
      async (req) => {
        const c = await deps.of(req.params.cell).latest();
        if (c === undefined)
          throw new JournalError(
            'checkpoint_not_found',
            `Cell ${req.params.cell} has signed no checkpoint yet: one follows its first events within the cadence`,
            'Phân hệ này chưa có điểm kiểm nào',
            { cell: req.params.cell },
          );
        return c;
      },
    );
    const sizeParams = cellParams.extend({ size });
    app.get(
      '/v1/checkpoints/:cell/:size',
      {
        schema: {
          tags,
          summary: 'One checkpoint, by the number of events it covers',
          params: sizeParams,
          response: { 200: checkpointSchema, ...errorResponses },
        },
        config: { access, rateLimit },
      },
      async (req) => deps.of(req.params.cell).get(req.params.size),
    );
    app.get(
      '/v1/checkpoints/:cell/:size/consistency',
      {
        schema: {
          tags,
          summary: 'The RFC 6962 consistency proof that this checkpoint’s tree extends an earlier one’s',
          params: sizeParams,
          querystring: z.object({ from: size.describe('the earlier checkpoint’s size') }),
          response: {
            200: z.object({
              cell: z.string(),
              from: z.number().int(),
              to: z.number().int(),
              proof: z.array(hex),
            }),
            ...errorResponses,
          },
        },
        config: { access, rateLimit },
      },
      async (req) => ({
        cell: req.params.cell,
        from: req.query.from,
        to: req.params.size,
        proof: await deps.of(req.params.cell).consistency(req.query.from, req.params.size),
      }),
    );
  };
}
