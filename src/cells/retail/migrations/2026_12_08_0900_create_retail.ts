import type { CreateTableBuilder, Kysely } from 'kysely';

type Table = CreateTableBuilder<string, string>;
/** Adds columns of one type: `name` is NOT NULL, `name?` may be null. */
const columns = (t: Table, type: 'text' | 'bigint', names: readonly string[]): Table =>
  names.reduce(
    (acc, n) =>
      n.endsWith('?') ? acc.addColumn(n.slice(0, -1), type) : acc.addColumn(n, type, (c) => c.notNull()),
    t,
  );
const table = (db: Kysely<any>, name: string, text: readonly string[], bigint: readonly string[]) =>
  columns(columns(db.schema.createTable(name), 'text', text), 'bigint', bigint);

// Frozen: the retail cell. Suppliers and products with their prices per province; the stock ledger (accounts
// per office, product and place, and the moves between them); purchase orders, transfers and stocktakes;
// sales and returns at the counter; orders delivered by the post; the serials receipts are numbered from.
export async function up(db: Kysely<any>): Promise<void> {
  await table(db, 'retail_supplier', ['code', 'name', 'tax_code', 'phone', 'address'], ['updated_seq'])
    .addPrimaryKeyConstraint('retail_supplier_pk', ['code'])
    .execute();
  await table(
    db,
    'retail_product',
    [
      'code',
      'barcode',
      'name_vi',
      'name_en',
      'unit',
      'category',
      'supplier_code',
      'local_province?',
      'province_code?',
      'search_key',
    ],
    ['vat_rate', 'ocop_stars?', 'active', 'updated_seq'],
  )
    .addPrimaryKeyConstraint('retail_product_pk', ['code'])
    .execute();
  await db.schema
    .createIndex('retail_product_barcode')
    .on('retail_product')
    .column('barcode')
    .unique()
    .execute();
  await table(
    db,
    'retail_price',
    ['product_code', 'province_code', 'kind', 'valid_from', 'valid_to?', 'set_by'],
    ['price', 'updated_seq'],
  )
    .addPrimaryKeyConstraint('retail_price_pk', ['product_code', 'province_code', 'kind', 'valid_from'])
    .execute();

  await table(
    db,
    'retail_stock',
    ['office_id', 'product_code', 'place'],
    ['quantity', 'value', 'updated_seq'],
  )
    .addPrimaryKeyConstraint('retail_stock_pk', ['office_id', 'product_code', 'place'])
    .execute();
  await db.schema
    .createIndex('retail_stock_product')
    .on('retail_stock')
    .columns(['product_code', 'place'])
    .execute();
  await table(db, 'retail_move', ['id', 'kind', 'office_id', 'ref', 'reason?', 'actor', 'at'], ['seq'])
    .addPrimaryKeyConstraint('retail_move_pk', ['id'])
    .execute();
  await db.schema.createIndex('retail_move_ref').on('retail_move').column('ref').execute();
  await db.schema.createIndex('retail_move_office').on('retail_move').columns(['office_id', 'at']).execute();
  await table(
    db,
    'retail_move_line',
    ['move_id', 'product_code', 'from_office', 'from_place', 'to_office', 'to_place'],
    ['line_no', 'quantity', 'value'],
  )
    .addPrimaryKeyConstraint('retail_move_line_pk', ['move_id', 'line_no'])
    .execute();

  await table(
    db,
    'retail_purchase_order',
    ['id', 'office_id', 'supplier_code', 'state', 'note?', 'created_by', 'created_at', 'updated_at'],
    ['updated_seq'],
  )
    .addPrimaryKeyConstraint('retail_purchase_order_pk', ['id'])
    .execute();
  await table(db, 'retail_purchase_line', ['order_id', 'product_code'], ['quantity', 'unit_cost', 'received'])
    .addPrimaryKeyConstraint('retail_purchase_line_pk', ['order_id', 'product_code'])
    .execute();
  await table(
    db,
    'retail_transfer',
    [
      'id',
      'from_office',
      'to_office',
      'state',
      'sent_by',
      'sent_at',
      'received_by?',
      'received_at?',
      'note?',
    ],
    ['updated_seq'],
  )
    .addPrimaryKeyConstraint('retail_transfer_pk', ['id'])
    .execute();
  await table(db, 'retail_transfer_line', ['transfer_id', 'product_code'], ['sent', 'value', 'received?'])
    .addPrimaryKeyConstraint('retail_transfer_line_pk', ['transfer_id', 'product_code'])
    .execute();
  await table(
    db,
    'retail_stocktake',
    ['id', 'office_id', 'state', 'reason', 'counted_by', 'counted_at', 'decided_by?', 'decided_at?'],
    ['updated_seq'],
  )
    .addPrimaryKeyConstraint('retail_stocktake_pk', ['id'])
    .execute();
  await table(db, 'retail_stocktake_line', ['stocktake_id', 'product_code'], ['expected', 'counted'])
    .addPrimaryKeyConstraint('retail_stocktake_line_pk', ['stocktake_id', 'product_code'])
    .execute();

  await table(
    db,
    'retail_sale',
    ['id', 'office_id', 'province_code', 'clerk_id', 'till_session_id', 'day', 'payment', 'at'],
    ['total', 'vat', 'tendered?', 'change?', 'cost', 'updated_seq'],
  )
    .addPrimaryKeyConstraint('retail_sale_pk', ['id'])
    .execute();
  await db.schema
    .createIndex('retail_sale_office_day')
    .on('retail_sale')
    .columns(['office_id', 'day'])
    .execute();
  await table(
    db,
    'retail_sale_line',
    ['sale_id', 'product_code', 'price_kind'],
    ['line_no', 'quantity', 'unit_price', 'vat_rate', 'amount', 'vat', 'cost', 'returned'],
  )
    .addPrimaryKeyConstraint('retail_sale_line_pk', ['sale_id', 'line_no'])
    .execute();
  await table(
    db,
    'retail_return',
    ['id', 'sale_id', 'office_id', 'clerk_id', 'till_session_id', 'reason', 'at'],
    ['total', 'vat', 'cost'],
  )
    .addPrimaryKeyConstraint('retail_return_pk', ['id'])
    .execute();
  await db.schema.createIndex('retail_return_sale').on('retail_return').column('sale_id').execute();
  await table(db, 'retail_return_line', ['return_id'], ['line_no', 'quantity', 'amount', 'vat', 'cost'])
    .addPrimaryKeyConstraint('retail_return_line_pk', ['return_id', 'line_no'])
    .execute();

  await table(
    db,
    'retail_order',
    [
      'id',
      'office_id',
      'province_code',
      'ordered_at_office?',
      'ordered_by',
      'customer_name',
      'customer_phone',
      'customer_address',
      'customer_commune',
      'payment',
      'till_session_id?',
      'state',
      'item_id?',
      'created_at',
      'updated_at',
    ],
    ['total', 'vat', 'shipping_fee', 'cost', 'updated_seq'],
  )
    .addPrimaryKeyConstraint('retail_order_pk', ['id'])
    .execute();
  await db.schema
    .createIndex('retail_order_office')
    .on('retail_order')
    .columns(['office_id', 'state'])
    .execute();
  await db.schema.createIndex('retail_order_item').on('retail_order').column('item_id').execute();
  await table(
    db,
    'retail_order_line',
    ['order_id', 'product_code', 'price_kind'],
    ['line_no', 'quantity', 'unit_price', 'vat_rate', 'amount', 'vat'],
  )
    .addPrimaryKeyConstraint('retail_order_line_pk', ['order_id', 'line_no'])
    .execute();

  await db.schema
    .createTable('retail_serial')
    .addColumn('prefix', 'text', (c) => c.primaryKey())
    .addColumn('last', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'retail_serial',
    'retail_order_line',
    'retail_order',
    'retail_return_line',
    'retail_return',
    'retail_sale_line',
    'retail_sale',
    'retail_stocktake_line',
    'retail_stocktake',
    'retail_transfer_line',
    'retail_transfer',
    'retail_purchase_line',
    'retail_purchase_order',
    'retail_move_line',
    'retail_move',
    'retail_stock',
    'retail_price',
    'retail_product',
    'retail_supplier',
  ])
    await db.schema.dropTable(t).execute();
}
