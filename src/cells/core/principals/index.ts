export { createPrincipals, type Principals, type PrincipalsDeps } from './principals.service.ts';
