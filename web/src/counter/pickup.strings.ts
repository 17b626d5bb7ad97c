// The pickup screen's strings: Vietnamese (the source) and English, the same keys.
import type { Shape } from '../ui/strings.types.ts';

export const pickupVi = {
  title: 'placeholder',
};

export const pickupEn: Shape<typeof pickupVi> = {
  title: 'placeholder',
};
