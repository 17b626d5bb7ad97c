export { createPrincipals, officeTarget, staffPrincipal, type Principals } from './principals.ts';
export {
  authorize,
  authorizeRoles,
  type Decision,
  type Denial,
  type Principal,
  type Target,
} from './authorize.ts';
export {
  knownRoles,
  PERMISSIONS,
  ROLE_GRANTS,
  ROLES,
  type Permission,
  type Role,
  type RoleGrant,
  type Scope,
} from './roles.ts';
