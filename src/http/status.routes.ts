// What operations staff look at first: each cell's journal head and how far behind the vault it is.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CellShippingStatus } from '../resilience/shipping.ts';
import { errorResponses } from './errors.ts';

export interface CellStatus {
  cell: string;
  /** The cell's incident mode (the security cell itself is always normal). */
  mode: 'normal' | 'read-only' | 'isolated';
  /** Null when the cell's database cannot be read. */
  head_seq: string | null;
  /** The shipper's state of the cell (its own name and head left out). */
  vault: Omit<CellShippingStatus, 'cell' | 'head_seq'> | null;
}

export interface StatusRouteDeps {
  /** Every cell's head and, when the platform ships to a vault, its shipping state. */
  cells(): Promise<CellStatus[]>;
  vaultUrl: string | null;
}

const cellStatus = z.object({
  cell: z.string(),
  mode: z.enum(['normal', 'read-only', 'isolated']).describe("the cell's incident mode"),
  head_seq: z
    .string()
    .nullable()
    .describe('the newest event of the cell; null when its database cannot be read'),
  vault: z
    .object({
      acked_seq: z.string().nullable().describe('the newest event the vault acknowledged'),
      lag_events: z.string().describe('events the vault does not hold yet'),
      lag_seconds: z.number().describe('how long the oldest of them has waited'),
      last_snapshot_seq: z.number().nullable(),
      witnessed_size: z.number().nullable().describe('the newest checkpoint the vault countersigned'),
      witnessed_root: z.string().nullable().describe("that checkpoint's root"),
      last_error: z.string().nullable(),
      paused: z.boolean().describe('not shipped while the cell is isolated'),
    })
    .nullable()
    .describe('null when the platform ships to no vault'),
});

export function statusRoutes(deps: StatusRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/status',
      {
        schema: {
          tags: ['operations'],
          summary: "Each cell's journal head and how far behind the vault it is",
          response: {
            200: z.object({ vault: z.string().nullable(), cells: z.array(cellStatus) }),
            ...errorResponses,
          },
        },
        config: { access: { signedIn: true } },
      },
      async () => ({ vault: deps.vaultUrl, cells: await deps.cells() }),
    );
  };
}
