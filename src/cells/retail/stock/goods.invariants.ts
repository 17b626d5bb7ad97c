// The stock module's own invariants, beside the ledger's: a purchase line never received beyond what was
// ordered and its receipts' moves adding up to what it says was received; a received transfer's lines matching
// its two moves (sent, then received plus lost); an approved stocktake's differences posted exactly once, and
// nothing posted for one counted or rejected.
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import * as repo from './goods.repository.ts';
import { movesOf } from './goods.reads.ts';

export async function goodsInvariants(db: Kysely<RetailTables>): Promise<string[]> {
  const out: string[] = [];
  for (const l of await repo.linesBeyondOrdered(db, 20))
    out.push(
      `purchase order ${l.order_id} received ${l.received} of ${l.product_code}, ordered ${l.quantity}`,
    );
  const byMoves = new Map(
    (await repo.receivedByMoves(db)).map((r) => [`${r.ref} ${r.product_code}`, r.quantity]),
  );
  const orders = new Set([...byMoves.keys()].map((k) => k.split(' ')[0]!));
  for (const l of await repo.findOrderLines(db, [...orders])) {
    const moved = byMoves.get(`${l.order_id} ${l.product_code}`) ?? 0n;
    if (moved !== BigInt(l.received))
      out.push(
        `purchase order ${l.order_id} says ${l.received} of ${l.product_code} received, its receipts moved ${moved}`,
      );
  }
  let after = '';
  for (;;) {
    const page = await repo.pageTransfers(db, after, 500);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const lines = await repo.findTransferLines(
      db,
      page.map((t) => t.id),
    );
    const moves = await movesOf(
      db,
      page.map((t) => t.id),
    );
    for (const t of page) {
      const sent = moves.find((m) => m.id === `trs:${t.id}`);
      const received = moves.find((m) => m.id === `trr:${t.id}`);
      const say = (what: string) => out.push(`transfer ${t.id} (${t.state}): ${what}`);
      if (sent === undefined) say('has no move sending it');
      if (t.state === 'received' && received === undefined) say('was received without a move');
      if (t.state !== 'received' && received !== undefined) say('has a receiving move but is not received');
      for (const l of lines.filter((x) => x.transfer_id === t.id)) {
        const s = sent?.lines.find((x) => x.product === l.product_code);
        if (s === undefined || s.quantity !== BigInt(l.sent) || s.value !== BigInt(l.value))
          say(
            `line ${l.product_code} sent ${l.sent} worth ${l.value}, its move ${s?.quantity ?? 0} worth ${s?.value ?? 0}`,
          );
        if (t.state !== 'received') continue;
        const mine = received?.lines.filter((x) => x.product === l.product_code) ?? [];
        const shelf = mine.filter((x) => x.to_place === 'shelf').reduce((a, x) => a + x.quantity, 0n);
        const lost = mine.filter((x) => x.to_place === 'transit_loss').reduce((a, x) => a + x.quantity, 0n);
        if (l.received === null || shelf !== BigInt(l.received) || shelf + lost !== BigInt(l.sent))
          say(
            `line ${l.product_code} received ${l.received} of ${l.sent}, its move shelved ${shelf} and lost ${lost}`,
          );
      }
    }
  }
  for (const s of await repo.stocktakesOffTheirMoves(db, 20))
    out.push(`stocktake ${s.id} (${s.state}) has ${s.moves} moves posting its differences`);
  // An approved stocktake's move posts each line's difference (counted less expected), nothing else.
  for (let after = ''; ;) {
    const page = await repo.pageApprovedStocktakes(db, after, 500);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const ids = page.map((s) => s.id);
    const lines = await repo.findStocktakeLines(db, ids);
    const moves = await movesOf(db, ids);
    for (const s of page) {
      const posted = new Map<string, bigint>();
      for (const m of moves.filter((x) => x.ref === s.id && x.kind === 'stocktake'))
        for (const l of m.lines)
          posted.set(
            l.product,
            (posted.get(l.product) ?? 0n) + (l.from_place === 'shelf' ? -l.quantity : l.quantity),
          );
      const differences = new Map<string, bigint>();
      for (const l of lines.filter((x) => x.stocktake_id === s.id)) {
        const d = BigInt(l.counted) - BigInt(l.expected);
        if (d !== 0n) differences.set(l.product_code, d);
      }
      for (const p of new Set([...posted.keys(), ...differences.keys()]))
        if ((posted.get(p) ?? 0n) !== (differences.get(p) ?? 0n))
          out.push(
            `stocktake ${s.id} found a difference of ${differences.get(p) ?? 0n} in ${p}, its move posted ${posted.get(p) ?? 0n}`,
          );
    }
  }
  return out;
}
