import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import { searchKey } from '../../../platform/text.ts';
import type { CoreTables } from '../core-tables.ts';
import * as repo from './geo.repository.ts';

export const PROVINCE_TYPES = ['tỉnh', 'thành phố trung ương'] as const;
export const COMMUNE_TYPES = ['xã', 'phường', 'đặc khu'] as const;

const name = z
  .string()
  .min(2)
  .max(100)
  .refine((s) => s === s.normalize('NFC') && s === s.trim(), 'must be trimmed NFC text');

export const communeSchema = z.strictObject({
  code: z.number().int().min(1).max(99_999),
  name,
  type: z.enum(COMMUNE_TYPES),
});

/** The JSON form of a province as the NSO lists it: what the geography file holds, row by row. */
export const provinceSchema = z.strictObject({
  code: z.number().int().min(1).max(99),
  name,
  type: z.enum(PROVINCE_TYPES),
  phone_code: z.number().int().min(20).max(299).nullable(),
  communes: z.array(communeSchema).min(1).max(1000),
});

export type ProvinceInput = z.infer<typeof provinceSchema>;

/** NSO codes are shown zero-padded: provinces with 2 digits, communes with 5. */
export const provinceCode = (code: number): string => code.toString().padStart(2, '0');
export const communeCode = (code: number): string => code.toString().padStart(5, '0');

export const provinceLoaded = defineEvent<CoreTables, typeof provinceSchema>({
  type: 'core.geo.province.loaded',
  schema: provinceSchema,
  async apply(db, e) {
    const p = e.payload;
    const code = provinceCode(p.code);
    await repo.insertProvince(
      db,
      {
        code,
        name: p.name,
        type: p.type,
        phone_code: p.phone_code === null ? null : `0${p.phone_code}`,
        search_key: searchKey(p.name),
        loaded_seq: e.seq,
      },
      p.communes.map((c) => ({
        code: communeCode(c.code),
        province_code: code,
        name: c.name,
        type: c.type,
        search_key: searchKey(c.name),
      })),
    );
  },
});

export const geoEvents = [provinceLoaded];
