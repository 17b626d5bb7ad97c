// The access model handed to the HTTP server: the core cell's principals, permissions, targets and roles as
// the route kit's types, and core's authorize() as its check. http/ names no cell; this is where they meet.
import {
  authorize,
  authorizeRoles,
  refusalOf,
  type Permission as CorePermission,
  type Principal as CorePrincipal,
  type Role as CoreRole,
  type Target as CoreTarget,
} from './cells/core/index.ts';
import type { Authorizer } from './http/auth.ts';

// Named apart: inside the augmentation, Principal and the rest would be http/auth.ts's own.
declare module './http/auth.ts' {
  interface AccessModel {
    principal: CorePrincipal;
    permission: CorePermission;
    target: CoreTarget;
    role: CoreRole;
  }
}

/** The core cell's checks, as the HTTP server asks them. */
export const coreAuthorizer: Authorizer = {
  authorize: (p, permission, target) => refusalOf(authorize(p, permission, target)),
  authorizeRoles: (p, roles) => refusalOf(authorizeRoles(p, roles)),
};
