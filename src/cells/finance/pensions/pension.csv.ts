import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parseCccd } from '../../../platform/cccd.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { nameText, searchKey } from '../../../platform/text.ts';

/** The columns of the agency's list, in order (the first row of the file names them). */
export const LIST_COLUMNS = [
  'cccd',
  'ho_ten',
  'nam_sinh',
  'loai',
  'so_tien',
  'ma_xa',
  'ma_buu_cuc',
  'kenh',
  'nguoi_nhan_thay',
  'cccd_nguoi_nhan_thay',
  'uy_quyen_den',
] as const;

export const BENEFITS = ['LH', 'TC', 'BTXH'] as const;
export const CHANNELS = ['ATM', 'DIEM_CHI', 'QUAY', 'TAI_NHA'] as const;
/** No one line pays more than this (10^10 đ): a larger figure is a typing error. */
const MAX_LINE = 10_000_000_000n;

/** One line as checked: what the projection stores. */
export interface ListLine {
  row: number;
  cccd: string;
  full_name: string;
  search_key: string;
  birth_year: number;
  benefit: (typeof BENEFITS)[number];
  amount: bigint;
  commune_code: string;
  office_postcode: string;
  channel: (typeof CHANNELS)[number];
  proxy_name: string | null;
  proxy_cccd: string | null;
  proxy_until: string | null;
}

/** One problem with one row: the row as the spreadsheet numbers it, the column, and what to do. */
export interface RowProblem {
  row: number;
  field: string;
  message: string;
  message_vi: string;
}

/** What a row is checked against beyond its own form: the geography and the office network. */
export interface ListContext {
  /** The period's first day (YYYY-MM-DD) and the year, for proxies and ages. */
  periodStart: string;
  year: number;
  communes?: ReadonlyMap<string, string>;
  offices?: ReadonlyMap<string, { province_code: string | null; status: string; type: string }>;
  province?: string;
}

/** The rows of a CSV list, as string arrays, with their spreadsheet row number; the header is checked. */
export async function* readListRows(source: Readable): AsyncGenerator<{ row: number; cells: string[] }> {
  // Strict UTF-8: a byte that is not UTF-8 stops the list rather than becoming U+FFFD in a name.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // `info` gives each record's line in the file, so a row number is the spreadsheet's even after blank
  // lines; a record over 64 KiB (a stray quote swallowing the file) is an error, not a memory hog.
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: 65_536,
  });
  const feed = (async () => {
    try {
      // Respect the parser's backpressure: the rows are consumed as fast as the database takes them, and a
      // national list must not pile up in memory while it waits. If the reader stops early (a bad header,
      // a database error), the parser is destroyed and feeding stops.
      for await (const chunk of source) {
        if (parser.destroyed) return;
        if (!parser.write(decoder.decode(chunk as Buffer, { stream: true }))) {
          if (parser.destroyed) return;
          await new Promise<void>((resolve) => {
            const done = () => {
              parser.off('drain', done);
              parser.off('close', done);
              resolve();
            };
            parser.on('drain', done);
            parser.on('close', done);
          });
        }
      }
      if (parser.destroyed) return;
      parser.write(decoder.decode());
      parser.end();
    } catch (err) {
      parser.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  })();
  let records = 0;
  let row = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      records++;
      row = info.lines;
      if (records === 1) {
        const header = record.map((h) => h.trim().toLowerCase());
        if (header.length !== LIST_COLUMNS.length || header.some((h, i) => h !== LIST_COLUMNS[i]))
          throw new ListFormatError(
            `The first row must name the columns ${LIST_COLUMNS.join(',')}; it has ${header.join(',').slice(0, 200)}`,
            `Dòng đầu phải là tên các cột: ${LIST_COLUMNS.join(',')}`,
          );
        continue;
      }
      yield { row, cells: record };
    }
  } catch (err) {
    if (err instanceof ListFormatError || isDomainError(err)) throw err;
    if (err instanceof TypeError && /encoded data was not valid/i.test(err.message))
      throw new ListFormatError(
        `The file is not UTF-8 (after row ${row}): save it as CSV UTF-8`,
        `Tệp không ở mã UTF-8 (sau dòng ${row}): hãy lưu lại dạng CSV UTF-8`,
      );
    const message = err instanceof Error ? err.message : String(err);
    throw new ListFormatError(
      `The CSV cannot be read after row ${row}: ${message.slice(0, 200)}`,
      `Không đọc được tệp CSV sau dòng ${row}: tệp bị hỏng hoặc bị cắt`,
    );
  } finally {
    if (!parser.destroyed) parser.destroy();
    await feed;
  }
  if (records === 0) throw new ListFormatError('The file is empty', 'Tệp trống');
}

