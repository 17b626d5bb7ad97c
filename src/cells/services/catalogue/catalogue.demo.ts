import { readFileSync } from 'node:fs';
import type { Catalogue, ImportResult } from './catalogue.service.ts';

/** The demo catalogue's file: common procedures of Hà Nội, Đà Nẵng and TP. Hồ Chí Minh and their agencies. */
export const DEMO_CATALOGUE_FILE = new URL('../../../../assets/services/demo-catalogue.csv', import.meta.url);

/** Loads the demo catalogue through the journal, as any file is imported (again: nothing new). */
export async function loadDemoCatalogue(catalogue: Catalogue, actor: string): Promise<ImportResult> {
  return catalogue.importFile(
    { name: 'demo-catalogue.csv', bytes: readFileSync(DEMO_CATALOGUE_FILE) },
    actor,
  );
}
