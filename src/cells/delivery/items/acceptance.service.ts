// Acceptance: an item checked and priced, taken in at a counter (fee into the clerk's till), announced by a
// shipper in bulk (fee billed to its account) or sent by another cell that took its charge (prepaid, fee 0),
// each under an S10 id drawn from its service's serials.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from '../../../storage/index.ts';
import type { z } from 'zod';
import type { EventDraft, RequestKey } from '../../../journal/index.ts';
import { canonicalJson } from '../../../platform/canonical-json.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { SYSTEM_ID_MARK } from '../../../platform/ids.ts';
import { formatS10 } from '../../../platform/s10.ts';
import { DeliveryError } from '../delivery-error.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import { SERVICES, type Network, type Service } from '../network/index.ts';
import { checkInput, checkReceivers, checkRef, COD_OWNERS, invalid, type Checked } from './item.checks.ts';
import { itemAccepted } from './item.events.ts';
import { toItem, type Items, type ItemsDeps } from './item.model.ts';
import * as repo from './item.repository.ts';

/** Items insured or carrying COD from this much need the recipient's one-time code at delivery. */
export const HIGH_VALUE = 3_000_000n;

/** The acceptance jobs of the items module, over its deps and the network as the core cell holds it now. */
export function createAcceptance(
  deps: ItemsDeps,
  network: () => Promise<Network>,
): Pick<Items, 'quote' | 'accept' | 'acceptPrepaid' | 'announce' | 'checkCode' | 'checkReceiver'> {
  const { journal } = deps;
  const codeHash = (id: string, code: string) =>
    createHmac('sha256', deps.codeKey).update(`${id}:${code}`).digest('hex');
  // Bound to the item, so the same citizen's items cannot be linked by their hashes; keyed, so a CCCD (a
  // number from a small space) cannot be found from its hash without the server's code key.
  const receiverHash = (id: string, cccd: string) =>
    createHmac('sha256', deps.codeKey).update(`receiver:${id}:${cccd}`).digest('hex');
  const receiversOf = (id: string, receivers: Array<{ cccd: string; until: string | null }>) =>
    receivers.map((r) => ({ hash: receiverHash(id, r.cccd), until: r.until }));
  const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
  // A keyed acceptance's code comes from its key, so that a retry can show the code the first answer showed
  // without the code being stored anywhere; guessing it still needs the server's code key.
  const keyedCode = (request: RequestKey) =>
    String(
      createHmac('sha256', deps.codeKey).update(`delivery-code:${request.key}`).digest().readUIntBE(0, 6) %
        1_000_000,
    ).padStart(6, '0');

  /** Draws the next S10 ids of a service: serials only go up, so an id is never given twice. */
  async function allocate(trx: Kysely<DeliveryTables>, service: Service, count: number): Promise<string[]> {
    const prefix = SERVICES[service].prefix;
    const last = await repo.lastSerial(trx, prefix);
    if (last + BigInt(count) > 99_999_999n)
      throw new DeliveryError(
        's10_exhausted',
        `The serials of ${prefix} are used up (last ${last}): configure a new service indicator`,
        `Đã hết dãy số hiệu ${prefix}: cần khai báo ký hiệu dịch vụ mới`,
        { prefix },
      );
    return Array.from({ length: count }, (_, i) => formatS10(prefix, Number(last) + 1 + i));
  }

  function payload(
    c: Checked,
    id: string,
    extra: {
      state: 'announced' | 'posted';
      origin: string;
      shipper: string | null;
      paid_by: 'cash' | 'account' | 'prepaid';
      till: string | null;
      clerk: string | null;
      code: string | null;
    },
  ) {
    return {
      id,
      service: c.service,
      state: extra.state,
      shipper_id: extra.shipper,
      shipper_key: c.key,
      origin_office_id: extra.origin,
      delivery_office_id: c.delivery_office_id,
      sender: c.sender,
      recipient: c.recipient,
      weight_g: c.weight_g,
      length_cm: c.length_cm,
      width_cm: c.width_cm,
      height_cm: c.height_cm,
      charged_g: c.quote.charged_g,
      zone: c.quote.zone,
      postage: c.quote.postage.toString(),
      insurance_fee: c.quote.insurance_fee.toString(),
      cod_fee: c.quote.cod_fee.toString(),
      fee: c.quote.fee.toString(),
      insured_value: c.insured_value.toString(),
      cod_amount: c.cod_amount.toString(),
      paid_by: extra.paid_by,
      till_session_id: extra.till,
      clerk_id: extra.clerk,
      code_hash: extra.code === null ? null : codeHash(id, extra.code),
    };
  }

  const needsCode = (c: Checked) => c.insured_value >= HIGH_VALUE || c.cod_amount >= HIGH_VALUE;

  return {
    async quote(input) {
      const c = checkInput(input, await network(), null);
      return { ...c.quote, delivery_office_id: c.delivery_office_id };
    },
    async accept(input, at, actor, request) {
      const net = await network();
      const origin = net.office(at.office_id);
      const c = checkInput(input, net, origin.id);
      const code = needsCode(c) ? (request === undefined ? newCode() : keyedCode(request)) : null;
      return journal.transaction(async (trx) => {
        const first = await deps.requests.first(trx, request);
        if (first !== null) return { ...toItem((await repo.findItem(trx, first))!), delivery_code: code };
        const [id] = await allocate(trx, c.service, 1);
        await journal.append(trx, itemAccepted, {
          stream: id!,
          actor,
          office: origin.id,
          payload: payload(c, id!, {
            state: 'posted',
            origin: origin.id,
            shipper: null,
            paid_by: 'cash',
            till: at.till_session_id,
            clerk: at.clerk_id,
            code,
          }),
        });
        await deps.requests.answered(trx, request, id!, { actor, office: origin.id });
        return { ...toItem((await repo.findItem(trx, id!))!), delivery_code: code };
      });
    },
    async acceptPrepaid(input, at, refRaw) {
      const ref = checkRef(refRaw);
      const receivers = checkReceivers(
        input?.restricted_to,
        Number(vietnamDay(deps.clock.now()).slice(0, 4)),
      );
      const net = await network();
      const origin = net.office(at.office_id);
      // The owner's ref is its key; a shipper's key has no place on an item no shipper sent.
      const c = checkInput({ ...input, key: undefined }, net, origin.id);
      if (c.insured_value > 0n)
        throw invalid(
          undefined,
          'insured_value',
          'is not offered on an item whose charge another service took',
          'bưu gửi đã thu cước theo dịch vụ khác không nhận khai giá',
        );
      if (c.cod_amount > 0n && !COD_OWNERS.includes(ref.owner))
        throw invalid(
          undefined,
          'cod_amount',
          'is not offered on an item whose charge another service took',
          'bưu gửi đã thu cước theo dịch vụ khác không nhận thu hộ',
        );
      return journal.transaction(async (trx) => {
        // Locked before the key is looked up: two calls under one key make one item, the second answering it.
        await journal.lock(trx);
        const old = await repo.findByOwnerKey(trx, ref.owner, ref.key);
        if (old !== undefined) {
          const restricted = receivers === null ? null : canonicalJson(receiversOf(old.id, receivers));
          const same =
            old.service === c.service &&
            old.origin_office_id === origin.id &&
            old.recipient_phone === c.recipient.phone &&
            old.recipient_commune === c.recipient.commune &&
            old.weight_g === BigInt(c.weight_g) &&
            old.cod_amount === c.cod_amount &&
            old.restricted_to === restricted;
          if (!same)
            throw new DeliveryError(
              'idempotency_key_reused',
              `Key ${ref.key} of ${ref.owner} was used for item ${old.id} with different contents or receivers; a new item needs a new key`,
              `Mã tham chiếu ${ref.key} đã dùng cho bưu gửi ${old.id} với nội dung hoặc người nhận khác`,
              { key: ref.key, item: old.id },
            );
          return toItem(old);
        }
        const [id] = await allocate(trx, c.service, 1);
        const base = payload(c, id!, {
          state: 'posted',
          origin: origin.id,
          shipper: null,
          paid_by: 'prepaid',
          till: null,
          clerk: null,
          code: null,
        });
        await journal.append(trx, itemAccepted, {
          stream: id!,
          actor: at.actor,
          office: origin.id,
          payload: {
            ...base,
            // The owner took the charge: finance follows fee 0 as nothing to post.
            postage: '0',
            insurance_fee: '0',
            cod_fee: '0',
            fee: '0',
            owner: ref.owner,
            owner_key: ref.key,
            ...(receivers === null ? {} : { restricted_to: receiversOf(id!, receivers) }),
          },
        });
        return toItem((await repo.findItem(trx, id!))!);
      });
    },
    async announce(inputs, shipper, actor, options = {}) {
      const first = options.firstRow ?? 1;
      if (inputs.length === 0 || inputs.length > 5000)
        throw invalid(undefined, 'items', 'must hold 1 to 5,000 items', 'cần từ 1 đến 5.000 bưu gửi mỗi lần');
      const net = await network();
      const origin = net.office(shipper.office_id);
      const request = options.request;
      const checked = inputs.map((raw, i) => {
        const c = checkInput(raw, net, origin.id, i + first);
        // `req:<hash>:<row>` cannot be mistaken for another batch's rows, nor taken first by a shipper's own
        // key, which never holds the platform's mark (anyone can compute the hash of a file's content).
        return c.key !== null || request === undefined
          ? c
          : { ...c, key: `req${SYSTEM_ID_MARK}${request.key.slice(0, 40)}${SYSTEM_ID_MARK}${i + first}` };
      });
      const seen = new Map<string, number>();
      for (const [i, c] of checked.entries()) {
        if (c.key === null) continue;
        const earlier = seen.get(c.key);
        if (earlier !== undefined)
          throw invalid(
            i + first,
            'key',
            `repeats the key of row ${earlier}`,
            `mã đơn hàng trùng với dòng ${earlier}`,
          );
        seen.set(c.key, i + first);
      }
      return journal.transaction(async (trx) => {
        const again = (await deps.requests.first(trx, request)) !== null;
        const keys = checked.flatMap((c) => (c.key === null ? [] : [c.key]));
        const existing = new Map(
          (await repo.findByShipperKeys(trx, shipper.id, keys)).map((r) => [r.shipper_key!, r]),
        );
        const fresh: Array<{ c: Checked; row: number }> = [];
        for (const [i, c] of checked.entries()) {
          const old = c.key === null ? undefined : existing.get(c.key);
          if (old === undefined) {
            fresh.push({ c, row: i });
            continue;
          }
          // The same key must mean the same item: a changed order under an old key is a mistake to report.
          const same =
            old.recipient_phone === c.recipient.phone &&
            old.recipient_commune === c.recipient.commune &&
            old.cod_amount === c.cod_amount &&
            old.weight_g === BigInt(c.weight_g) &&
            old.service === c.service;
          if (!same)
            throw new DeliveryError(
              'idempotency_key_reused',
              `Row ${i + first}: key ${c.key} was used for item ${old.id} with different contents; use a new key for a new item`,
              `Dòng ${i + first}: mã đơn hàng ${c.key} đã dùng cho bưu gửi ${old.id} với nội dung khác`,
              { row: i + first, key: c.key, item: old.id },
            );
        }
        const codes = new Map<string, string | null>();
        const idOfRow = new Map<number, string>();
        const drafts: Array<EventDraft<z.input<typeof itemAccepted.schema>>> = [];
        const byService = new Map<Service, Array<{ c: Checked; row: number }>>();
        for (const f of fresh) byService.set(f.c.service, [...(byService.get(f.c.service) ?? []), f]);
        for (const [service, list] of byService) {
          const ids = await allocate(trx, service, list.length);
          for (const [k, f] of list.entries()) {
            const id = ids[k]!;
            const code = needsCode(f.c) ? newCode() : null;
            codes.set(id, code);
            idOfRow.set(f.row, id);
            drafts.push({
              stream: id,
              actor,
              office: origin.id,
              payload: payload(f.c, id, {
                state: 'announced',
                origin: origin.id,
                shipper: shipper.id,
                paid_by: 'account',
                till: null,
                clerk: null,
                code,
              }),
            });
          }
        }
        if (drafts.length > 0) await journal.appendMany(trx, itemAccepted, drafts);
        const made = await repo.findItems(
          trx,
          drafts.map((d) => d.stream),
        );
        const madeById = new Map(made.map((r) => [r.id, r]));
        // In the order given: a fresh row by its new id, a repeated key by the item it made the first time.
        const items = checked.map((c, i) => {
          const old = c.key === null ? undefined : existing.get(c.key);
          if (old !== undefined) return { ...toItem(old), delivery_code: null };
          const id = idOfRow.get(i)!;
          return { ...toItem(madeById.get(id)!), delivery_code: codes.get(id) ?? null };
        });
        // Recorded even when every row existed already, so that another batch under the key is refused.
        if (!again) await deps.requests.answered(trx, request, items[0]!.id, { actor, office: origin.id });
        return { items, created: drafts.length };
      });
    },
    checkCode(item, code) {
      const stored = item.code_hash;
      if (stored === null || typeof code !== 'string' || !/^\d{6}$/.test(code)) return false;
      return timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(codeHash(item.id, code), 'hex'));
    },
    checkReceiver(item, cccd, day) {
      if (item.restricted_to === null) return 'allowed';
      const given = Buffer.from(receiverHash(item.id, cccd), 'hex');
      let out: 'past' | 'unknown' = 'unknown';
      for (const r of JSON.parse(item.restricted_to) as Array<{ hash: string; until: string | null }>) {
        if (!timingSafeEqual(Buffer.from(r.hash, 'hex'), given)) continue;
        if (r.until === null || day <= r.until) return 'allowed';
        out = 'past';
      }
      return out;
    },
  };
}
