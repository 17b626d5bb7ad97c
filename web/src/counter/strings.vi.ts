// The counter's strings, Vietnamese (the source language): each screen keeps its own beside it.
import { acceptVi } from './accept.strings.ts';
import { approvalsVi } from './approvals.strings.ts';
import { dossierVi } from './dossier.strings.ts';
import { payoutVi } from './payout.strings.ts';
import { orderVi } from './order.strings.ts';
import { pickupVi } from './pickup.strings.ts';
import { saleVi } from './sale.strings.ts';
import { tillVi } from './till.strings.ts';
import { stockVi } from './stock.strings.ts';

export const counterVi = {
  till: tillVi,
  approvals: approvalsVi,
  payout: payoutVi,
  accept: acceptVi,
  pickup: pickupVi,
  dossier: dossierVi,
  stock: stockVi,
  order: orderVi,
  sale: saleVi,
};
