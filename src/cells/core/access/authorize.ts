import { ROLE_GRANTS, type Permission, type Role, type Scope } from './roles.ts';

/** Who is acting: a member of staff or a partner, at an office, with roles (and maybe a narrower token). */
export interface Principal {
  id: string;
  officeId: string;
  provinceCode: string;
  roles: readonly Role[];
  /** An API token narrows what the principal may do: only these permissions, only at this office. */
  token?: { permissions: readonly Permission[]; officeId: string | null };
}

/** Where the action happens: an office (and its province), or nowhere in particular (national). */
export interface Target {
  officeId: string | null;
  provinceCode: string | null;
}

/** How routes find where a request acts: an office as a target. */
export interface OfficeTargets {
  /**
   * An office as a target: the office and its province (none for national offices); office_not_found when
   * there is no such office.
   */
  office(id: string): Promise<Target>;
}

/** A member of staff as a principal at their home office (`home`, its target), optionally narrowed by a token. */
export function staffPrincipal(
  staff: { id: string; office_id: string; roles: readonly Role[] },
  home: Target,
  token?: { permissions: readonly Permission[]; office_id: string | null },
): Principal {
  return {
    id: staff.id,
    officeId: staff.office_id,
    provinceCode: home.provinceCode ?? '',
    roles: staff.roles,
    ...(token === undefined ? {} : { token: { permissions: token.permissions, officeId: token.office_id } }),
  };
}

export type Denial = {
  allowed: false;
  code: 'permission_missing' | 'office_out_of_scope' | 'token_out_of_scope' | 'role_not_assignable';
  permission: Permission;
  message: string;
  messageVi: string;
};
export type Decision = { allowed: true; scope: Scope } | Denial;

function reaches(scope: Scope, p: Principal, t: Target): boolean {
  switch (scope) {
    case 'all':
      return true;
    case 'province':
      return t.provinceCode !== null && t.provinceCode === p.provinceCode;
    case 'office':
      return t.officeId !== null && t.officeId === p.officeId;
  }
}

const where = (t: Target): string =>
  t.officeId !== null
    ? `office ${t.officeId}`
    : t.provinceCode !== null
      ? `province ${t.provinceCode}`
      : 'the whole post';

/**
 * The one check behind every route: does any of the principal's roles grant the permission with a scope
 * that reaches the target, within what its token allows? A denial names what was missing.
 */
export function authorize(p: Principal, permission: Permission, target: Target): Decision {
  if (p.token !== undefined) {
    const t = p.token;
    if (!t.permissions.includes(permission))
      return {
        allowed: false,
        code: 'token_out_of_scope',
        permission,
        message: `This API token does not carry permission ${permission}`,
        messageVi: `Mã truy cập (token) không có quyền ${permission}: hãy xin cấp token có quyền này`,
      };
    if (t.officeId !== null && t.officeId !== target.officeId)
      return {
        allowed: false,
        code: 'token_out_of_scope',
        permission,
        message: `This API token is limited to office ${t.officeId}, not ${where(target)}`,
        messageVi: `Mã truy cập (token) chỉ dùng được cho đơn vị ${t.officeId}`,
      };
  }
  const granting = p.roles.filter((r) => ROLE_GRANTS[r].permissions.includes(permission));
  if (granting.length === 0)
    return {
      allowed: false,
      code: 'permission_missing',
      permission,
      message: `Permission ${permission} is missing: none of the roles ${p.roles.join(', ') || '(none)'} grants it`,
      messageVi: `Bạn không có quyền ${permission}; hãy liên hệ trưởng đơn vị nếu công việc cần quyền này`,
    };
  for (const r of granting) {
    const scope = ROLE_GRANTS[r].scope;
    if (reaches(scope, p, target)) return { allowed: true, scope };
  }
  // Every granting role fell short; the widest of them says how far the principal does reach.
  const widest = granting.some((r) => ROLE_GRANTS[r].scope === 'province') ? 'province' : 'office';
  return {
    allowed: false,
    code: 'office_out_of_scope',
    permission,
    message: `Permission ${permission} reaches only your ${widest === 'province' ? `province ${p.provinceCode}` : `office ${p.officeId}`}, not ${where(target)}`,
    messageVi: `Quyền ${permission} của bạn chỉ áp dụng cho ${widest === 'province' ? 'tỉnh/thành phố' : 'đơn vị'} của bạn`,
  };
}

/**
 * Whether a principal may give, take away or act on accounts holding these roles (after staff.manage has
 * been allowed at the account's office): only roles one of its own roles assigns, so no one can make an
 * account more powerful than they are, or disable one that is.
 */
export function authorizeRoles(p: Principal, roles: readonly Role[]): Decision {
  const assignable = new Set(p.roles.flatMap((r) => ROLE_GRANTS[r].assigns));
  const beyond = roles.filter((r) => !assignable.has(r));
  if (beyond.length === 0) return { allowed: true, scope: 'all' };
  return {
    allowed: false,
    code: 'role_not_assignable',
    permission: 'staff.manage',
    message: `Your roles cannot assign or manage the roles ${beyond.join(', ')}`,
    messageVi: `Bạn không được cấp hoặc quản lý vai trò ${beyond.map((r) => ROLE_GRANTS[r].nameVi).join(', ')}: hãy nhờ cấp trên`,
  };
}
