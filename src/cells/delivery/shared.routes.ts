// What the delivery cell's routes ask of the other cells, and what several modules' routes share: the
// places a request is authorised at, the path parameters.
import { z } from 'zod';
import type { TargetOf } from '../../http/auth.ts';
import type { EventProof } from '../../journal/index.ts';
import type { Target } from '../core/index.ts';
import { vndText } from '../../platform/vnd-schema.ts';

/** What the delivery routes ask of the other cells. */
export interface DeliveryRouteDeps {
  officeTarget(officeId: string): Promise<Target>;
  /** The clerk's own open till session (finance), or its refusal. */
  ownOpenTill(sessionId: string, clerk: string): Promise<{ id: string; office_id: string }>;
  /** The member of staff's home office (a shipper's). */
  staffOffice(staffId: string): Promise<string>;
  staffName(staffId: string): Promise<string>;
  officeLabel(officeId: string): Promise<{ name: string; postcode: string }>;
  /** The province's name and its open post offices; province_not_found for none. */
  provinceOffices(
    province: string,
  ): Promise<{ name: string; offices: Array<{ id: string; postcode: string; name: string }> }>;
  now(): Date;
  /** "Phường Ba Đình, Thành phố Hà Nội" for a commune code. */
  place(commune: string): Promise<string>;
  /** Lets the finance cell catch up with the delivery journal, so a fee is in the till when the clerk looks. */
  sync(): Promise<unknown>;
  /** The proof a receipt carries for a delivery event: the event, its audit path, a signed checkpoint. */
  prove(seq: bigint): Promise<EventProof>;
}

/** Where a request acts, for the routes of more than one module. */
export interface RouteTargets {
  /** The office named in the path (`:office`). */
  office: TargetOf;
  /** The office of the caller's own open till named in the path (`:id`). */
  till: TargetOf;
  /** The caller's home office (a shipper's). */
  ownOffice: TargetOf;
}

/** The shared targets over the other cells' answers. */
export function routeTargets(core: DeliveryRouteDeps): RouteTargets {
  return {
    office: (req) => core.officeTarget((req.params as { office: string }).office),
    till: async (req) => {
      const t = await core.ownOpenTill((req.params as { id: string }).id, req.principal!.id);
      return core.officeTarget(t.office_id);
    },
    ownOffice: async (req) => core.officeTarget(req.principal!.officeId),
  };
}

/** `:id` of an item, a bag or a dispatch. */
export const idParams = z.object({ id: z.string().max(40) });
/** `:office`, an office's id. */
export const officeParams = z.object({ office: z.string().max(64) });

/** An amount the API answers: whole đồng as a decimal string, never negative. */
export const money = vndText('nonNegative');
/** An amount a client sends: text or a number, read and bounded by the service. */
export const amountIn = z
  .union([z.string().max(20), z.number()])
  .optional()
  .describe('VND, whole đồng');
/** An amount as the API writes it. */
export const str = (v: bigint) => v.toString();
