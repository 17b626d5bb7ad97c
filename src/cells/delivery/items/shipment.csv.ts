// A shipper's file of items as CSV: one item per row under a fixed header, read into what acceptance takes.
import { parse } from 'csv-parse/sync';
import { DeliveryError } from '../delivery-error.ts';
import type { AcceptInput } from './item.model.ts';

/** The CSV columns a shipper uploads, one item per row. */
export const SHIPMENT_COLUMNS = [
  'key',
  'service',
  'sender_name',
  'sender_phone',
  'sender_address',
  'sender_commune',
  'recipient_name',
  'recipient_phone',
  'recipient_address',
  'recipient_commune',
  'weight_g',
  'length_cm',
  'width_cm',
  'height_cm',
  'insured_value',
  'cod_amount',
] as const;

/** Reads a shipper's CSV into items; a wrong header is refused naming the missing or unknown columns. */
export function readShipmentCsv(text: string): AcceptInput[] {
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      relax_column_count: false,
    });
  } catch (err) {
    throw new DeliveryError(
      'invalid_item',
      `The CSV cannot be read: ${(err as Error).message}`,
      'Không đọc được tệp CSV: hãy lưu lại dạng CSV UTF-8, phân cách bằng dấu phẩy',
      { field: 'file' },
    );
  }
  const [header, ...data] = rows;
  const names = (header ?? []).map((h) => h.trim());
  const missing = SHIPMENT_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((c) => !(SHIPMENT_COLUMNS as readonly string[]).includes(c));
  if (missing.length > 0 || unknown.length > 0)
    throw new DeliveryError(
      'invalid_item',
      `Row 1 (header): ${missing.length > 0 ? `missing ${missing.join(', ')}` : ''}${missing.length > 0 && unknown.length > 0 ? '; ' : ''}${unknown.length > 0 ? `unknown ${unknown.join(', ')}` : ''}: the header is ${SHIPMENT_COLUMNS.join(',')}`,
      `Dòng 1 (tiêu đề) sai cột: cần đúng các cột ${SHIPMENT_COLUMNS.join(', ')}`,
      { row: 1, field: 'header', missing, unknown },
    );
  if (data.length === 0)
    throw new DeliveryError(
      'invalid_item',
      'The CSV has a header but no items',
      'Tệp CSV không có bưu gửi nào',
      { field: 'file' },
    );
  const at = (cells: string[], c: (typeof SHIPMENT_COLUMNS)[number]) =>
    (cells[names.indexOf(c)] ?? '').trim();
  const int = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN);
  return data.map((cells) => ({
    key: at(cells, 'key') === '' ? undefined : at(cells, 'key'),
    service: at(cells, 'service'),
    sender: {
      name: at(cells, 'sender_name'),
      phone: at(cells, 'sender_phone'),
      address: at(cells, 'sender_address'),
      commune: at(cells, 'sender_commune').padStart(5, '0'),
    },
    recipient: {
      name: at(cells, 'recipient_name'),
      phone: at(cells, 'recipient_phone'),
      address: at(cells, 'recipient_address'),
      commune: at(cells, 'recipient_commune').padStart(5, '0'),
    },
    weight_g: int(at(cells, 'weight_g')),
    length_cm: int(at(cells, 'length_cm')),
    width_cm: int(at(cells, 'width_cm')),
    height_cm: int(at(cells, 'height_cm')),
    insured_value: at(cells, 'insured_value'),
    cod_amount: at(cells, 'cod_amount'),
  }));
}
