// Transfers between offices and write-offs. A transfer is sent by the sending office's manager (shelf → transit
// at the sender, valued by the ledger) and received at the other office by its staff with the quantities they
// counted (transit → the receiver's shelf; any shortfall transit → transit_loss at the sender, kept on the
// line). A write-off takes goods off the shelf for a reason (damaged, expired, lost, other) and a note.
import type { Kysely } from '../../../storage/index.ts';
import { found } from '../../../platform/errors.ts';
import { RetailError } from '../retail-error.ts';
import type { RetailTables } from '../retail-tables.ts';
import { moveStock } from './stock.ledger.ts';
import type { MoveLineInput } from './stock.ledger.ts';
import {
  SERIAL_PREFIXES,
  transferReceived,
  transferSent,
  WRITE_OFF_REASONS,
  writtenOff,
} from './goods.events.ts';
import { bad, checkLines, outOfOrder, textOf, transferNotFound } from './goods.checks.ts';
import type { Stock, StockDeps, Transfer } from './goods.model.ts';
import * as repo from './goods.repository.ts';
import { movesOf } from './goods.reads.ts';

type Db = Kysely<RetailTables>;

export async function loadTransfer(db: Db, id: string): Promise<Transfer> {
  const r = found(await repo.findTransfer(db, id), () => transferNotFound(id));
  return (await toTransfers(db, [r]))[0]!;
}

export async function toTransfers(db: Db, rows: readonly repo.TransferRow[]): Promise<Transfer[]> {
  const lines = await repo.findTransferLines(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    from_office: r.from_office,
    to_office: r.to_office,
    state: r.state as Transfer['state'],
    sent_by: r.sent_by,
    sent_at: r.sent_at,
    received_by: r.received_by,
    received_at: r.received_at,
    note: r.note,
    lines: lines
      .filter((l) => l.transfer_id === r.id)
      .map((l) => ({
        product: l.product_code,
        sent: BigInt(l.sent),
        value: BigInt(l.value),
        received: l.received === null ? null : BigInt(l.received),
      })),
  }));
}

const serial = async (trx: Db, prefix: string) =>
  `${prefix}${(await repo.nextSerial(trx, prefix)).toString().padStart(8, '0')}`;

