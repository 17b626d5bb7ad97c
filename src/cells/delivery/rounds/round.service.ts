// The rounds module: a postman's round opened for the day and closed with its COD cash counted; what
// happens at the door and the counter is in handover.service.ts.
import type { Kysely } from '../../../storage/index.ts';
import type { RequestKey } from '../../../journal/index.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { newId } from '../../../platform/ids.ts';
import { DeliveryError } from '../delivery-error.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import { itemRowsInOrder, readItemList } from '../items/index.ts';
import { createHandover } from './handover.service.ts';
import { roundClosed, roundOpened } from './round.events.ts';
import { amountOf, bad, checkNext, findRound, toRound, type Rounds, type RoundsDeps } from './round.model.ts';
import * as repo from './round.repository.ts';

/** Creates the delivery rounds module. */
export function createRounds(deps: RoundsDeps): Rounds {
  const { db, journal, requests } = deps;
  const firstRound = async (trx: Kysely<DeliveryTables>, request: RequestKey | undefined) => {
    const first = await requests.first(trx, request);
    return first === null
      ? undefined
      : toRound((await repo.findRound(trx, first))!, await repo.roundItems(trx, first));
  };

  return {
    ...createHandover(deps),
    async open(input, actor, request) {
      const net = await deps.items.network();
      const office = net.office(input.office);
      if (typeof input.postman !== 'string' || input.postman === '')
        throw bad('postman', 'is required', 'cần chọn bưu tá');
      const ids = readItemList(input.items, 500, 'invalid_delivery', {
        en: 'A round',
        vi: 'Mỗi chuyến phát',
      });
      return journal.transaction(async (trx) => {
        const first = await firstRound(trx, request);
        if (first !== undefined) return first;
        let cod = 0n;
        for (const r of await itemRowsInOrder(trx, ids)) {
          const id = r.id;
          checkNext(r, { code: 'EDG', office: office.id, centre: false });
          if (r.last_code === 'EDG')
            throw new DeliveryError(
              'illegal_event_order',
              `${id} is already out for delivery`,
              `Bưu gửi ${id} đang được đi phát`,
              { item: id },
            );
          if (r.returning === 0n) cod += r.cod_amount;
        }
        const id = newId('drd');
        await journal.append(trx, roundOpened, {
          stream: id,
          actor,
          office: office.id,
          payload: {
            round: id,
            office: office.id,
            postman: input.postman,
            day: vietnamDay(deps.clock.now()),
            items: ids,
            cod_expected: cod.toString(),
          },
        });
        await requests.answered(trx, request, id, { actor, office: office.id });
        return toRound((await repo.findRound(trx, id))!, await repo.roundItems(trx, id));
      });
    },
    async close(roundId, countedRaw, checker, request) {
      const counted = amountOf('counted', countedRaw);
      return journal.transaction(async (trx) => {
        const first = await firstRound(trx, request);
        if (first !== undefined) return first;
        const rd = await findRound(trx, roundId);
        if (rd.status !== 'open')
          throw new DeliveryError(
            'round_not_open',
            `Round ${rd.id} is already closed`,
            'Chuyến phát đã đóng',
            {},
          );
        if (rd.postman_id === checker)
          throw new DeliveryError(
            'invalid_delivery',
            'The postman cannot count his own cash: another person closes the round',
            'Bưu tá không tự kiểm đếm tiền của mình: người khác phải đóng chuyến',
            { field: 'checker' },
          );
        const pending = (await repo.roundItems(trx, rd.id)).filter((i) => i.outcome === 'pending');
        if (pending.length > 0)
          throw new DeliveryError(
            'round_has_items',
            `Round ${rd.id} still has ${pending.length} item(s) out: record each as delivered or attempted (${pending
              .slice(0, 5)
              .map((p) => p.item_id)
              .join(', ')})`,
            `Còn ${pending.length} bưu gửi chưa có kết quả phát`,
            {
              items: pending.map((p) => p.item_id),
            },
          );
        if (counted !== rd.cod_collected)
          throw new DeliveryError(
            'round_cash_mismatch',
            `Counted ${counted} ₫ but the round collected ${rd.cod_collected} ₫ on delivery`,
            `Tiền đếm được ${counted.toLocaleString('vi-VN')} ₫ khác tiền thu hộ ${rd.cod_collected.toLocaleString('vi-VN')} ₫`,
            {
              counted: counted.toString(),
              collected: rd.cod_collected.toString(),
            },
          );
        await journal.append(trx, roundClosed, {
          stream: rd.id,
          actor: checker,
          office: rd.office_id,
          payload: {
            round: rd.id,
            office: rd.office_id,
            postman: rd.postman_id,
            cod_collected: rd.cod_collected.toString(),
            counted: counted.toString(),
          },
        });
        await requests.answered(trx, request, rd.id, { actor: checker, office: rd.office_id });
        return toRound((await repo.findRound(trx, rd.id))!, await repo.roundItems(trx, rd.id));
      });
    },
    async get(id) {
      const r = await findRound(db, id);
      return toRound(r, await repo.roundItems(db, r.id));
    },
    async list(q) {
      return Promise.all(
        (await repo.listRounds(db, q)).map(async (r) => toRound(r, await repo.roundItems(db, r.id))),
      );
    },
  };
}
