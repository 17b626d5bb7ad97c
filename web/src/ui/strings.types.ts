// The shape every language must fill: the same keys as the Vietnamese source, each a string.
import type { vi } from './strings.vi.ts';

export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Strings = Shape<typeof vi>;
