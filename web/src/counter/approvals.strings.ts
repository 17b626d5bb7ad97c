// The approvals screen's strings: Vietnamese (the source) and English, the same keys.
import type { Shape } from '../ui/strings.types.ts';

export const approvalsVi = {
  title: 'placeholder',
};

export const approvalsEn: Shape<typeof approvalsVi> = {
  title: 'placeholder',
};
