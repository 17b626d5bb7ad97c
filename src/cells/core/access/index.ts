export { authorize, type Decision, type Denial, type Principal, type Target } from './authorize.ts';
export {
  PERMISSIONS,
  ROLE_GRANTS,
  ROLES,
  type Permission,
  type Role,
  type RoleGrant,
  type Scope,
} from './roles.ts';
