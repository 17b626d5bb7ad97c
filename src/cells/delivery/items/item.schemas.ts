// The items module's shapes on the wire: what a clerk or shipper sends for an item, and an item as the API
// answers it (amounts as decimal strings).
import { z } from 'zod';
import type { AcceptedItem, Item } from './item.model.ts';
import { SERVICE_NAMES } from '../network/index.ts';
import { amountIn, money, str } from '../shared.routes.ts';
import { STATUSES } from './tracking.ts';

const party = z.object({
  name: z.string().max(200),
  phone: z.string().max(30),
  address: z.string().max(400),
  commune: z.string().max(10).describe('the 5-digit commune code'),
});
export const acceptBody = z
  .object({
    service: z
      .string()
      .max(20)
      .describe(`one of ${SERVICE_NAMES.join(', ')}`),
    sender: party,
    recipient: party,
    weight_g: z.number(),
    length_cm: z.number(),
    width_cm: z.number(),
    height_cm: z.number(),
    insured_value: amountIn,
    cod_amount: amountIn,
    key: z
      .string()
      .max(100)
      .optional()
      .describe(
        'a shipper’s idempotency key for the item: 1 to 64 letters, digits, `.`, `_` or `-`, the first a letter or digit; never `:`, which marks the keys the platform makes',
      ),
  })
  .meta({ id: 'AcceptItem' });
const partyOut = z.object({ name: z.string(), phone: z.string(), address: z.string(), commune: z.string() });
export const itemSchema = z
  .object({
    id: z.string().describe('UPU S10 id'),
    service: z.enum(SERVICE_NAMES),
    status: z.enum(STATUSES),
    shipper_id: z.string().nullable(),
    shipper_key: z.string().nullable(),
    origin_office_id: z.string(),
    delivery_office_id: z.string(),
    location_office_id: z.string().nullable(),
    target_office_id: z.string(),
    returning: z.boolean(),
    attempts: z.number().int(),
    sender: partyOut,
    recipient: partyOut.extend({ province: z.string() }),
    weight_g: z.number().int(),
    dimensions_cm: z.array(z.number().int()),
    charged_g: z.number().int(),
    zone: z.string(),
    postage: money,
    insurance_fee: money,
    cod_fee: money,
    fee: money,
    insured_value: money,
    cod_amount: money,
    paid_by: z
      .enum(['cash', 'account', 'prepaid'])
      .describe('prepaid: the charge was taken by the service that sent the item (every fee 0)'),
    till_session_id: z.string().nullable(),
    needs_code: z.boolean(),
    restricted: z
      .boolean()
      .describe('only named citizens may receive it: delivering it needs the receiver’s CCCD'),
    bag_id: z.string().nullable(),
    round_id: z.string().nullable(),
    accepted_at: z.string(),
    accepted_by: z.string(),
    delivered_at: z.string().nullable(),
    delivered_to: z.string().nullable(),
  })
  .meta({ id: 'Item' });
export const acceptedSchema = itemSchema
  .extend({
    delivery_code: z
      .string()
      .nullable()
      .describe('high-value items: the one-time code the recipient must give the postman; shown this once'),
  })
  .meta({ id: 'AcceptedItem' });

/** An item as the API answers it. */
export const itemJson = (i: Item) => ({
  ...i,
  postage: str(i.postage),
  insurance_fee: str(i.insurance_fee),
  cod_fee: str(i.cod_fee),
  fee: str(i.fee),
  insured_value: str(i.insured_value),
  cod_amount: str(i.cod_amount),
});
/** A new item as the API answers it, with its one-time delivery code. */
export const acceptedJson = (i: AcceptedItem) => ({ ...itemJson(i), delivery_code: i.delivery_code });
