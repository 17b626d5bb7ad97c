import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import { vndText } from '../../../platform/vnd-schema.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import * as repo from './agency.repository.ts';

const amount = vndText('positive');

export const agencyFeeRecordedSchema = z.strictObject({
  dossier: z.string(),
  source_seq: z.string().regex(/^\d+$/),
  office: z.string(),
  agency: z.string(),
  agency_name: z.string(),
  amount,
  transfer: z.string(),
  clerk: z.string(),
  till_session_id: z.string(),
  collected_at: z.string(),
});

/** An agency's fees and charges the services cell took at a dossier's intake, now owed to the agency. */
export const agencyFeeRecorded = defineEvent<FinanceTables, typeof agencyFeeRecordedSchema>({
  type: 'finance.agency_fee.recorded',
  schema: agencyFeeRecordedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.insertCollection(db, {
      dossier_id: p.dossier,
      source_seq: BigInt(p.source_seq),
      office_id: p.office,
      agency_code: p.agency,
      agency_name: p.agency_name,
      amount: BigInt(p.amount),
      transfer_id: p.transfer,
      clerk_id: p.clerk,
      till_session_id: p.till_session_id,
      collected_at: p.collected_at,
      remittance_id: null,
    });
  },
});

export const agencyRemittedSchema = z.strictObject({
  id: z.string(),
  agency: z.string(),
  through: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  office: z.string().nullable(),
  dossiers: z.array(z.string()),
  total: amount,
});

/** A remittance to an agency: the fees offices had taken for it up to a day, paid on through head office. */
export const agencyRemitted = defineEvent<FinanceTables, typeof agencyRemittedSchema>({
  type: 'finance.agency.remitted',
  schema: agencyRemittedSchema,
  async apply(db, e) {
    const p = e.payload;
    const n = await repo.markRemitted(db, p.dossiers, p.id);
    if (n !== p.dossiers.length)
      throw new FinanceError(
        'transfers_failed',
        `Event ${e.seq}: remittance ${p.id} pays ${p.dossiers.length} collections but ${n} were outstanding`,
        'Số khoản phí, lệ phí chuyển trả không khớp',
        { remittance: p.id },
      );
    await repo.insertRemittance(db, {
      id: p.id,
      agency_code: p.agency,
      through: p.through,
      office_id: p.office,
      dossier_count: BigInt(p.dossiers.length),
      total: BigInt(p.total),
      created_at: e.at,
      created_by: e.actor,
      seq: e.seq,
    });
  },
});

export const agencyEvents = [agencyFeeRecorded, agencyRemitted];
