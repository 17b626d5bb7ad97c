export { signInRoutes } from './sign-in.routes.ts';
export { LOCK_MINUTES, MAX_FAILURES, signInEvents } from './sign-in.events.ts';
export {
  createSignIn,
  SESSION_HOURS,
  totpFor,
  type SignIn,
  type SignInDeps,
  type SignInResult,
} from './sign-in.service.ts';
