// The ledger's API: an office's accounts with their balances and history, transfers by hand. Money is VND
// in whole đồng, as decimal strings; every route declares the permission it needs at an office.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { pageQuery } from '../../../http/pagination.ts';
import { idParams, money, officeParams, s, type FinanceRouteDeps } from '../shared.routes.ts';
import { TRANSFER_FLAGS } from './ledger.events.ts';
import {
  TRANSFER_RESULTS,
  type Account,
  type Ledger,
  type Transfer,
  type TransferInput,
  type TransferResult,
} from './ledger.types.ts';

const accountSchema = z
  .object({
    id: z.string(),
    code: z.number().int(),
    office_id: z.string().nullable(),
    holder_id: z.string().nullable(),
    name: z.string(),
    flags: z.array(z.string()),
    debits_pending: money,
    debits_posted: money,
    credits_pending: money,
    credits_posted: money,
    status: z.enum(['open', 'closed']),
    opened_at: z.string(),
    closed_at: z.string().nullable(),
  })
  .meta({ id: 'LedgerAccount' });
const accountJson = (a: Account) => ({
  ...a,
  debits_pending: s(a.debits_pending)!,
  debits_posted: s(a.debits_posted)!,
  credits_pending: s(a.credits_pending)!,
  credits_posted: s(a.credits_posted)!,
});

const transferSchema = z
  .object({
    id: z.string(),
    debit_account_id: z.string(),
    credit_account_id: z.string(),
    amount: money,
    pending_id: z.string().nullable(),
    flags: z.array(z.string()),
    code: z.number().int(),
    ref: z.string().nullable(),
    timeout: z.number().int(),
    state: z.enum(['posted', 'pending', 'voided', 'expired']),
    expires_at: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'LedgerTransfer' });
const transferJson = (t: Transfer) => ({ ...t, amount: s(t.amount)! });

const resultSchema = z
  .object({
    index: z.number().int(),
    id: z.string(),
    result: z.enum(Object.keys(TRANSFER_RESULTS) as [keyof typeof TRANSFER_RESULTS]),
    message: z.string(),
    message_vi: z.string(),
  })
  .meta({ id: 'TransferResult' });

/** What the ledger's routes are given: the ledger, and the chart's check of transfers made by hand. */
export interface LedgerRouteDeps {
  ledger: Ledger;
  /** Refuses transfers by hand that touch another office's accounts, a till's, or the platform's own ids. */
  checkManualTransfers: (
    officeId: string,
    transfers: ReadonlyArray<
      Pick<TransferInput, 'id' | 'debit_account_id' | 'credit_account_id' | 'pending_id' | 'code'>
    >,
  ) => Promise<void>;
}

