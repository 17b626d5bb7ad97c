// Principals: sessions and tokens turned into who is acting, offices into where, for the one authorize()
// check. Above access, offices, staff, sign-in and tokens: none of them imports it.
import {
  authorize,
  staffPrincipal,
  type OfficeTargets,
  type Permission,
  type Principal,
  type Target,
} from '../access/index.ts';
import { CoreError } from '../core-error.ts';
import { officeTarget, type Offices } from '../offices/index.ts';
import type { SignIn } from '../sign-in/index.ts';
import type { Staff, StaffService } from '../staff/index.ts';
import type { ApiToken, Tokens } from '../tokens/index.ts';

export interface Principals extends OfficeTargets {
  /** The principal behind a bearer token or a session secret; throws token_invalid / session_invalid. */
  authenticate(c: { bearer?: string; session?: string }): Promise<Principal>;
  /** A member of staff as a principal (for the CLI and tests), optionally narrowed by a token. */
  of(staff: Staff, token?: ApiToken): Promise<Principal>;
  /**
   * The member of staff a command hands a duty to (a home round and its cash): active, and holding the
   * permission the duty takes at the office where it is done. staff_not_found, or assignee_not_eligible
   * naming `field`, otherwise.
   */
  assignee(staffId: string, permission: Permission, officeId: string, field: string): Promise<Staff>;
}

export interface PrincipalsDeps {
  offices: Pick<Offices, 'get'>;
  staff: Pick<StaffService, 'get'>;
  signIn: Pick<SignIn, 'authenticate'>;
  tokens: Pick<Tokens, 'authenticate'>;
}

/** Turns sessions and tokens into principals, and offices into targets, for the one authorize() check. */
export function createPrincipals(deps: PrincipalsDeps): Principals {
  const office = async (id: string): Promise<Target> => officeTarget(await deps.offices.get(id));
  const of = async (staff: Staff, token?: ApiToken): Promise<Principal> =>
    staffPrincipal(staff, await office(staff.office_id), token);
  return {
    office,
    of,
    async assignee(staffId, permission, officeId, field) {
      const staff = await deps.staff.get(staffId);
      const refuse = (en: string, vi: string) =>
        new CoreError(
          'assignee_not_eligible',
          `${field} names ${staff.username}, ${en}`,
          `Người được giao (${field}) ${staff.full_name} ${vi}`,
          { field, staff_id: staff.id, permission },
        );
      if (staff.status !== 'active')
        throw refuse(
          'whose account is disabled: choose an active member of staff',
          'đã bị khóa tài khoản: hãy chọn người khác',
        );
      const d = authorize(await of(staff), permission, await office(officeId));
      if (d.allowed) return staff;
      if (d.code === 'permission_missing')
        throw refuse(
          `whose roles (${staff.roles.join(', ') || 'none'}) do not grant ${permission}: choose someone whose work this is`,
          `không có quyền ${permission}: hãy chọn người làm công việc này`,
        );
      throw refuse(
        `of office ${staff.office_id}, who cannot do ${permission} at office ${officeId}: choose someone of that office`,
        `không làm việc tại đơn vị này: hãy chọn người của đơn vị`,
      );
    },
    async authenticate(c) {
      if (c.bearer !== undefined) {
        const { staff, token } = await deps.tokens.authenticate(c.bearer);
        return of(staff, token);
      }
      return of(await deps.signIn.authenticate(c.session ?? ''));
    },
  };
}
