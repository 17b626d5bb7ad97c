import { z } from 'zod';

export const MAX_PAGE = 500;

/** limit/offset query parameters shared by every paginated list. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50).describe(`page size, 1 to ${MAX_PAGE}`),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('rows to skip'),
});

/** The envelope of a paginated list. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().describe('rows matching, across all pages'),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}
