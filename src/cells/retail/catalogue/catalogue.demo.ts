import { readFileSync } from 'node:fs';
import type { Catalogue, ImportResult } from './catalogue.service.ts';

const asset = (name: string) => new URL(`../../../../assets/retail/${name}`, import.meta.url);

/**
 * The demo catalogue's files, in the order they load: the suppliers, 300-odd goods of a post office (stamps,
 * packaging, phone cards, stationery, books, everyday goods and OCOP specialities of many provinces), and
 * their prices in Hà Nội, Đà Nẵng and TP. Hồ Chí Minh.
 */
export const DEMO_CATALOGUE_FILES = [
  asset('demo-suppliers.csv'),
  asset('demo-products.csv'),
  asset('demo-prices.csv'),
] as const;

/** Loads the demo catalogue through the journal, file by file, as any import (again: nothing new). */
export async function loadDemoCatalogue(catalogue: Catalogue, actor: string): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const file of DEMO_CATALOGUE_FILES)
    results.push(
      await catalogue.importFile({ name: file.pathname.split('/').pop()!, bytes: readFileSync(file) }, actor),
    );
  return results;
}
