// The accept screen's strings: Vietnamese (the source) and English, the same keys.
import type { Shape } from '../ui/strings.types.ts';

export const acceptVi = {
  title: 'placeholder',
};

export const acceptEn: Shape<typeof acceptVi> = {
  title: 'placeholder',
};
