import type { counterVi } from './strings.vi.ts';
import type { Shape } from '../ui/strings.types.ts';

export const counterEn: Shape<typeof counterVi> = {
  placeholder: 'Being built',
};
