import { NATIONAL_OFFICE_TYPES, type Offices } from '../offices/index.ts';
import type { SignIn } from '../sign-in/index.ts';
import type { Staff } from '../staff/index.ts';
import type { ApiToken, Tokens } from '../tokens/index.ts';
import type { Principal, Target } from './authorize.ts';

export interface Principals {
  /** The principal behind a bearer token or a session secret; throws token_invalid / session_invalid. */
  authenticate(c: { bearer?: string; session?: string }): Promise<Principal>;
  /** A member of staff as a principal (for the CLI and tests), optionally narrowed by a token. */
  of(staff: Staff, token?: ApiToken): Promise<Principal>;
  /**
   * An office as a target: the office and its province (none for national offices); office_not_found when
   * there is no such office.
   */
  office(id: string): Promise<Target>;
}

export interface PrincipalsDeps {
  offices: Pick<Offices, 'get'>;
  signIn: Pick<SignIn, 'authenticate'>;
  tokens: Pick<Tokens, 'authenticate'>;
}

/** Turns sessions and tokens into principals, and offices into targets, for the one authorize() check. */
export function createPrincipals(deps: PrincipalsDeps): Principals {
  const office = async (id: string): Promise<Target> => {
    const o = await deps.offices.get(id);
    // The corporation and the sorting centres serve the whole country, though their buildings stand in a
    // province: no province's reach extends to them.
    return { officeId: o.id, provinceCode: NATIONAL_OFFICE_TYPES.includes(o.type) ? null : o.province_code };
  };
  const of = async (staff: Staff, token?: ApiToken): Promise<Principal> => {
    const home = await office(staff.office_id);
    return {
      id: staff.id,
      officeId: staff.office_id,
      provinceCode: home.provinceCode ?? '',
      roles: staff.roles,
      ...(token === undefined
        ? {}
        : { token: { permissions: token.permissions, officeId: token.office_id } }),
    };
  };
  return {
    office,
    of,
    async authenticate(c) {
      if (c.bearer !== undefined) {
        const { staff, token } = await deps.tokens.authenticate(c.bearer);
        return of(staff, token);
      }
      return of(await deps.signIn.authenticate(c.session ?? ''));
    },
  };
}
