// Test support for the retail cell: the cell alone, migrated on a fresh storage, with its journal and its modules,
// and verify over it; and the products the ledger's and the modules' tests stock.
import { createJournal, verifyCell, type CellVerifyReport, type Journal } from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { migrateCell, type Dialect, type Kysely } from '../../storage/index.ts';
import { openTestStorage, type TestStorage } from '../../storage/testing.ts';
import {
  catalogueLoaded,
  createRetail,
  moveStock,
  retailCell,
  type PricePayload,
  type ProductPayload,
  type Retail,
  type SupplierPayload,
} from './index.ts';
import type { RetailTables } from './retail-tables.ts';

export interface RetailCellUnderTest {
  t: TestStorage;
  db: Kysely<RetailTables>;
  journal: Journal<RetailTables>;
  retail: Retail;
  /** The cell's verify (chain, replay against the tables, the cell's invariants). */
  verify(): Promise<CellVerifyReport>;
  close(): Promise<void>;
}

/** The retail cell on a fresh storage of a dialect. */
export async function openRetailCell(dialect: Dialect, clock: Clock): Promise<RetailCellUnderTest> {
  const t = await openTestStorage(dialect);
  const cell = await t.storage.openCell<RetailTables>(retailCell.name);
  await migrateCell(cell, retailCell.migrations);
  const journal = createJournal({ cell: retailCell, db: cell.db, clock });
  return {
    t,
    db: cell.db,
    journal,
    retail: createRetail({ db: cell.db, journal, clock }),
    verify: () => verifyCell({ cell: retailCell, db: cell.db, storage: t.storage, clock }),
    close: () => t.cleanup(),
  };
}

/** The suppliers of the test catalogue. */
export const TEST_SUPPLIERS: SupplierPayload[] = [
  {
    code: 'NCC-TEM',
    name: 'Tổng công ty Bưu điện Việt Nam (tem)',
    tax_code: '0102595740',
    phone: '+842437689999',
    address: 'Số 5 Phạm Hùng, Hà Nội',
  },
  {
    code: 'NCC-TANCUONG',
    name: 'HTX Chè Tân Cương Hoàng Bình',
    tax_code: '4600123456',
    phone: '+842083855555',
    address: 'Xã Tân Cương, Thái Nguyên',
  },
  {
    code: 'NCC-VINAMILK',
    name: 'Công ty CP Sữa Việt Nam',
    tax_code: '0300588569',
    phone: '+842854155555',
    address: 'Số 10 Tân Trào, TP. Hồ Chí Minh',
  },
];

const product = (
  p: Omit<ProductPayload, 'local_province' | 'ocop_stars' | 'province_code' | 'active'> &
    Partial<ProductPayload>,
): ProductPayload => ({
  local_province: null,
  ocop_stars: null,
  province_code: null,
  active: true,
  ...p,
});

/** Stamps (0% VAT), an envelope and a box (10%), a phone card (10%), Thái Nguyên tea (OCOP, 5%), milk (8%), one of the post's own codes. */
export const TEST_PRODUCTS: ProductPayload[] = [
  product({
    code: 'TEM-5000',
    barcode: '8934000000017',
    name_vi: 'Tem bưu chính 5.000 đ',
    name_en: 'Postage stamp 5,000 VND',
    unit: 'con',
    vat_rate: 0,
    category: 'stamps',
    supplier_code: 'NCC-TEM',
  }),
  product({
    code: 'PB-A4',
    barcode: '8934000000024',
    name_vi: 'Phong bì A4 có cửa sổ',
    name_en: 'A4 window envelope',
    unit: 'cái',
    vat_rate: 10,
    category: 'packaging',
    supplier_code: 'NCC-TEM',
  }),
  product({
    code: 'HOP-M3',
    barcode: '8935000000038',
    name_vi: 'Hộp carton cỡ 3 (30×20×15 cm)',
    name_en: 'Carton box size 3 (30×20×15 cm)',
    unit: 'hộp',
    vat_rate: 10,
    category: 'packaging',
    supplier_code: 'NCC-TEM',
  }),
  product({
    code: 'THE-VT100',
    barcode: '8936000000042',
    name_vi: 'Thẻ cào Viettel 100.000 đ',
    name_en: 'Viettel top-up card 100,000 VND',
    unit: 'thẻ',
    vat_rate: 10,
    category: 'phone_cards',
    supplier_code: 'NCC-TEM',
  }),
  product({
    code: 'CHE-TC200',
    barcode: '2000000000053',
    name_vi: 'Chè Tân Cương đặc biệt 200 g',
    name_en: 'Tân Cương special green tea 200 g',
    unit: 'gói',
    vat_rate: 5,
    category: 'local_specialities',
    supplier_code: 'NCC-TANCUONG',
    local_province: '19',
    ocop_stars: 4,
    province_code: '19',
  }),
  product({
    code: 'SUA-VNM1L',
    barcode: '8937000000063',
    name_vi: 'Sữa tươi tiệt trùng Vinamilk 1 lít',
    name_en: 'Vinamilk UHT fresh milk 1 litre',
    unit: 'hộp',
    vat_rate: 8,
    category: 'consumer_goods',
    supplier_code: 'NCC-VINAMILK',
  }),
];

/** List prices in Hà Nội (01) from 1 December 2026, and a promotion on the milk in its second week. */
export const TEST_PRICES: PricePayload[] = [
  ...(
    [
      ['TEM-5000', '5000'],
      ['PB-A4', '3000'],
      ['HOP-M3', '12000'],
      ['THE-VT100', '100000'],
      ['CHE-TC200', '185000'],
      ['SUA-VNM1L', '34500'],
    ] as const
  ).map(([product_code, price]): PricePayload => ({
    product_code,
    province_code: '01',
    kind: 'list',
    valid_from: '2026-12-01',
    valid_to: null,
    price,
  })),
  {
    product_code: 'SUA-VNM1L',
    province_code: '01',
    kind: 'promotion',
    valid_from: '2026-12-07',
    valid_to: '2026-12-13',
    price: '29900',
  },
];

/** Loads the test catalogue into a retail journal, as one import. */
export async function loadTestCatalogue(journal: Journal<RetailTables>, actor = 'stf_admin'): Promise<void> {
  await journal.transaction((trx) =>
    journal.append(trx, catalogueLoaded, {
      stream: 'catalogue',
      actor,
      payload: {
        file: {
          name: 'test-catalogue.csv',
          sha256: '0'.repeat(64),
          rows: TEST_PRODUCTS.length + TEST_PRICES.length,
        },
        suppliers: TEST_SUPPLIERS,
        products: TEST_PRODUCTS,
        prices: TEST_PRICES,
      },
    }),
  );
}

/**
 * Puts goods on an office's shelf straight through the stock ledger, as a receipt at a unit cost: for the tests
 * of what comes after (sales, transfers, orders), not of receiving itself.
 */
export async function shelveTestStock(
  journal: Journal<RetailTables>,
  office: string,
  goods: ReadonlyArray<{ product: string; quantity: bigint; unit_cost: bigint }>,
  ref = `test-receipt-${office}`,
): Promise<void> {
  await journal.transaction((trx) =>
    moveStock(
      trx,
      journal,
      {
        id: `rcv:${ref}:${Math.random().toString(36).slice(2, 10)}`,
        kind: 'receipt',
        office,
        ref,
        lines: goods.map((g) => ({
          product: g.product,
          from: { office, place: 'supplier' as const },
          to: { office, place: 'shelf' as const },
          quantity: g.quantity,
          value: g.quantity * g.unit_cost,
        })),
      },
      'stf_test',
    ),
  );
}
