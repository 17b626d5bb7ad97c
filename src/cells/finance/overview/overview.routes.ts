// The managers' overview of the finance cell: one office (its manager) or a whole province (the provincial
// manager), with report.read where the caller may read. Money is VND in whole đồng, as decimal strings.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { dayText } from '../../../platform/day-schema.ts';
import { money, officeParams, type FinanceRouteDeps } from '../shared.routes.ts';
import type { FinanceOverview, Overviews, OverviewScope, Tally } from './overview.service.ts';

/** What the overview asks of the core cell besides the finance routes' own. */
export interface OverviewRouteDeps extends FinanceRouteDeps {
  /** An office's postcode and name. */
  officeLabel(officeId: string): Promise<{ postcode: string; name: string }>;
  /** The province's name and its open post offices; province_not_found for none. */
  provinceOffices(
    province: string,
  ): Promise<{ name: string; offices: Array<{ id: string; postcode: string; name: string }> }>;
}

const provinceParams = z.object({ province: z.string().regex(/^\d{2}$/, 'must be a 2-digit province code') });
const query = z.object({
  day: dayText().optional().describe('the Vietnam day (today unless told)'),
});
const tally = z.object({ count: z.number().int(), amount: money });
const pensionRow = z.object({
  office_id: z.string().nullable(),
  postcode: z.string(),
  name: z.string(),
  channel: z.string().describe("ATM, DIEM_CHI, QUAY or TAI_NHA; '' for the office's channels together"),
  paid: tally,
  waiting: tally,
  returned: tally,
  stopped: tally,
  paid_today: tally,
  done_permille: z.number().int().describe('people paid, in thousandths of the lines'),
});
const overviewSchema = z
  .object({
    day: z.string(),
    province_code: z.string(),
    office_id: z.string().nullable(),
    periods: z.array(
      z.object({
        id: z.string(),
        months: z.array(z.string()),
        status: z.string(),
        bank_from: z.string().nullable(),
        points_from: z.string().nullable(),
        counters_from: z.string().nullable(),
        close_on: z.string().nullable(),
        phase: z.enum(['before', 'bank', 'points', 'counters', 'past_close', 'closed']),
      }),
    ),
    pensions: z.array(pensionRow),
    behind: z.array(pensionRow).describe('the offices furthest behind, lowest share paid first'),
    pension_totals: z.record(z.string(), tally),
    tills: z.array(
      z.object({
        office_id: z.string(),
        postcode: z.string(),
        name: z.string(),
        opening: z.number().int(),
        open: z.number().int(),
        closing: z.number().int(),
        closed: z.number().int(),
        with_variance: z.number().int(),
        variance: money,
      }),
    ),
    variance_threshold: money,
    closes: z.array(
      z.object({
        session_id: z.string(),
        office_id: z.string(),
        clerk_id: z.string(),
        clerk_name: z.string(),
        day: z.string(),
        variance: money,
        reason: z.string().nullable(),
        needs_manager: z.boolean(),
      }),
    ),
    moves: z.array(
      z.object({
        id: z.string(),
        session_id: z.string(),
        office_id: z.string(),
        kind: z.enum(['opening', 'to_till', 'to_vault']),
        amount: money,
        maker_id: z.string(),
        maker_name: z.string(),
        created_at: z.string(),
      }),
    ),
    cod: z.array(
      z.object({
        payee: z.string(),
        payee_name: z.string(),
        items: z.number().int(),
        collected: money,
        handed_in: money,
        not_handed_in: money,
        collected_today: money,
      }),
    ),
  })
  .meta({ id: 'FinanceOverview' });

const tallyJson = (t: Tally) => ({ count: t.count, amount: t.amount.toString() });
const rowJson = (r: FinanceOverview['pensions'][number]) => ({
  ...r,
  paid: tallyJson(r.paid),
  waiting: tallyJson(r.waiting),
  returned: tallyJson(r.returned),
  stopped: tallyJson(r.stopped),
  paid_today: tallyJson(r.paid_today),
});

/** Routes of the managers' finance overview. */
export function overviewRoutes(overviews: Overviews, deps: OverviewRouteDeps): FastifyPluginAsyncZod {
  const atOffice: TargetOf = (req) => deps.officeTarget((req.params as { office: string }).office);
  const atProvince: TargetOf = (req) => ({
    officeId: null,
    provinceCode: (req.params as { province: string }).province,
  });
  const answer = async (scope: OverviewScope, day: string | undefined) => {
    const o = await overviews.overview(scope, day ?? vietnamDay(deps.now()));
    const names = new Map<string, Promise<string>>();
    const nameOf = (id: string) => {
      // A counter customer's COD is owed to the sender: shown by the phone's last digits only.
      if (id.startsWith('sender:')) return Promise.resolve(`*** ${id.slice(-3)}`);
      let n = names.get(id);
      if (n === undefined) {
        n = deps.staffName(id).catch(() => id);
        names.set(id, n);
      }
      return n;
    };
    return {
      ...o,
      pensions: o.pensions.map(rowJson),
      behind: o.behind.map(rowJson),
      pension_totals: Object.fromEntries(Object.entries(o.pension_totals).map(([k, t]) => [k, tallyJson(t)])),
      tills: o.tills.map((t) => ({ ...t, variance: t.variance.toString() })),
      variance_threshold: o.variance_threshold.toString(),
      closes: await Promise.all(
        o.closes.map(async (c) => ({
          ...c,
          variance: c.variance.toString(),
          clerk_name: await nameOf(c.clerk_id),
        })),
      ),
      moves: await Promise.all(
        o.moves.map(async (m) => ({
          ...m,
          amount: m.amount.toString(),
          maker_name: await nameOf(m.maker_id),
        })),
      ),
      cod: await Promise.all(
        o.cod.map(async (c) => ({
          ...c,
          payee_name: await nameOf(c.payee),
          collected: c.collected.toString(),
          handed_in: c.handed_in.toString(),
          not_handed_in: c.not_handed_in.toString(),
          collected_today: c.collected_today.toString(),
        })),
      ),
    };
  };
  return async (app) => {
    const tags = ['overview'];
    app.get(
      '/v1/finance/offices/:office/overview',
      {
        schema: {
          tags,
          summary:
            'An office’s finance at a glance for its manager: the pension month per channel against its schedule, the day’s tills and what waits for approval, COD owed to each shipper',
          params: officeParams,
          querystring: query,
          response: { 200: overviewSchema, ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atOffice } },
      },
      async (req) => {
        const target = await atOffice(req);
        const label = await deps.officeLabel(req.params.office);
        return answer(
          {
            province_code: target.provinceCode ?? '',
            office_id: req.params.office,
            offices: [{ id: req.params.office, ...label }],
          },
          req.query.day,
        );
      },
    );
    app.get(
      '/v1/finance/provinces/:province/overview',
      {
        schema: {
          tags,
          summary:
            'A province’s finance at a glance for its manager: the pension month per office and channel, the offices furthest behind, the day’s tills and variances to approve, COD owed to each shipper',
          params: provinceParams,
          querystring: query,
          response: { 200: overviewSchema, ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atProvince } },
      },
      async (req) => {
        const { offices } = await deps.provinceOffices(req.params.province);
        return answer({ province_code: req.params.province, office_id: null, offices }, req.query.day);
      },
    );
  };
}
