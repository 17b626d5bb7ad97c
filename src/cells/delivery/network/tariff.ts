import { DeliveryError } from '../delivery-error.ts';
import type { Zone } from './network.ts';

/** The services a counter sells, with the S10 service indicator their ids carry. */
export const SERVICES = {
  ems: { prefix: 'EE', nameVi: 'Chuyển phát nhanh EMS', maxGrams: 31_500, volumetric: true },
  parcel: { prefix: 'CP', nameVi: 'Bưu kiện', maxGrams: 31_500, volumetric: true },
  registered: { prefix: 'RR', nameVi: 'Thư bảo đảm', maxGrams: 2_000, volumetric: false },
  letter: { prefix: 'UA', nameVi: 'Thư thường', maxGrams: 2_000, volumetric: false },
  ecommerce: { prefix: 'HV', nameVi: 'Bưu kiện thương mại điện tử', maxGrams: 31_500, volumetric: true },
} as const;
export type Service = keyof typeof SERVICES;
export const SERVICE_NAMES = Object.keys(SERVICES) as Service[];

/** Grams per cubic centimetre of volumetric weight: length × width × height / 6000 in kilograms. */
export const VOLUMETRIC_DIVISOR = 6;

/** Insurance: 1% of the declared value, at least 15,000 ₫, rounded up to 1,000 ₫. */
export const INSURANCE_RATE_PERMILLE = 10n;
export const INSURANCE_MINIMUM = 15_000n;
/** Collecting cash on delivery: 1% of the amount, at least 10,000 ₫, rounded up to 1,000 ₫. */
export const COD_RATE_PERMILLE = 10n;
export const COD_MINIMUM = 10_000n;

interface Band {
  /** Up to and including this many grams. */
  upTo: number;
  prices: Record<Zone, bigint>;
}
interface ServiceTariff {
  bands: readonly Band[];
  /** Beyond the last band: this much per started step of grams. */
  step: { grams: number; prices: Record<Zone, bigint> } | null;
}

const p = (local: number, neighbouring: number, national: number): Record<Zone, bigint> => ({
  local: BigInt(local),
  neighbouring: BigInt(neighbouring),
  national: BigInt(national),
});

/**
 * The price list (VND, VAT included), per service, weight band and zone. Modelled on the shape of the
 * post's published domestic tariffs; the figures are postcore's demo prices, not Vietnam Post's.
 */
export const TARIFF: { readonly [S in Service]: ServiceTariff } = {
  ems: {
    bands: [
      { upTo: 100, prices: p(13_000, 18_000, 21_000) },
      { upTo: 250, prices: p(15_000, 22_000, 27_000) },
      { upTo: 500, prices: p(18_000, 28_000, 36_000) },
      { upTo: 1_000, prices: p(22_000, 36_000, 50_000) },
      { upTo: 1_500, prices: p(26_000, 44_000, 63_000) },
      { upTo: 2_000, prices: p(30_000, 52_000, 76_000) },
    ],
    step: { grams: 500, prices: p(3_000, 7_000, 12_000) },
  },
  parcel: {
    bands: [
      { upTo: 1_000, prices: p(16_000, 24_000, 32_000) },
      { upTo: 2_000, prices: p(19_000, 30_000, 42_000) },
      { upTo: 3_000, prices: p(22_000, 36_000, 52_000) },
      { upTo: 5_000, prices: p(28_000, 48_000, 72_000) },
    ],
    step: { grams: 1_000, prices: p(2_500, 5_000, 9_000) },
  },
  registered: {
    bands: [
      { upTo: 20, prices: p(11_000, 12_500, 13_500) },
      { upTo: 100, prices: p(12_500, 14_500, 16_500) },
      { upTo: 250, prices: p(15_000, 18_000, 21_500) },
      { upTo: 500, prices: p(19_000, 23_000, 28_000) },
      { upTo: 1_000, prices: p(25_000, 31_000, 39_000) },
      { upTo: 2_000, prices: p(35_000, 44_000, 58_000) },
    ],
    step: null,
  },
  letter: {
    bands: [
      { upTo: 20, prices: p(4_000, 4_000, 4_000) },
      { upTo: 100, prices: p(6_000, 6_000, 6_000) },
      { upTo: 250, prices: p(9_000, 9_500, 10_500) },
      { upTo: 500, prices: p(13_000, 14_000, 16_000) },
      { upTo: 1_000, prices: p(19_000, 21_000, 25_000) },
      { upTo: 2_000, prices: p(29_000, 33_000, 40_000) },
    ],
    step: null,
  },
  ecommerce: {
    bands: [
      { upTo: 500, prices: p(15_000, 20_000, 25_000) },
      { upTo: 1_000, prices: p(17_000, 23_000, 30_000) },
      { upTo: 2_000, prices: p(20_000, 28_000, 38_000) },
      { upTo: 3_000, prices: p(23_000, 33_000, 46_000) },
    ],
    step: { grams: 500, prices: p(1_500, 3_000, 5_000) },
  },
};

