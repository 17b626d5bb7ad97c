// The till screen's strings: Vietnamese (the source) and English, the same keys.
import type { Shape } from '../ui/strings.types.ts';

export const tillVi = {
  title: 'placeholder',
};

export const tillEn: Shape<typeof tillVi> = {
  title: 'placeholder',
};
