import { journalMigrations } from '../../../journal/index.ts';
import * as createGeo from './2026_11_25_0700_create_geo.ts';
import * as createOffice from './2026_11_25_0900_create_office.ts';
import * as createStaff from './2026_11_25_1000_create_staff.ts';
import * as createSignIn from './2026_11_25_1100_create_sign_in.ts';
import * as createApiToken from './2026_11_25_1200_create_api_token.ts';
import * as createAuthTotp from './2026_11_25_1300_create_auth_totp.ts';

/** The core cell's frozen migrations, in the order they run. */
export const coreMigrations = {
  ...journalMigrations,
  '2026_11_25_0700_create_geo': createGeo,
  '2026_11_25_0900_create_office': createOffice,
  '2026_11_25_1000_create_staff': createStaff,
  '2026_11_25_1100_create_sign_in': createSignIn,
  '2026_11_25_1200_create_api_token': createApiToken,
  '2026_11_25_1300_create_auth_totp': createAuthTotp,
} as const;
