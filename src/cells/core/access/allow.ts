import { CoreError } from '../core-error.ts';
import { authorize, authorizeRoles, type Decision, type Principal, type Target } from './authorize.ts';
import type { Permission, Role } from './roles.ts';

/** A denial as the error a route answers with (403, naming the missing permission); nothing when allowed. */
export function refusalOf(d: Decision): CoreError | undefined {
  return d.allowed ? undefined : new CoreError(d.code, d.message, d.messageVi, { permission: d.permission });
}

/** Throws 403 with the missing permission unless the principal may act at the target. */
export function allow(p: Principal, permission: Permission, target: Target): void {
  const refused = refusalOf(authorize(p, permission, target));
  if (refused !== undefined) throw refused;
}

/** Throws 403 unless the principal may assign or manage accounts holding these roles. */
export function allowRoles(p: Principal, roles: readonly Role[]): void {
  const refused = refusalOf(authorizeRoles(p, roles));
  if (refused !== undefined) throw refused;
}
