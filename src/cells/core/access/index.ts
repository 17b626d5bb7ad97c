export { allow, allowRoles, refusalOf } from './allow.ts';
export {
  authorize,
  authorizeRoles,
  staffPrincipal,
  type Decision,
  type Denial,
  type OfficeTargets,
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
