// 9. The reckoning, once traffic has stopped and the platform and vault are down: what the clerks were
// answered, then the proof on the data the platform left (every cell verifies, nothing answered is missing,
// the money balances to the đồng), and the report of the night.
import { openPlatform, type Platform } from '../../app.ts';
import type { Config } from '../../config.ts';
import type { Night } from './attack.ts';
import { secondsBetween, timelineOf, type DrillLog, type DrillReport, type DrillScale } from './report.ts';
import type { Op, OpKind } from './traffic.ts';
import type { SeededPost } from './world.ts';

const acknowledged = (o: Op) => o.status === 200 || o.status === 201;
/** Taken, as the clerk knows it: answered, or settled when sent again with its key after reopening. */
const taken = (o: Op) => acknowledged(o) || o.settledOnRetry === true;
const sum = (xs: Op[], f: (o: Op) => bigint) => xs.reduce((s, o) => s + f(o), 0n);

/** The traffic sorted by what each request was answered, against the incident's window. */
export interface Tallies {
  paidAck: Op[];
  paidDuring: Op[];
  payoutsUnconfirmed: Op[];
  payoutsFailed: Op[];
  deliveryAck: Op[];
  refused: Op[];
  unconfirmedWrites: Op[];
  failedBefore: Op[];
  /** Acceptances without an answer, settled after reopening by sending them again with their keys. */
  settled: Op[];
  answers: Record<string, number>;
  afterReopening: number;
}

/**
 * What the clerks were answered: pensions paid throughout, delivery refused only while it was shut and
 * answering again after it reopened. The failures say what went otherwise.
 */
export function tallyTraffic(log: DrillLog, ops: Op[], night: Night, reopened: number | undefined): Tallies {
  const { failures } = log;
  const { attack, isolatedAt } = night;
  const end = reopened ?? Number.POSITIVE_INFINITY;
  const inIncident = (o: Op) => o.at >= attack && o.at < end;
  const payouts = ops.filter((o) => o.kind === 'payout');
  const paidAck = payouts.filter(acknowledged);
  const paidDuring = paidAck.filter(inIncident);
  const payoutsUnconfirmed = payouts.filter((o) => o.code === 'vault_not_acknowledged');
  const payoutsFailed = payouts.filter((o) => !acknowledged(o) && o.code !== 'vault_not_acknowledged');
  if (payoutsFailed.length > 0)
    failures.push(
      `${payoutsFailed.length} pension payouts failed: ${JSON.stringify(payoutsFailed.slice(0, 3).map((o) => ({ status: o.status, code: o.code })))}`,
    );
  if (paidDuring.length === 0) failures.push('no pension was paid during the incident');
  const deliveryOps = ops.filter((o) => o.kind !== 'payout');
  const deliveryAck = deliveryOps.filter(acknowledged);
  const isolatedFrom = isolatedAt ?? end;
  // A refusal of a request sent while delivery was shut is what staff were meant to get.
  const refused = deliveryOps.filter((o) => o.code === 'cell_isolated' && o.sent >= attack && o.sent < end);
  const unconfirmedWrites = deliveryOps.filter((o) => o.code === 'vault_not_acknowledged');
  const failedBefore = deliveryOps.filter(
    (o) =>
      !acknowledged(o) &&
      !refused.includes(o) &&
      !unconfirmedWrites.includes(o) &&
      o.sent >= attack - 1000 &&
      o.sent < isolatedFrom,
  );
  const failedOther = deliveryOps.filter(
    (o) =>
      !acknowledged(o) && !refused.includes(o) && !unconfirmedWrites.includes(o) && !failedBefore.includes(o),
  );
  const answers: Record<string, number> = {};
  for (const o of deliveryOps.filter((x) => !acknowledged(x))) {
    const key = `${o.status} ${o.code ?? ''}`.trim();
    answers[key] = (answers[key] ?? 0) + 1;
  }
  if (failedOther.length > 0)
    failures.push(
      `${failedOther.length} delivery writes failed outside the attack's window: ${JSON.stringify(failedOther.slice(0, 3).map((o) => ({ status: o.status, code: o.code, at: new Date(o.at).toISOString() })))}`,
    );
  const afterReopening = deliveryAck.filter((o) => o.sent >= end).length;
  if (reopened !== undefined && afterReopening === 0)
    failures.push('delivery answered no write after it reopened');
  return {
    paidAck,
    paidDuring,
    payoutsUnconfirmed,
    payoutsFailed,
    deliveryAck,
    refused,
    unconfirmedWrites,
    failedBefore,
    settled: deliveryOps.filter((o) => o.settledOnRetry === true),
    answers,
    afterReopening,
  };
}

