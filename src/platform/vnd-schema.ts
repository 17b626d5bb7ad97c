import { z } from 'zod';

/** How an amount of VND travels as a decimal string: its sign, and whether 0 is an amount. */
export type VndTextKind = 'positive' | 'nonNegative' | 'signed';

const PATTERNS: { readonly [K in VndTextKind]: RegExp } = {
  positive: /^[1-9]\d{0,18}$/,
  nonNegative: /^(0|[1-9]\d{0,18})$/,
  signed: /^(0|-?[1-9]\d{0,18})$/,
};

const DESCRIPTIONS: { readonly [K in VndTextKind]: string } = {
  positive: 'VND, a positive whole number of đồng, as a decimal string',
  nonNegative: 'VND, a whole number of đồng (0 or more), as a decimal string',
  signed: 'VND, a whole number of đồng that may be negative, as a decimal string',
};

/**
 * The one Zod schema for VND as a decimal string, in the API and in events: whole đồng, no leading zeros,
 * at most 19 digits (it fits a SQL BIGINT). Bounds of the domain (a transfer's maximum) are the service's.
 */
export function vndText(kind: VndTextKind = 'nonNegative') {
  return z.string().regex(PATTERNS[kind], DESCRIPTIONS[kind]).describe(DESCRIPTIONS[kind]);
}
