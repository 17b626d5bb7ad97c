// Stocktakes: staff of an office count its shelf (a quantity per product and a reason); the count posts nothing
// until the office's manager, another person than the one who counted, approves it (its differences post
// shelf ↔ stocktake) or rejects it. A difference is the count less what the ledger had on the shelf when
// counting: what was sold or received since is the ledger's and stays. A shortfall leaves at the ledger's
// moving average; a surplus comes in at the product's last receipt cost at that office (else the shelf's own
// average, else nothing). A shortfall larger than what the shelf holds at approval is refused: stock never goes
// below zero, and such a count is rejected and counted again.
import type { Kysely } from '../../../storage/index.ts';
import { found } from '../../../platform/errors.ts';
import { RetailError } from '../retail-error.ts';
import type { RetailTables } from '../retail-tables.ts';
import { findStock } from './stock.repository.ts';
import { moveStock, type MoveLineInput } from './stock.ledger.ts';
import { SERIAL_PREFIXES, stocktakeApproved, stocktakeCounted, stocktakeRejected } from './goods.events.ts';
import { checkLines, outOfOrder, stocktakeNotFound, textOf } from './goods.checks.ts';
import type { Stock, StockActor, StockDeps, Stocktake } from './goods.model.ts';
import * as repo from './goods.repository.ts';
import { movesOf } from './goods.reads.ts';

type Db = Kysely<RetailTables>;

/** What a surplus unit of a product is worth at an office: its last receipt cost, else the shelf's average. */
async function surplusCost(db: Db, office: string, product: string, shelf: { q: bigint; v: bigint }) {
  return (await repo.lastReceiptCost(db, office, product)) ?? (shelf.q > 0n ? shelf.v / shelf.q : 0n);
}

async function shelvesOf(db: Db, office: string, products: readonly string[]) {
  const out = new Map<string, { q: bigint; v: bigint }>();
  for (const r of await findStock(db, office, products))
    if (r.place === 'shelf') out.set(r.product_code, { q: BigInt(r.quantity), v: BigInt(r.value) });
  return out;
}

export async function toStocktakes(db: Db, rows: readonly repo.StocktakeRow[]): Promise<Stocktake[]> {
  const lines = await repo.findStocktakeLines(
    db,
    rows.map((r) => r.id),
  );
  const moves = await movesOf(
    db,
    rows.filter((r) => r.state === 'approved').map((r) => r.id),
  );
  const out: Stocktake[] = [];
  for (const r of rows) {
    const mine = lines.filter((l) => l.stocktake_id === r.id);
    const shelves = await shelvesOf(
      db,
      r.office_id,
      mine.map((l) => l.product_code),
    );
    const posted = moves.find((m) => m.ref === r.id && m.kind === 'stocktake');
    const items: Stocktake['lines'] = [];
    for (const l of mine) {
      const expected = BigInt(l.expected);
      const counted = BigInt(l.counted);
      const difference = counted - expected;
      const shelf = shelves.get(l.product_code) ?? { q: 0n, v: 0n };
      let value = 0n;
      if (r.state === 'approved')
        value = posted?.lines.find((x) => x.product === l.product_code)?.value ?? 0n;
      else if (difference < 0n) value = -difference >= shelf.q ? shelf.v : (shelf.v * -difference) / shelf.q;
      else if (difference > 0n)
        value = difference * (await surplusCost(db, r.office_id, l.product_code, shelf));
      items.push({ product: l.product_code, expected, counted, difference, on_shelf: shelf.q, value });
    }
    out.push({
      id: r.id,
      office_id: r.office_id,
      state: r.state as Stocktake['state'],
      reason: r.reason,
      counted_by: r.counted_by,
      counted_at: r.counted_at,
      decided_by: r.decided_by,
      decided_at: r.decided_at,
      lines: items,
    });
  }
  return out;
}

export async function loadStocktake(db: Db, id: string): Promise<Stocktake> {
  const r = found(await repo.findStocktake(db, id), () => stocktakeNotFound(id));
  return (await toStocktakes(db, [r]))[0]!;
}

