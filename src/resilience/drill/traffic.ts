// The night's ordinary traffic: each counter's clerk pays pensions and every fourth customer sends or moves a
// parcel, at a steady pace, every request and its answer kept for the reckoning.
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '../../cells/core/index.ts';
import { signIn, sleep, type Answer } from './api.ts';
import type { DrillSeed } from './seed.ts';
import type { CounterPlan } from './world.ts';

/** One customer at each counter this often. */
const COUNTER_PACE_MS = 250;

export type OpKind = 'payout' | 'scan' | 'accept';
/** One request a clerk made, and what it was answered. */
export interface Op {
  kind: OpKind;
  counter: number;
  /** When the request was sent, and when its answer came. */
  sent: number;
  at: number;
  status: number;
  code: string | undefined;
  ref: string;
  amount: bigint;
  fee: bigint;
  /** An acceptance's request, and its Idempotency-Key: what the clerk sends again when no answer came. */
  request?: { path: string; body: unknown; key: string };
  /** An acceptance that got no answer, settled after delivery reopened by sending it again with its key. */
  settledOnRetry?: boolean;
}

export interface Traffic {
  /** Every request made so far, in the order the answers came. */
  ops: Op[];
  /** Ends the traffic: each counter finishes the customer in front of it. */
  stop(): Promise<void>;
  /**
   * What a clerk does once delivery is back: each acceptance that got no answer (the connection failed, or
   * the cell failed under the attack) is sent again with its key. The first answer comes back if it was
   * recorded and restored; if not, it is taken now. Returns how many were settled so.
   */
  settle(): Promise<number>;
}

/** An acceptance that got no answer the clerk could act on: not a success, not a refusal that said why. */
function unanswered(o: Op): boolean {
  return (
    o.kind === 'accept' &&
    o.status !== 201 &&
    (o.status === 0 || o.status >= 500) &&
    o.code !== 'cell_isolated'
  );
}

/** 3. Traffic: each counter's clerk pays pensions; every fourth customer sends or moves a parcel. */
export async function startTraffic(base: string, plans: CounterPlan[], seed: DrillSeed): Promise<Traffic> {
  const ops: Op[] = [];
  let stopTraffic = false;
  const clerks = await Promise.all(plans.map((p) => signIn(base, p.counter.clerk, DEMO_PASSWORD)));
  const counterLoop = async (i: number) => {
    const plan = plans[i]!;
    const clerk = clerks[i]!;
    let nextLine = 0;
    let nextParcel = 0;
    // A busy counter, compressed: a customer every quarter second (one person's pace stays far below the
    // burst detection's floor of 600 events a minute).
    const from = Date.now();
    for (let n = 0; !stopTraffic; n++) {
      const sent = Date.now();
      let op: Omit<Op, 'sent' | 'at' | 'status' | 'code'> = {
        kind: 'payout',
        counter: i,
        ref: '',
        amount: 0n,
        fee: 0n,
      };
      let answer: Answer;
      try {
        if (n % 4 !== 3 && nextLine < plan.lines.length) {
          const l = plan.lines[nextLine++]!;
          op = { kind: 'payout', counter: i, ref: l.id, amount: l.amount, fee: 0n };
          answer = await clerk.call('POST', `/v1/finance/tills/${plan.counter.till}/pension-payouts`, {
            line_id: l.id,
            place: 'counter',
            recipient: 'self',
            cccd: l.cccd,
          });
        } else if (n % 8 === 3 && nextParcel < plan.counter.parcels.length) {
          const item = plan.counter.parcels[nextParcel]!;
          op = { kind: 'scan', counter: i, ref: item, amount: 0n, fee: 0n };
          answer = await clerk.call('POST', `/v1/delivery/offices/${plan.counter.office_id}/scans`, {
            scans: [{ item, code: 'EMC' }],
          });
          if (answer.status === 200) nextParcel++;
        } else {
          const cod = BigInt(150_000 + (n % 7) * 50_000);
          const path = `/v1/delivery/tills/${plan.counter.till}/items`;
          const body = {
            service: 'parcel',
            sender: {
              name: 'Cửa hàng Minh Anh',
              phone: '0912345678',
              address: 'Số 12 Đội Cấn',
              commune: plan.counter.commune,
            },
            recipient: {
              name: 'Lê Văn Hùng',
              phone: '0987654321',
              address: `Số ${n + 1} Yersin`,
              commune: seed.destinations[n % seed.destinations.length]!,
            },
            weight_g: 500 + (n % 10) * 100,
            length_cm: 30,
            width_cm: 20,
            height_cm: 10,
            cod_amount: cod.toString(),
          };
          op = {
            kind: 'accept',
            counter: i,
            ref: '',
            amount: cod,
            fee: 0n,
            request: { path, body, key: randomUUID() },
          };
          answer = await clerk.call('POST', path, body, op.request!.key);
          if (answer.status === 201) {
            op.ref = String(answer.body['id']);
            op.fee = BigInt(String(answer.body['fee']));
          }
        }
      } catch (err) {
        // No answer (the connection failed): the clerk was told nothing, and will try again.
        ops.push({ ...op, sent, at: Date.now(), status: 0, code: `network: ${(err as Error).message}` });
        await sleep(Math.max(0, from + (n + 1) * COUNTER_PACE_MS - Date.now()));
        continue;
      }
      const code = typeof answer.body['code'] === 'string' ? answer.body['code'] : undefined;
      ops.push({ ...op, sent, at: Date.now(), status: answer.status, code });
      await sleep(Math.max(0, from + (n + 1) * COUNTER_PACE_MS - Date.now()));
    }
  };
  const traffic = Promise.all(plans.map((_, i) => counterLoop(i)));
  return {
    ops,
    async stop() {
      stopTraffic = true;
      await traffic;
    },
    async settle() {
      let settled = 0;
      for (const o of ops.filter(unanswered)) {
        const answer = await clerks[o.counter]!.call(
          'POST',
          o.request!.path,
          o.request!.body,
          o.request!.key,
        );
        if (answer.status !== 201) continue;
        o.ref = String(answer.body['id']);
        o.fee = BigInt(String(answer.body['fee']));
        o.settledOnRetry = true;
        settled++;
      }
      return settled;
    },
  };
}