/** The file cannot be read as a list at all (not its rows' content). */
export class ListFormatError extends Error {
  readonly messageVi: string;
  constructor(message: string, messageVi: string) {
    super(message);
    this.messageVi = messageVi;
  }
}

/** Checks one row; a line, or the problems of this row (every field, not just the first). */
export function checkRow(row: number, cells: readonly string[], ctx: ListContext): ListLine | RowProblem[] {
  const problems: RowProblem[] = [];
  const bad = (field: string, message: string, message_vi: string) =>
    problems.push({ row, field, message, message_vi });
  if (cells.length !== LIST_COLUMNS.length) {
    bad(
      '*',
      `has ${cells.length} columns, not ${LIST_COLUMNS.length}`,
      `có ${cells.length} cột thay vì ${LIST_COLUMNS.length}`,
    );
    return problems;
  }
  const get = (c: (typeof LIST_COLUMNS)[number]) => cells[LIST_COLUMNS.indexOf(c)]!.trim();
  let cccd = '';
  let birthYear = 0;
  try {
    const parsed = parseCccd(get('cccd'), ctx.year);
    cccd = parsed.number;
    birthYear = parsed.birthYear;
  } catch (err) {
    if (!isDomainError(err)) throw err;
    bad('cccd', err.message, 'số CCCD không đúng dạng 12 chữ số: hãy kiểm tra lại');
  }
  let fullName = '';
  try {
    fullName = nameText(get('ho_ten'));
    if (fullName.length < 2 || fullName.length > 100)
      bad('ho_ten', 'must be 2 to 100 characters', 'họ tên phải có 2–100 ký tự');
  } catch (err) {
    if (!isDomainError(err)) throw err;
    bad('ho_ten', err.message, `họ tên ${err.messageVi}`);
  }
  const year = Number(get('nam_sinh'));
  if (!/^\d{4}$/.test(get('nam_sinh')))
    bad('nam_sinh', 'must be a 4-digit year', 'năm sinh phải có 4 chữ số');
  else if (cccd !== '' && year !== birthYear)
    bad(
      'nam_sinh',
      `is ${year} but the CCCD says ${birthYear}`,
      `năm sinh ${year} không khớp với số CCCD (${birthYear})`,
    );
  const benefit = get('loai');
  if (!(BENEFITS as readonly string[]).includes(benefit))
    bad('loai', `must be one of ${BENEFITS.join(', ')}`, `loại chế độ phải là ${BENEFITS.join(', ')}`);
  const amountText = get('so_tien');
  let amount = 0n;
  if (!/^[1-9]\d{0,15}$/.test(amountText))
    bad(
      'so_tien',
      'must be a whole number of đồng above 0, without separators',
      'số tiền phải là số nguyên dương, không có dấu chấm phẩy',
    );
  else {
    amount = BigInt(amountText);
    if (amount > MAX_LINE) bad('so_tien', 'is above 10,000,000,000 đ', 'số tiền quá lớn');
  }
  const commune = get('ma_xa');
  if (!/^\d{5}$/.test(commune)) bad('ma_xa', 'must be a 5-digit commune code', 'mã xã phải có 5 chữ số');
  else if (ctx.communes !== undefined) {
    const province = ctx.communes.get(commune);
    if (province === undefined)
      bad('ma_xa', `commune ${commune} does not exist (since 1 July 2025)`, `mã xã ${commune} không tồn tại`);
    else if (ctx.province !== undefined && province !== ctx.province)
      bad(
        'ma_xa',
        `commune ${commune} is in province ${province}, not the period's ${ctx.province}`,
        `xã ${commune} không thuộc tỉnh của kỳ chi trả`,
      );
  }
  const postcode = get('ma_buu_cuc');
  if (!/^\d{5}$/.test(postcode))
    bad('ma_buu_cuc', 'must be a 5-digit postcode', 'mã bưu cục phải có 5 chữ số');
  else if (ctx.offices !== undefined) {
    const office = ctx.offices.get(postcode);
    if (
      office === undefined ||
      office.status !== 'open' ||
      !['post_office', 'service_point', 'provincial_post'].includes(office.type)
    )
      bad(
        'ma_buu_cuc',
        `no open post office has postcode ${postcode}`,
        `không có bưu cục đang hoạt động mã ${postcode}`,
      );
    else if (ctx.province !== undefined && office.province_code !== ctx.province)
      bad('ma_buu_cuc', `office ${postcode} is in another province`, `bưu cục ${postcode} thuộc tỉnh khác`);
  }
  const channel = get('kenh');
  if (!(CHANNELS as readonly string[]).includes(channel))
    bad('kenh', `must be one of ${CHANNELS.join(', ')}`, `kênh chi trả phải là ${CHANNELS.join(', ')}`);
  const proxy = [get('nguoi_nhan_thay'), get('cccd_nguoi_nhan_thay'), get('uy_quyen_den')];
  let proxyName: string | null = null;
  let proxyCccd: string | null = null;
  let proxyUntil: string | null = null;
  if (proxy.some((p) => p !== '')) {
    if (proxy.some((p) => p === ''))
      bad(
        'nguoi_nhan_thay',
        'a proxy needs a name, a CCCD and a date until which the authorisation holds',
        'người nhận thay cần đủ họ tên, số CCCD và ngày hết hạn ủy quyền',
      );
    else {
      try {
        proxyName = nameText(proxy[0]!);
      } catch (err) {
        if (!isDomainError(err)) throw err;
        bad('nguoi_nhan_thay', err.message, `họ tên người nhận thay ${err.messageVi}`);
      }
      if (proxyName !== null && (proxyName.length < 2 || proxyName.length > 100))
        bad('nguoi_nhan_thay', 'must be 2 to 100 characters', 'họ tên người nhận thay phải có 2–100 ký tự');
      try {
        proxyCccd = parseCccd(proxy[1]!, ctx.year).number;
      } catch (err) {
        if (!isDomainError(err)) throw err;
        bad('cccd_nguoi_nhan_thay', err.message, 'số CCCD người nhận thay không đúng dạng');
      }
      const until = proxy[2]!;
      const start = Date.parse(`${ctx.periodStart}T00:00:00Z`);
      const limit = new Date(start);
      limit.setUTCFullYear(limit.getUTCFullYear() + 1);
      const parsedUntil = new Date(`${until}T00:00:00Z`);
      // A date that does not exist (2026-02-30) is refused, not rolled over.
      if (
        !/^\d{4}-\d{2}-\d{2}$/.test(until) ||
        Number.isNaN(parsedUntil.getTime()) ||
        parsedUntil.toISOString().slice(0, 10) !== until
      )
        bad('uy_quyen_den', 'must be a date YYYY-MM-DD', 'ngày hết hạn ủy quyền phải có dạng năm-tháng-ngày');
      else if (Date.parse(`${until}T00:00:00Z`) < start)
        bad(
          'uy_quyen_den',
          `the authorisation ended on ${until}, before the period`,
          'giấy ủy quyền đã hết hạn trước kỳ chi trả',
        );
      else if (Date.parse(`${until}T00:00:00Z`) > limit.getTime())
        bad(
          'uy_quyen_den',
          'an authorisation holds for at most 12 months',
          'giấy ủy quyền có hiệu lực tối đa 12 tháng',
        );
      else proxyUntil = until;
      if (proxyCccd !== null && proxyCccd === cccd)
        bad('cccd_nguoi_nhan_thay', 'the proxy is the person', 'người nhận thay trùng với người hưởng');
    }
  }
  if (problems.length > 0) return problems;
  return {
    row,
    cccd,
    full_name: fullName,
    search_key: searchKey(fullName),
    birth_year: birthYear,
    benefit: benefit as ListLine['benefit'],
    amount,
    commune_code: commune,
    office_postcode: postcode,
    channel: channel as ListLine['channel'],
    proxy_name: proxyName,
    proxy_cccd: proxyCccd,
    proxy_until: proxyUntil,
  };
}