/** The stocktake jobs of the stock module. */
export function createStocktakes(deps: StockDeps): Pick<Stock, 'count' | 'approve' | 'reject'> {
  const { journal, requests } = deps;
  const again = async (trx: Db, first: string | null) =>
    first === null ? undefined : loadStocktake(trx, first);

  async function decidable(trx: Db, id: string, by: StockActor): Promise<Stocktake> {
    const staff = by.staff;
    const s = await loadStocktake(trx, id);
    // Another office's stocktake answers as one that is not there.
    if (by.office !== null && by.office !== s.office_id) throw stocktakeNotFound(id);
    if (s.state !== 'counted')
      throw outOfOrder(
        `Stocktake ${id} was already ${s.state} on ${s.decided_at}`,
        s.state === 'approved' ? 'Phiếu kiểm kê đã được duyệt rồi' : 'Phiếu kiểm kê đã bị từ chối',
        { stocktake: id, state: s.state },
      );
    if (s.counted_by === staff)
      throw new RetailError(
        'second_person_required',
        `Stocktake ${id} was counted by you: another manager decides on it (two people for every stocktake)`,
        'Bạn là người kiểm đếm phiếu này: phải do một người khác duyệt (kiểm kê cần hai người)',
        { stocktake: id },
      );
    return s;
  }

  return {
    async count(input, by, request) {
      return journal.transaction(async (trx) => {
        const first = await again(trx, await requests.first(trx, request));
        if (first !== undefined) return first;
        const reason = textOf('reason', input.reason, 500, 'Lý do kiểm kê');
        const lines = await checkLines(trx, input.lines, (l) => l.counted, { zero: true, field: 'counted' });
        const shelves = await shelvesOf(
          trx,
          input.office,
          lines.map((l) => l.product),
        );
        const id = `${SERIAL_PREFIXES.stocktake}${(await repo.nextSerial(trx, SERIAL_PREFIXES.stocktake)).toString().padStart(8, '0')}`;
        await journal.append(trx, stocktakeCounted, {
          stream: id,
          actor: by.staff,
          office: input.office,
          payload: {
            id,
            office: input.office,
            reason,
            lines: lines.map((l) => ({
              product: l.product,
              expected: (shelves.get(l.product)?.q ?? 0n).toString(),
              counted: l.counted.toString(),
            })),
          },
        });
        await requests.answered(trx, request, id, { actor: by.staff, office: input.office });
        return loadStocktake(trx, id);
      });
    },

    async approve(id, by, request) {
      return journal.transaction(async (trx) => {
        const first = await again(trx, await requests.first(trx, request));
        if (first !== undefined) return first;
        const s = await decidable(trx, id, by);
        const shelves = await shelvesOf(
          trx,
          s.office_id,
          s.lines.map((l) => l.product),
        );
        const lines: MoveLineInput[] = [];
        const shelf = { office: s.office_id, place: 'shelf' as const };
        const book = { office: s.office_id, place: 'stocktake' as const };
        for (const [i, l] of s.lines.entries()) {
          const now = shelves.get(l.product) ?? { q: 0n, v: 0n };
          if (l.difference < 0n && now.q < -l.difference)
            throw new RetailError(
              'insufficient_stock',
              `Line ${i + 1}: the count of ${l.product} is ${-l.difference} short, but the shelf holds only ${now.q} now (it was ${l.expected} when counted): reject this stocktake and count again`,
              `Dòng ${i + 1}: kiểm kê thiếu ${-l.difference} ${l.product} nhưng trên kệ hiện chỉ còn ${now.q}: hãy từ chối phiếu này và kiểm đếm lại`,
              { field: `lines[${i}].counted`, line: i + 1, product: l.product, available: now.q.toString() },
            );
          if (l.difference < 0n)
            lines.push({ product: l.product, from: shelf, to: book, quantity: -l.difference });
          if (l.difference > 0n)
            lines.push({
              product: l.product,
              from: book,
              to: shelf,
              quantity: l.difference,
              value: l.difference * (await surplusCost(trx, s.office_id, l.product, now)),
            });
        }
        const move = lines.length === 0 ? null : `stk:${id}`;
        const moved =
          move === null
            ? null
            : await moveStock(
                trx,
                journal,
                { id: move, kind: 'stocktake', office: s.office_id, ref: id, reason: s.reason, lines },
                by.staff,
              );
        await journal.append(trx, stocktakeApproved, {
          stream: id,
          actor: by.staff,
          office: s.office_id,
          payload: {
            id,
            office: s.office_id,
            move,
            lines: (moved?.lines ?? []).map((l) => ({
              product: l.product,
              difference: l.from_place === 'shelf' ? `-${l.quantity}` : l.quantity,
              value: l.value,
            })),
          },
        });
        await requests.answered(trx, request, id, { actor: by.staff, office: s.office_id });
        return loadStocktake(trx, id);
      });
    },

    async reject(id, note, by, request) {
      return journal.transaction(async (trx) => {
        const first = await again(trx, await requests.first(trx, request));
        if (first !== undefined) return first;
        const s = await decidable(trx, id, by);
        const why = textOf('note', note, 500, 'Lý do từ chối');
        await journal.append(trx, stocktakeRejected, {
          stream: id,
          actor: by.staff,
          office: s.office_id,
          payload: { id, office: s.office_id, note: why },
        });
        await requests.answered(trx, request, id, { actor: by.staff, office: s.office_id });
        return loadStocktake(trx, id);
      });
    },
  };
}