/** The transfer and write-off jobs of the stock module. */
export function createTransfers(deps: StockDeps): Pick<Stock, 'send' | 'receiveTransfer' | 'writeOff'> {
  const { journal, requests } = deps;
  const again = async (trx: Db, first: string | null) =>
    first === null ? undefined : loadTransfer(trx, first);

  return {
    async send(input, by, request) {
      return journal.transaction(async (trx) => {
        const first = await again(trx, await requests.first(trx, request));
        if (first !== undefined) return first;
        if (input.to_office === input.from_office)
          throw bad('to_office', 'is the sending office itself', 'Bưu cục nhận phải khác bưu cục gửi');
        const note =
          input.note === undefined || input.note === null || input.note.trim() === ''
            ? null
            : textOf('note', input.note, 500, 'Ghi chú');
        const lines = await checkLines(trx, input.lines, (l) => l.quantity);
        const id = await serial(trx, SERIAL_PREFIXES.transfer);
        const move = `trs:${id}`;
        const moved = await moveStock(
          trx,
          journal,
          {
            id: move,
            kind: 'transfer_sent',
            office: input.from_office,
            ref: id,
            lines: lines.map((l) => ({
              product: l.product,
              from: { office: input.from_office, place: 'shelf' as const },
              to: { office: input.from_office, place: 'transit' as const },
              quantity: l.quantity,
            })),
          },
          by.staff,
        );
        await journal.append(trx, transferSent, {
          stream: id,
          actor: by.staff,
          office: input.from_office,
          payload: {
            id,
            from_office: input.from_office,
            to_office: input.to_office,
            move,
            note,
            lines: moved.lines.map((l) => ({ product: l.product, sent: l.quantity, value: l.value })),
          },
        });
        await requests.answered(trx, request, id, { actor: by.staff, office: input.from_office });
        return loadTransfer(trx, id);
      });
    },

    async receiveTransfer(id, counted, by, request) {
      return journal.transaction(async (trx) => {
        const first = await again(trx, await requests.first(trx, request));
        if (first !== undefined) return first;
        const t = await loadTransfer(trx, id);
        if (by.office === t.from_office)
          throw new RetailError(
            'wrong_office',
            `Transfer ${id} is received at ${t.to_office}, not at the office that sent it`,
            'Hàng chuyển kho phải được nhận tại bưu cục nhận, không phải bưu cục gửi',
            { transfer: id, to_office: t.to_office },
          );
        // An office that is neither side answers as if there were no such transfer.
        if (by.office !== null && by.office !== t.to_office) throw transferNotFound(id);
        if (t.state !== 'sent')
          throw outOfOrder(
            `Transfer ${id} was already received on ${t.received_at}`,
            'Phiếu chuyển kho này đã được nhận rồi',
            { transfer: id, state: t.state },
          );
        const lines = await checkLines(trx, counted, (l) => l.received, { zero: true, field: 'received' });
        if (
          lines.length !== t.lines.length ||
          t.lines.some((x) => !lines.some((l) => l.product === x.product))
        )
          throw bad(
            'lines',
            `must give the received quantity of each of the ${t.lines.length} products sent (${t.lines.map((x) => x.product).join(', ')})`,
            'Hãy nhập số lượng thực nhận cho từng mặt hàng trên phiếu chuyển',
          );
        const moveLines: MoveLineInput[] = [];
        const payload = lines.map((l, i) => {
          const sent = t.lines.find((x) => x.product === l.product)!.sent;
          if (l.received > sent)
            throw bad(
              `lines[${i}].received`,
              `is ${l.received}, more than the ${sent} of ${l.product} sent: receive what was sent and count the surplus in a stocktake`,
              `Dòng ${i + 1}: số nhận (${l.received}) nhiều hơn số gửi (${sent}): chỉ nhận số đã gửi, phần thừa xử lý bằng kiểm kê`,
              { line: i + 1 },
            );
          const from = { office: t.from_office, place: 'transit' as const };
          if (l.received > 0n)
            moveLines.push({
              product: l.product,
              from,
              to: { office: t.to_office, place: 'shelf' },
              quantity: l.received,
            });
          if (sent > l.received)
            moveLines.push({
              product: l.product,
              from,
              to: { office: t.from_office, place: 'transit_loss' },
              quantity: sent - l.received,
            });
          return {
            product: l.product,
            received: l.received.toString(),
            missing: (sent - l.received).toString(),
          };
        });
        const move = `trr:${id}`;
        await moveStock(
          trx,
          journal,
          { id: move, kind: 'transfer_received', office: t.to_office, ref: id, lines: moveLines },
          by.staff,
        );
        await journal.append(trx, transferReceived, {
          stream: id,
          actor: by.staff,
          office: t.to_office,
          payload: { id, to_office: t.to_office, move, lines: payload },
        });
        await requests.answered(trx, request, id, { actor: by.staff, office: t.to_office });
        return loadTransfer(trx, id);
      });
    },

    async writeOff(input, by, request) {
      return journal.transaction(async (trx) => {
        const answered = await requests.first(trx, request);
        if (answered !== null) return { id: answered, move: (await movesOf(trx, [answered]))[0]! };
        if (!(WRITE_OFF_REASONS as readonly string[]).includes(input.reason))
          throw bad(
            'reason',
            `must be one of ${WRITE_OFF_REASONS.join(', ')}`,
            'Lý do xuất hủy là bắt buộc: hư hỏng, hết hạn, mất hoặc khác',
          );
        const note = textOf('note', input.note, 500, 'Diễn giải lý do xuất hủy');
        const lines = await checkLines(trx, input.lines, (l) => l.quantity);
        const id = await serial(trx, SERIAL_PREFIXES.writeOff);
        const move = `wo:${id}`;
        const moved = await moveStock(
          trx,
          journal,
          {
            id: move,
            kind: 'write_off',
            office: input.office,
            ref: id,
            reason: `${input.reason}: ${note}`,
            lines: lines.map((l) => ({
              product: l.product,
              from: { office: input.office, place: 'shelf' as const },
              to: { office: input.office, place: 'written_off' as const },
              quantity: l.quantity,
            })),
          },
          by.staff,
        );
        await journal.append(trx, writtenOff, {
          stream: id,
          actor: by.staff,
          office: input.office,
          payload: {
            id,
            office: input.office,
            move,
            reason: input.reason,
            note,
            lines: moved.lines.map((l) => ({ product: l.product, quantity: l.quantity, value: l.value })),
          },
        });
        await requests.answered(trx, request, id, { actor: by.staff, office: input.office });
        return { id, move: (await movesOf(trx, [id]))[0]! };
      });
    },
  };
}
