// What the finance cell's route files share: money as JSON, ids, what they ask of core.
import { z } from 'zod';
import type { TargetOf } from '../../http/auth.ts';
import type { EventProof } from '../../journal/index.ts';
import { vndText } from '../../platform/vnd-schema.ts';
import type { Permission, Target } from '../core/index.ts';

export const money = vndText('signed');
export const s = (v: bigint | null) => (v === null ? null : v.toString());

export const officeParams = z.object({ office: z.string().max(64) });
export const idParams = z.object({ id: z.string().max(200) });
export const dayQuery = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-11-25'),
});

/** What the finance routes ask of the core cell. */
export interface FinanceRouteDeps {
  /** An office as the target authorize() checks. */
  officeTarget(officeId: string): Promise<Target>;
  /** An office by its postcode, as a target (pension lines name their office by postcode). */
  postcodeTarget(postcode: string): Promise<Target>;
  officeName(officeId: string): Promise<string>;
  staffName(staffId: string): Promise<string>;
  /** A member of staff's home office (a shipper's, for its COD). */
  staffOffice(staffId: string): Promise<string>;
  /**
   * The member of staff a request hands a duty to at an office (a home round and its cash): active, and
   * holding the permission the duty takes there; refused naming the request's `field` otherwise.
   */
  assignee(
    staffId: string,
    permission: Permission,
    officeId: string,
    field: string,
  ): Promise<{ id: string; full_name: string }>;
  now(): Date;
  /** The proof a receipt carries for a finance event: the event, its audit path, a signed checkpoint. */
  prove(seq: bigint): Promise<EventProof>;
}

/** A route's target worked out once per request, however often the access check and the handler ask. */
export function oncePerRequest(target: TargetOf): TargetOf {
  const seen = new WeakMap<object, ReturnType<TargetOf>>();
  return (req) => {
    let t = seen.get(req);
    if (t === undefined) {
      t = target(req);
      seen.set(req, t);
    }
    return t;
  };
}
