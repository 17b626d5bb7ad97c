export { tokenRoutes } from './token.routes.ts';
export { tokenEvents } from './token.events.ts';
export {
  createTokens,
  MAX_TOKEN_DAYS,
  type ApiToken,
  type IssueTokenInput,
  type Tokens,
} from './token.service.ts';