export interface Proof {
  verify: DrillReport['verify'];
  money: DrillReport['money'];
  lost: DrillReport['events_lost'];
}

/**
 * The proof, on the data the platform left: every cell verifies, nothing answered is missing, the money
 * balances. A proof that cannot be made is a failure too.
 */
export async function proveOnData(
  log: DrillLog,
  config: Config,
  post: SeededPost,
  ops: Op[],
  tallies: Tallies,
  night: Night,
): Promise<Proof> {
  const { failures } = log;
  const { seed, plans } = post;
  const { paidAck, payoutsUnconfirmed, unconfirmedWrites } = tallies;
  const deliveryAck = [...tallies.deliveryAck, ...tallies.settled];
  const verify: DrillReport['verify'] = [];
  let money: DrillReport['money'] = null;
  const lost = {
    payouts: 0,
    scans: 0,
    acceptances: 0,
    not_restored: night.restore?.events_not_restored ?? 0,
    total: 0,
  };
  let platform: Platform | undefined;
  try {
    platform = await openPlatform(config);
    await platform.sync();
    for (const r of await platform.verify()) {
      verify.push({ cell: r.cell, ok: r.ok, events: r.events });
      if (!r.ok) failures.push(`${r.cell} does not verify: ${JSON.stringify(r.failures.slice(0, 3))}`);
    }
    // Payouts answered, and those the vault did not confirm in time but that are recorded, as the receipt shows.
    const paid = new Map<string, bigint>();
    for (let offset = 0; ; offset += 500) {
      const page = await platform.finance.pensions.lines({
        period_id: seed.period_id,
        status: 'paid',
        limit: 500,
        offset,
      });
      for (const l of page.items) paid.set(l.id, BigInt(l.amount));
      if (page.items.length < 500) break;
    }
    for (const o of paidAck) if (paid.get(o.ref) !== o.amount) lost.payouts++;
    const recorded = [...paidAck, ...payoutsUnconfirmed.filter((o) => paid.has(o.ref))];
    // Parcels: each answered acceptance is there with its COD; each answered departure scan is in its tracking.
    for (const o of deliveryAck) {
      try {
        const item = await platform.delivery.items.get(o.ref);
        if (o.kind === 'accept' && item.cod_amount !== o.amount) lost.acceptances++;
        if (
          o.kind === 'scan' &&
          !(await platform.delivery.items.track(o.ref)).events.some((e) => e.code === 'EMC')
        )
          lost.scans++;
      } catch {
        if (o.kind === 'accept') lost.acceptances++;
        else lost.scans++;
      }
    }
    lost.total = lost.payouts + lost.scans + lost.acceptances + lost.not_restored;
    if (lost.total !== 0) failures.push(`events lost: ${JSON.stringify(lost)}`);

    // Money: the ledger's invariants; each till holds its cash less what it paid plus the fees it took; the
    // month's paid lines are exactly the payouts made; cash on delivery is what was accepted, tampering undone.
    const invariants =
      verify.find((r) => r.cell === 'finance')?.ok === true ? [] : ['finance did not verify'];
    const tills = [];
    for (const [i, p] of plans.entries()) {
      const mine = (k: OpKind) => ops.filter((o) => o.counter === i && o.kind === k);
      const expected =
        p.cash -
        sum(
          recorded.filter((o) => o.counter === i),
          (o) => o.amount,
        ) +
        sum(mine('accept').filter(taken), (o) => o.fee);
      const ledger = (await platform.finance.tills.get(p.counter.till)).cash;
      tills.push({
        till: p.counter.till,
        postcode: p.counter.postcode,
        expected: expected.toString(),
        ledger: ledger.toString(),
      });
    }
    const paidExpected = sum(recorded, (o) => o.amount);
    const paidLedger = [...paid.values()].reduce((s, x) => s + x, 0n);
    // The post's own reconciliation of the month: lines by state, against what the agency declared.
    const month = await platform.finance.payouts.reconciliation(seed.period_id);
    const paidState = month.by_state.find((b) => b.state === 'paid')?.amount ?? 0n;
    if (!month.balanced)
      failures.push(`the month's reconciliation does not balance: ${month.problems.join('; ')}`);
    let codRecorded = 0n;
    for (const id of [...seed.parcels, ...deliveryAck.filter((o) => o.kind === 'accept').map((o) => o.ref)]) {
      try {
        codRecorded += (await platform.delivery.items.get(id)).cod_amount;
      } catch {
        // counted as lost above
      }
    }
    const codExpected =
      seed.cod_total +
      sum(
        deliveryAck.filter((o) => o.kind === 'accept'),
        (o) => o.amount,
      );
    const balanced =
      invariants.length === 0 &&
      tills.every((t) => t.expected === t.ledger) &&
      paidExpected === paidLedger &&
      paidState === paidLedger &&
      month.balanced &&
      month.lines_total === seed.total &&
      codRecorded === codExpected;
    money = {
      balanced,
      ledger_invariants: invariants,
      tills,
      pensions: {
        paid_expected: paidExpected.toString(),
        paid_lines: paidLedger.toString(),
        paid_reconciled: paidState.toString(),
        paid_in_receipts: month.paid_in_receipts.toString(),
        list_total: seed.total.toString(),
        lines_total: month.lines_total.toString(),
        reconciliation_balanced: month.balanced,
      },
      cod: { expected: codExpected.toString(), recorded: codRecorded.toString() },
    };
    if (!balanced)
      failures.push(
        `the money does not balance${unconfirmedWrites.length + payoutsUnconfirmed.length > 0 ? ` (the vault did not confirm ${unconfirmedWrites.length + payoutsUnconfirmed.length} writes in time: their effects cannot all be tied to an answer)` : ''}: ${JSON.stringify(money)}`,
      );
  } catch (err) {
    failures.push(`the proof could not be made: ${(err as Error).message}`);
  } finally {
    await platform?.close();
  }
  return { verify, money, lost };
}

