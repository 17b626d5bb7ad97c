import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import { searchKey } from '../../../platform/text.ts';
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import * as repo from './catalogue.repository.ts';
import {
  priceSchema,
  productSchema,
  supplierSchema,
  type PricePayload,
  type ProductPayload,
} from './catalogue.model.ts';

async function saveProduct(db: Kysely<RetailTables>, p: ProductPayload, seq: bigint): Promise<void> {
  await repo.upsertProduct(db, {
    ...p,
    vat_rate: BigInt(p.vat_rate),
    ocop_stars: p.ocop_stars === null ? null : BigInt(p.ocop_stars),
    search_key: searchKey(`${p.name_vi} ${p.name_en} ${p.code} ${p.barcode}`),
    active: p.active ? 1n : 0n,
    updated_seq: seq,
  });
}

async function savePrice(
  db: Kysely<RetailTables>,
  p: PricePayload,
  actor: string,
  seq: bigint,
): Promise<void> {
  await repo.upsertPrice(db, { ...p, price: BigInt(p.price), set_by: actor, updated_seq: seq });
}

/**
 * One import of a catalogue file: the suppliers, products and prices it adds or changes (a price row that an
 * import closes, its new `valid_to`, is carried as a row too), all or nothing. At most 5,000 rows a file.
 */
export const catalogueLoaded = defineEvent({
  type: 'retail.catalogue.loaded',
  schema: z.strictObject({
    file: z.strictObject({
      name: z.string().min(1).max(200),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      rows: z.number().int().min(1).max(5000),
    }),
    suppliers: z.array(supplierSchema).max(5000),
    products: z.array(productSchema).max(5000),
    prices: z.array(priceSchema).max(10000),
  }),
  async apply(db: Kysely<RetailTables>, e) {
    for (const s of e.payload.suppliers) await repo.upsertSupplier(db, { ...s, updated_seq: e.seq });
    for (const p of e.payload.products) await saveProduct(db, p, e.seq);
    for (const p of e.payload.prices) await savePrice(db, p, e.actor, e.seq);
  },
});

/** One product added or changed from a screen (by a manager of the province that maintains it). */
export const productSaved = defineEvent({
  type: 'retail.product.saved',
  schema: productSchema,
  async apply(db: Kysely<RetailTables>, e) {
    await saveProduct(db, e.payload, e.seq);
  },
});

/**
 * Prices set for one product in one province from a screen: the new row and any row it closes (its new
 * `valid_to`), together.
 */
export const pricesSet = defineEvent({
  type: 'retail.prices.set',
  schema: z.strictObject({ prices: z.array(priceSchema).min(1).max(20) }),
  async apply(db: Kysely<RetailTables>, e) {
    for (const p of e.payload.prices) await savePrice(db, p, e.actor, e.seq);
  },
});

/** The catalogue's events, for the retail cell's definition. */
export const catalogueEvents = [catalogueLoaded, productSaved, pricesSet];
