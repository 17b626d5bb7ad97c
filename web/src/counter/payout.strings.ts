// The payout screen's strings: Vietnamese (the source) and English, the same keys.
import type { Shape } from '../ui/strings.types.ts';

export const payoutVi = {
  title: 'placeholder',
};

export const payoutEn: Shape<typeof payoutVi> = {
  title: 'placeholder',
};
