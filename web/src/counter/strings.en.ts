// The counter's strings in English, the same keys as the Vietnamese (the type makes sure).
import type { Shape } from '../ui/strings.types.ts';
import { acceptEn } from './accept.strings.ts';
import { approvalsEn } from './approvals.strings.ts';
import { dossierEn } from './dossier.strings.ts';
import { payoutEn } from './payout.strings.ts';
import { orderEn } from './order.strings.ts';
import { pickupEn } from './pickup.strings.ts';
import { saleEn } from './sale.strings.ts';
import { tillEn } from './till.strings.ts';
import { stockEn } from './stock.strings.ts';
import type { counterVi } from './strings.vi.ts';

export const counterEn: Shape<typeof counterVi> = {
  till: tillEn,
  approvals: approvalsEn,
  payout: payoutEn,
  accept: acceptEn,
  pickup: pickupEn,
  dossier: dossierEn,
  stock: stockEn,
  order: orderEn,
  sale: saleEn,
};
