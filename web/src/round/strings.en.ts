import type { roundVi } from './strings.vi.ts';
import type { Shape } from '../ui/strings.types.ts';

export const roundEn: Shape<typeof roundVi> = {
  title: "Today's round",
};