/** The night's report: `ok` when nothing failed. */
export function drillReport(
  log: DrillLog,
  place: { scale: DrillScale; dataDir: string; workspace: string },
  post: SeededPost,
  night: Night,
  reopened: number | undefined,
  tallies: Tallies,
  proof: Proof,
): DrillReport {
  const { failures } = log;
  const { seed } = post;
  const { attack, alerts, isolatedAt } = night;
  const { paidAck, paidDuring, payoutsUnconfirmed, payoutsFailed, deliveryAck } = tallies;
  const firstAlert = alerts[0] === undefined ? undefined : Date.parse(alerts[0].raised_at);
  const report: DrillReport = {
    format: 'postcore-drill/1',
    drill: 'ransomware',
    scale: place.scale,
    ok: failures.length === 0,
    failures,
    data_dir: place.dataDir,
    workspace: place.workspace,
    seed: {
      lines: seed.lines,
      total: seed.total.toString(),
      counters: seed.counters.length,
      parcels: seed.parcels.length,
      cod_total: seed.cod_total.toString(),
      seconds: post.seconds,
    },
    timeline: timelineOf(log.steps, attack),
    seconds: {
      detection: firstAlert === undefined ? null : secondsBetween(attack, firstAlert),
      isolation: isolatedAt === undefined ? null : secondsBetween(attack, isolatedAt),
      restore: night.restore?.seconds ?? null,
      recovery: reopened === undefined ? null : secondsBetween(attack, reopened),
    },
    alerts,
    alerts_before_attack: night.alertsBefore.length,
    evidence: night.evidence,
    restore: night.restore,
    traffic: {
      payouts: {
        acknowledged: { count: paidAck.length, amount: sum(paidAck, (o) => o.amount).toString() },
        during_incident: { count: paidDuring.length, amount: sum(paidDuring, (o) => o.amount).toString() },
        unconfirmed: payoutsUnconfirmed.length,
        failed: payoutsFailed.length,
      },
      delivery: {
        acknowledged: deliveryAck.length,
        during_incident_refused: tallies.refused.length,
        failed_before_isolation: tallies.failedBefore.length,
        settled_on_retry: tallies.settled.length,
        unconfirmed: tallies.unconfirmedWrites.length,
        not_answered_2xx: tallies.answers,
        after_reopening: tallies.afterReopening,
      },
    },
    events_lost: proof.lost,
    money: proof.money,
    verify: proof.verify,
  };
  return report;
}