export interface Quote {
  service: Service;
  zone: Zone;
  weight_g: number;
  volumetric_g: number;
  /** What the price is for: the greater of the real and volumetric weights (for services that count volume). */
  charged_g: number;
  postage: bigint;
  insurance_fee: bigint;
  cod_fee: bigint;
  fee: bigint;
}

const roundUpThousand = (x: bigint): bigint => ((x + 999n) / 1000n) * 1000n;

/** Volumetric weight in grams of a box of these centimetres. */
export function volumetricGrams(lengthCm: number, widthCm: number, heightCm: number): number {
  return Math.ceil((lengthCm * widthCm * heightCm) / VOLUMETRIC_DIVISOR);
}

/** Prices an item: postage by service, band and zone, plus insurance and the COD fee. */
export function quote(input: {
  service: Service;
  zone: Zone;
  weight_g: number;
  length_cm: number;
  width_cm: number;
  height_cm: number;
  insured_value: bigint;
  cod_amount: bigint;
}): Quote {
  const service = SERVICES[input.service];
  const volumetric = volumetricGrams(input.length_cm, input.width_cm, input.height_cm);
  const charged = service.volumetric ? Math.max(input.weight_g, volumetric) : input.weight_g;
  if (charged > service.maxGrams)
    throw new DeliveryError(
      'no_tariff',
      `A ${input.service} item is at most ${service.maxGrams} g; this one counts as ${charged} g (real ${input.weight_g} g, volumetric ${volumetric} g)`,
      `${service.nameVi} nặng tối đa ${service.maxGrams} g; bưu gửi này tính ${charged} g: hãy chọn dịch vụ khác hoặc chia nhỏ`,
      { field: 'weight_g', service: input.service, charged_g: charged, max_g: service.maxGrams },
    );
  const t = TARIFF[input.service];
  let postage: bigint;
  const band = t.bands.find((b) => charged <= b.upTo);
  if (band !== undefined) postage = band.prices[input.zone];
  else {
    const last = t.bands.at(-1)!;
    const steps = BigInt(Math.ceil((charged - last.upTo) / t.step!.grams));
    postage = last.prices[input.zone] + steps * t.step!.prices[input.zone];
  }
  const insurance =
    input.insured_value > 0n
      ? roundUpThousand(
          [(input.insured_value * INSURANCE_RATE_PERMILLE) / 1000n, INSURANCE_MINIMUM].reduce((a, b) =>
            a > b ? a : b,
          ),
        )
      : 0n;
  const cod =
    input.cod_amount > 0n
      ? roundUpThousand(
          [(input.cod_amount * COD_RATE_PERMILLE) / 1000n, COD_MINIMUM].reduce((a, b) => (a > b ? a : b)),
        )
      : 0n;
  return {
    service: input.service,
    zone: input.zone,
    weight_g: input.weight_g,
    volumetric_g: volumetric,
    charged_g: charged,
    postage,
    insurance_fee: insurance,
    cod_fee: cod,
    fee: postage + insurance + cod,
  };
}
