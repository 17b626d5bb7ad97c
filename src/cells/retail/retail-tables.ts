import type { JournalTables, RequestKeyTables } from '../../journal/index.ts';

/** Every table of the retail cell, as the database returns them (integers as bigint). */
export interface RetailTables extends JournalTables, RequestKeyTables {
  /** Who the post buys goods from. */
  retail_supplier: {
    /** The post's code for the supplier, e.g. `NCC-VINAMILK`. */
    code: string;
    name: string;
    /** The supplier's tax code (mã số thuế), 10 or 13 digits. */
    tax_code: string;
    phone: string;
    address: string;
    updated_seq: bigint;
  };
  /** A product the post's offices may stock and sell. */
  retail_product: {
    /** The post's own product code, e.g. `HH-000123`: what reports and files name it by. */
    code: string;
    /** EAN-13: the maker's, or the post's own in-store code (prefix 2) for goods without one. Unique. */
    barcode: string;
    name_vi: string;
    name_en: string;
    /** The unit it is sold by: cái, hộp, gói, chai, kg… */
    unit: string;
    /** VAT in percent: 0, 5, 8 or 10. */
    vat_rate: bigint;
    /** stamps, stationery, packaging, phone_cards, local_specialities, consumer_goods, books, other. */
    category: string;
    supplier_code: string;
    /** The province of a certified local product (OCOP), null for others. */
    local_province: string | null;
    /** Its OCOP stars (3 to 5), null for others. */
    ocop_stars: bigint | null;
    /**
     * The province whose managers maintain it (a local speciality, a province's own goods); null for the post's
     * national goods (stamps, packaging, phone cards), maintained by head office through the command line.
     */
    province_code: string | null;
    /** The names without marks, for accent-insensitive search. */
    search_key: string;
    /** 1 while sold; 0 once withdrawn (its stock and history stay). */
    active: bigint;
    updated_seq: bigint;
  };
  /**
   * A product's price in a province (VAT included, VND) from a day to a day: `list` prices follow each other;
   * a `promotion` is a fixed price for its period that wins over the list while it lasts.
   */
  retail_price: {
    product_code: string;
    province_code: string;
    /** list or promotion. */
    kind: string;
    /** First day it applies (YYYY-MM-DD, Vietnam time). */
    valid_from: string;
    /** Last day it applies, null while open-ended. */
    valid_to: string | null;
    price: bigint;
    set_by: string;
    updated_seq: bigint;
  };
  /**
   * The stock ledger's accounts: one per office, product and place, in quantity and in value at cost (VND).
   * Places an office holds goods in (`shelf`, `transit` for what it sent and the other has not received,
   * `picked` for an order's goods set aside) never go below zero; the others are where goods come from and go
   * to (`supplier`, `customer`, `written_off`, `stocktake`, `transit_loss`) and are their mirror image: every
   * product's quantities and values sum to zero over all its accounts.
   */
  retail_stock: {
    office_id: string;
    product_code: string;
    place: string;
    /** Units in less units out. */
    quantity: bigint;
    /** Value in less value out, at cost. */
    value: bigint;
    updated_seq: bigint;
  };
  /** One movement of goods: its lines are the double entries, each from one account to another. */
  retail_move: {
    id: string;
    /** receipt, transfer_sent, transfer_received, sale, return, write_off, stocktake, order_picked, order_unpicked, order_shipped, order_returned. */
    kind: string;
    office_id: string;
    /** What it belongs to: a purchase order, transfer, sale, return, stocktake or order id. */
    ref: string;
    /** Why, for a write-off or a stocktake (required there). */
    reason: string | null;
    actor: string;
    at: string;
    seq: bigint;
  };
  retail_move_line: {
    move_id: string;
    line_no: bigint;
    product_code: string;
    from_office: string;
    from_place: string;
    to_office: string;
    to_place: string;
    quantity: bigint;
    value: bigint;
  };
  /** Goods ordered from a supplier for an office, received against it. */
  retail_purchase_order: {
    id: string;
    office_id: string;
    supplier_code: string;
    /** open, received (every line in full), closed (ended short by the manager). */
    state: string;
    /** The supplier's delivery note or invoice number on the last receipt. */
    note: string | null;
    created_by: string;
    created_at: string;
    updated_at: string;
    updated_seq: bigint;
  };
  retail_purchase_line: {
    order_id: string;
    product_code: string;
    quantity: bigint;
    /** Cost per unit before VAT, VND. */
    unit_cost: bigint;
    received: bigint;
  };
  /** Goods sent from one office to another: sent, then received (with any difference recorded). */
  retail_transfer: {
    id: string;
    from_office: string;
    to_office: string;
    /** sent, received. */
    state: string;
    sent_by: string;
    sent_at: string;
    received_by: string | null;
    received_at: string | null;
    note: string | null;
    updated_seq: bigint;
  };
  retail_transfer_line: {
    transfer_id: string;
    product_code: string;
    sent: bigint;
    /** Value at cost of what was sent. */
    value: bigint;
    received: bigint | null;
  };
  /** A count of an office's shelf: counted, then its differences posted once the office manager approves. */
  retail_stocktake: {
    id: string;
    office_id: string;
    /** counted, approved, rejected. */
    state: string;
    reason: string;
    counted_by: string;
    counted_at: string;
    decided_by: string | null;
    decided_at: string | null;
    updated_seq: bigint;
  };
  retail_stocktake_line: {
    stocktake_id: string;
    product_code: string;
    /** On the shelf by the ledger when counted. */
    expected: bigint;
    counted: bigint;
  };
  /** A sale at a counter, paid in cash into the clerk's till or by VietQR: its receipt. */
  retail_sale: {
    /** BH + the office's postcode + a serial: the receipt's number. */
    id: string;
    office_id: string;
    province_code: string;
    clerk_id: string;
    till_session_id: string;
    /** The Vietnam day whose prices it took (YYYY-MM-DD). */
    day: string;
    /** cash or vietqr. */
    payment: string;
    /** What the customer pays, VAT included. */
    total: bigint;
    /** The VAT inside the total. */
    vat: bigint;
    /** Cash handed over (cash only) and the change given back. */
    tendered: bigint | null;
    change: bigint | null;
    /** Value at cost of the goods that left the shelf. */
    cost: bigint;
    at: string;
    updated_seq: bigint;
  };
  retail_sale_line: {
    sale_id: string;
    line_no: bigint;
    product_code: string;
    quantity: bigint;
    unit_price: bigint;
    /** list or promotion: which price was taken. */
    price_kind: string;
    vat_rate: bigint;
    /** unit_price × quantity, VAT included, and the VAT inside it. */
    amount: bigint;
    vat: bigint;
    cost: bigint;
    /** Units already taken back. */
    returned: bigint;
  };
  /** Goods brought back against a sale, the money given back from the clerk's till. */
  retail_return: {
    id: string;
    sale_id: string;
    office_id: string;
    clerk_id: string;
    till_session_id: string;
    reason: string;
    total: bigint;
    vat: bigint;
    cost: bigint;
    at: string;
  };
  retail_return_line: {
    return_id: string;
    line_no: bigint;
    quantity: bigint;
    amount: bigint;
    vat: bigint;
    cost: bigint;
  };
  /** Goods ordered for delivery from an office's stock, carried as a parcel by the delivery cell. */
  retail_order: {
    /** DH + the office's postcode + a serial. */
    id: string;
    /** The office whose stock it is picked from and that sends the parcel. */
    office_id: string;
    province_code: string;
    /** The office (or the web) it was ordered at, and by whom. */
    ordered_at_office: string | null;
    ordered_by: string;
    customer_name: string;
    customer_phone: string;
    customer_address: string;
    customer_commune: string;
    /** cod (paid to the postman on delivery) or prepaid (paid at a till when ordered). */
    payment: string;
    till_session_id: string | null;
    /** placed, picked, handed_over, delivered, returned, cancelled. */
    state: string;
    total: bigint;
    vat: bigint;
    /** The post's tariff for carrying it, paid with the goods. */
    shipping_fee: bigint;
    cost: bigint;
    /** The delivery cell's S10 item that carries it, once it is handed over. */
    item_id: string | null;
    created_at: string;
    updated_at: string;
    updated_seq: bigint;
  };
  retail_order_line: {
    order_id: string;
    line_no: bigint;
    product_code: string;
    quantity: bigint;
    unit_price: bigint;
    price_kind: string;
    vat_rate: bigint;
    amount: bigint;
    vat: bigint;
  };
  /** The last serial of receipt and order numbers per prefix: numbers only go up. */
  retail_serial: { prefix: string; last: bigint };
}