/** Routes of the ledger: accounts, their history, transfers. */
export function ledgerRoutes(
  { ledger, checkManualTransfers }: LedgerRouteDeps,
  core: FinanceRouteDeps,
): FastifyPluginAsyncZod {
  const officeTarget = (id: string) => core.officeTarget(id);
  const atOffice: TargetOf = (req) => officeTarget((req.params as { office: string }).office);
  const atAccount: TargetOf = async (req) => {
    const a = await ledger.getAccount((req.params as { id: string }).id);
    return a.office_id === null ? { officeId: null, provinceCode: null } : officeTarget(a.office_id);
  };
  return async (app) => {
    const tags = ['finance'];
    app.get(
      '/v1/finance/offices/:office/accounts',
      {
        schema: {
          tags,
          summary: 'An office’s accounts with their balances',
          params: officeParams,
          response: { 200: z.object({ items: z.array(accountSchema) }), ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atOffice } },
      },
      async (req) => ({ items: (await ledger.accountsOf({ officeId: req.params.office })).map(accountJson) }),
    );
    app.get(
      '/v1/finance/accounts/:id',
      {
        schema: {
          tags,
          summary: 'One account',
          params: idParams,
          response: { 200: accountSchema, ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atAccount } },
      },
      async (req) => accountJson(await ledger.getAccount(req.params.id)),
    );
    app.get(
      '/v1/finance/accounts/:id/history',
      {
        schema: {
          tags,
          summary: 'An account’s balances after each transfer that touched it, newest first',
          params: idParams,
          querystring: pageQuery,
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  seq: money,
                  transfer_id: z.string(),
                  debits_pending: money,
                  debits_posted: money,
                  credits_pending: money,
                  credits_posted: money,
                  at: z.string(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'report.read', target: atAccount } },
      },
      async (req) => {
        const { items } = await ledger.history(req.params.id, req.query);
        return {
          items: items.map((h) => ({
            seq: String(h.seq),
            transfer_id: h.transfer_id,
            debits_pending: String(h.debits_pending),
            debits_posted: String(h.debits_posted),
            credits_pending: String(h.credits_pending),
            credits_posted: String(h.credits_posted),
            at: h.at,
          })),
        };
      },
    );
    app.get(
      '/v1/finance/transfers/:id',
      {
        schema: {
          tags,
          summary: 'One transfer',
          params: idParams,
          response: { 200: transferSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'report.read',
            target: async (req) => {
              const t = await ledger.getTransfer((req.params as { id: string }).id);
              const a = await ledger.getAccount(t.debit_account_id);
              return a.office_id === null
                ? { officeId: null, provinceCode: null }
                : officeTarget(a.office_id);
            },
          },
        },
      },
      async (req) => transferJson(await ledger.getTransfer(req.params.id)),
    );
    app.post(
      '/v1/finance/offices/:office/transfers',
      {
        schema: {
          tags,
          summary:
            'Create transfers between an office’s accounts (ids are idempotency keys; `linked` chains are all or nothing)',
          description:
            'One result per transfer: `created` or `exists` (the same id with the same body) succeed; anything else names why that transfer, and only it (or its linked chain), changed nothing. 200 when every transfer succeeded, 422 otherwise. Each of an account’s totals (debits and credits, posted and pending, and posted with pending) stops at 10^18 đồng: a transfer past it is refused as `overflows_…`. A transfer made here may not take an account’s debits or credits (posted with pending) past 10^17 đồng, `overflows_manual_debits` or `overflows_manual_credits`: the rest is kept for the platform’s own transfers (fees, COD, tills).',
          params: officeParams,
          body: z.object({
            transfers: z
              .array(
                z.object({
                  id: z
                    .string()
                    .max(100)
                    .describe(
                      'your idempotency key: 1 to 100 letters, digits, ".", "_" or "-", beginning with a letter or digit. Ids with ":" are the platform’s own and refused (400 invalid_transfer, details.field transfers[i].id)',
                    ),
                  debit_account_id: z.string().max(200).optional(),
                  credit_account_id: z.string().max(200).optional(),
                  amount: money.optional(),
                  pending_id: z
                    .string()
                    .max(100)
                    .nullable()
                    .optional()
                    .describe('the id of your own pending transfer to post or void: the same rule as id'),
                  timeout: z.number().int().optional(),
                  flags: z.array(z.enum(TRANSFER_FLAGS)).optional(),
                  code: z.number().int(),
                  ref: z.string().max(200).nullable().optional(),
                }),
              )
              .min(1)
              .max(8190),
          }),
          response: {
            200: z.object({ results: z.array(resultSchema) }),
            422: z.object({ results: z.array(resultSchema) }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'ledger.transfer', target: atOffice } },
      },
      async (req, reply) => {
        const office = req.params.office;
        // Only this office's accounts, never a till's (those need their checker), nothing of the tills' own.
        await checkManualTransfers(office, req.body.transfers);
        const results: TransferResult[] = await ledger.createTransfers(
          req.body.transfers,
          req.principal!.id,
          office,
          { manual: true },
        );
        const ok = results.every((r) => r.result === 'created' || r.result === 'exists');
        return reply.status(ok ? 200 : 422).send({ results });
      },
    );
  };
}
