// VietQR: the EMVCo merchant-presented QR code that every Vietnamese banking app reads (NAPAS 247 transfers).
// A tag-length-value string whose last field is a CRC-16/CCITT-FALSE over everything before it, `6304` included.

/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final xor) as 4 upper-case hex digits. */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** One TLV field: a two-digit tag, a two-digit length (of the value's characters, 1 to 99) and the value. */
export function tlv(tag: string, value: string): string {
  if (!/^\d{2}$/.test(tag)) throw new Error(`an EMVCo tag is two digits, got ${JSON.stringify(tag)}`);
  if (value.length < 1 || value.length > 99)
    throw new Error(`EMVCo field ${tag} must hold 1 to 99 characters, got ${value.length}`);
  return `${tag}${value.length.toString().padStart(2, '0')}${value}`;
}

/** Reads a TLV string into its fields in order (a nested template is read by calling this on its value). */
export function parseTlv(text: string): Array<{ tag: string; value: string }> {
  const out: Array<{ tag: string; value: string }> = [];
  let i = 0;
  while (i < text.length) {
    const tag = text.slice(i, i + 2);
    const length = Number(text.slice(i + 2, i + 4));
    if (!/^\d{2}$/.test(tag) || !Number.isInteger(length) || i + 4 + length > text.length)
      throw new Error(`malformed EMVCo field at ${i}`);
    out.push({ tag, value: text.slice(i + 4, i + 4 + length) });
    i += 4 + length;
  }
  return out;
}

/** The account a VietQR pays into: the bank's NAPAS BIN (6 digits) and the account number. */
export interface VietQrPayee {
  bin: string;
  account: string;
}

/** NAPAS's GUID for VietQR inside the merchant account template (field 38). */
export const NAPAS_GUID = 'A000000727';
/** The service code of a transfer to an account (QRIBFTTC is to a card). */
export const TO_ACCOUNT = 'QRIBFTTA';

/**
 * A dynamic VietQR for an exact amount in VND with a reference (what the transfer's description carries, so
 * the transfer can be matched to what it pays): fields 00, 01 (12: dynamic, one payment), 38 (GUID, the
 * beneficiary bank and account, the service), 53 (704: VND), 54 (the amount), 58 (VN), 62 (05 the reference
 * label and 08 the purpose, both the reference), then 63 its CRC.
 */
export function vietQr(payee: VietQrPayee, amount: bigint, reference: string): string {
  if (!/^\d{6}$/.test(payee.bin)) throw new Error('a bank BIN is 6 digits');
  if (!/^[0-9A-Za-z]{1,19}$/.test(payee.account))
    throw new Error('an account number is 1 to 19 letters or digits');
  if (amount <= 0n || amount.toString().length > 13) throw new Error('a VietQR amount is 1 to 13 digits');
  if (!/^[0-9A-Za-z]{1,25}$/.test(reference))
    throw new Error('a VietQR reference is 1 to 25 letters or digits');
  const beneficiary = tlv('00', payee.bin) + tlv('01', payee.account);
  const body =
    tlv('00', '01') +
    tlv('01', '12') +
    tlv('38', tlv('00', NAPAS_GUID) + tlv('01', beneficiary) + tlv('02', TO_ACCOUNT)) +
    tlv('53', '704') +
    tlv('54', amount.toString()) +
    tlv('58', 'VN') +
    tlv('62', tlv('05', reference) + tlv('08', reference)) +
    '6304';
  return body + crc16(body);
}

/** Whether a VietQR string's CRC matches what it carries. */
export function vietQrValid(text: string): boolean {
  return text.length > 8 && text.slice(-8, -4) === '6304' && crc16(text.slice(0, -4)) === text.slice(-4);
}

/** The account a demo or test platform shows in its VietQR codes (POSTCORE_VIETQR_BIN and _ACCOUNT set the post's). */
export const DEMO_VIETQR_PAYEE: VietQrPayee = { bin: '970415', account: '113000000000' };
