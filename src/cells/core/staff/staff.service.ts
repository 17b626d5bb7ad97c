import type { Kysely } from '../../../storage/index.ts';
import type { Journal } from '../../../journal/index.ts';
import { parseCccd } from '../../../platform/cccd.ts';
import type { Clock } from '../../../platform/clock.ts';
import { found, isDomainError } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { checkPasswordStrength, hashPassword } from '../../../platform/password.ts';
import { parseVnPhone } from '../../../platform/phone.ts';
import { nameText } from '../../../platform/text.ts';
import { ROLE_GRANTS, ROLES, type Role } from '../access/index.ts';
import { CoreError, type CoreErrorCode } from '../core-error.ts';
import type { CoreTables } from '../core-tables.ts';
import type { Offices } from '../offices/index.ts';
import { staffAdded, staffDisabled, staffRolesChanged } from './staff.events.ts';
import * as repo from './staff.repository.ts';

export interface Staff {
  id: string;
  username: string;
  full_name: string;
  cccd: string | null;
  phone: string;
  office_id: string;
  roles: Role[];
  status: 'active' | 'disabled';
  created_at: string;
  disabled_at: string | null;
  disabled_reason: string | null;
}

/** What an administrator fills in to add someone; every field is checked and named when wrong. */
export interface AddStaffInput {
  username: string;
  full_name: string;
  /** Required for the post's own staff; partners (agency officers, shippers) may have none. */
  cccd?: string | null;
  phone: string;
  office_id: string;
  roles: readonly string[];
  password: string;
}

export interface StaffService {
  /** Adds a member of staff or a partner user: a core.staff.added event carrying only the password's hash. */
  add(input: AddStaffInput, actor: string): Promise<Staff>;
  /**
   * Adds many accounts in one transaction, all or none; an error names the row. For the demo network and
   * first loads: each distinct initial password is hashed once, so equal ones share a hash.
   */
  addMany(inputs: readonly AddStaffInput[], actor: string): Promise<Staff[]>;
  changeRoles(id: string, roles: readonly string[], actor: string): Promise<Staff>;
  /** Disables an account; it can no longer sign in. Nothing is deleted. */
  disable(id: string, reason: string, actor: string): Promise<Staff>;
  get(id: string): Promise<Staff>;
  /** The account behind a username with its password hash, for sign-in only. */
  findForSignIn(username: string): Promise<(Staff & { password_hash: string }) | undefined>;
  list(q: {
    office?: string;
    province?: string;
    status?: 'active' | 'disabled';
    limit: number;
    offset: number;
  }): Promise<{
    items: Staff[];
    total: number;
    limit: number;
    offset: number;
  }>;
}

export interface StaffDeps {
  db: Kysely<CoreTables>;
  journal: Journal<CoreTables>;
  clock: Clock;
  offices: Pick<Offices, 'get'>;
}

function invalid(field: string, what: string, vi: string): CoreError {
  return new CoreError('invalid_staff', `Staff field ${field} ${what}`, `Trường ${field}: ${vi}`, { field });
}

function toStaff(r: repo.StaffRow): Staff {
  return {
    id: r.id,
    username: r.username,
    full_name: r.full_name,
    cccd: r.cccd,
    phone: r.phone,
    office_id: r.office_id,
    roles: JSON.parse(r.roles) as Role[],
    status: r.status as 'active' | 'disabled',
    created_at: r.created_at,
    disabled_at: r.disabled_at,
    disabled_reason: r.disabled_reason,
  };
}

/** Checks a role list: known roles, at least one, and never the post's roles mixed with a partner's. */
function checkRoles(roles: readonly string[]): Role[] {
  const list: readonly unknown[] = Array.isArray(roles) ? (roles as readonly unknown[]) : [];
  if (list.length === 0) throw invalid('roles', 'must name at least one role', 'phải có ít nhất một vai trò');
  for (const r of list)
    if (typeof r !== 'string' || !(ROLES as readonly string[]).includes(r))
      throw invalid(
        'roles',
        `has unknown role ${JSON.stringify(r)}; roles are ${ROLES.join(', ')}`,
        `vai trò ${String(r)} không tồn tại`,
      );
  const set = [...new Set(roles as Role[])].sort();
  const partners = set.filter((r) => ROLE_GRANTS[r].partner);
  if (partners.length > 0 && partners.length < set.length)
    throw invalid(
      'roles',
      `mixes partner roles (${partners.join(', ')}) with the post's own roles: a partner account is separate`,
      'không được gộp vai trò của đối tác với vai trò của nhân viên bưu điện',
    );
  return set;
}

/** Creates the staff registry of the core cell. */
export function createStaff(deps: StaffDeps): StaffService {
  const { db, journal, clock } = deps;

  const require = async (trx: Kysely<CoreTables>, id: string): Promise<repo.StaffRow> =>
    found(
      await repo.findStaff(trx, id),
      () =>
        new CoreError(
          'staff_not_found',
          `No staff member has id ${JSON.stringify(id)}`,
          `Không tìm thấy nhân viên ${id}`,
          { id },
        ),
    );

  /** Every check that needs no database, in the order a form shows its fields. */
  const check = (input: AddStaffInput) => {
    const username = typeof input.username === 'string' ? input.username.trim().toLowerCase() : '';
    if (!/^[a-z][a-z0-9._-]{2,31}$/.test(username))
      throw invalid(
        'username',
        'must be 3 to 32 characters: a letter, then letters, digits, dot, dash or underscore (no accents)',
        'phải gồm 3–32 ký tự không dấu: chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới',
      );
    let fullName: string;
    try {
      fullName = nameText(String(input.full_name));
    } catch (err) {
      if (isDomainError(err)) throw invalid('full_name', err.message, err.messageVi);
      throw err;
    }
    if (fullName.length < 2 || fullName.length > 100)
      throw invalid('full_name', 'must be 2 to 100 characters', 'phải có từ 2 đến 100 ký tự');
    const roles = checkRoles(input.roles);
    const partner = ROLE_GRANTS[roles[0]!].partner;
    const cccd =
      input.cccd === undefined || input.cccd === null
        ? null
        : parseCccd(input.cccd, clock.now().getUTCFullYear()).number;
    if (cccd === null && !partner)
      throw invalid('cccd', 'is required for the post’s own staff', 'bắt buộc với nhân viên bưu điện');
    const phone = parseVnPhone(input.phone, 'mobile');
    const password = String(input.password);
    checkPasswordStrength(password, username);
    return {
      username,
      full_name: fullName,
      cccd,
      phone,
      office_id: String(input.office_id),
      roles,
      password,
    };
  };

  // In a batch, an error names the row as well as the field.
  const withRow = (batch: boolean, row: number, err: unknown): unknown => {
    if (!batch || !isDomainError(err)) return err;
    // The code stays the original's (a platform code such as invalid_cccd included), so clients match on it.
    return new CoreError(
      err.code as CoreErrorCode,
      `Row ${row}: ${err.message}`,
      `Dòng ${row}: ${err.messageVi}`,
      { ...err.details, row },
      { cause: err },
    );
  };
  const atRow = <T>(batch: boolean, row: number, f: () => T): T => {
    try {
      return f();
    } catch (err) {
      throw withRow(batch, row, err);
    }
  };

  async function addMany(inputs: readonly AddStaffInput[], actor: string): Promise<Staff[]> {
    const batch = inputs.length > 1;
    const rows = inputs.map((input, i) => atRow(batch, i + 1, () => check(input)));
    for (const officeId of new Set(rows.map((r) => r.office_id))) {
      const row = rows.findIndex((r) => r.office_id === officeId) + 1;
      try {
        const office = await deps.offices.get(officeId);
        if (office.status !== 'open')
          throw new CoreError(
            'office_closed',
            `Office ${office.id} is closed: staff cannot be added to it`,
            'Đơn vị đã đóng cửa',
            { field: 'office_id' },
          );
      } catch (err) {
        throw withRow(batch, row, err);
      }
    }
    // Hashing is slow on purpose; it happens before the write lock is taken. A batch (the demo network)
    // hashes each distinct initial password once.
    const hashes = new Map<string, string>();
    for (const r of rows) if (!hashes.has(r.password)) hashes.set(r.password, await hashPassword(r.password));
    return journal.transaction(async (trx) => {
      await journal.lock(trx);
      const taken = await repo.findTaken(
        trx,
        rows.map((r) => r.username),
        rows.flatMap((r) => (r.cccd === null ? [] : [r.cccd])),
      );
      const payloads = rows.map((r, i) =>
        atRow(batch, i + 1, () => {
          if (taken.usernames.has(r.username))
            throw new CoreError(
              'username_taken',
              `Username ${r.username} is taken: choose another`,
              `Tên đăng nhập ${r.username} đã có người dùng: hãy chọn tên khác`,
              { field: 'username' },
            );
          if (r.cccd !== null && taken.cccds.has(r.cccd))
            throw new CoreError(
              'cccd_taken',
              `CCCD ${r.cccd} already belongs to a staff account`,
              'Số CCCD này đã gắn với một tài khoản khác',
              { field: 'cccd' },
            );
          taken.usernames.add(r.username);
          if (r.cccd !== null) taken.cccds.add(r.cccd);
          const { password, ...rest } = r;
          return { id: newId('stf'), ...rest, password_hash: hashes.get(password)! };
        }),
      );
      await journal.appendMany(
        trx,
        staffAdded,
        payloads.map((p) => ({ stream: p.id, actor, office: p.office_id, payload: p })),
      );
      const added: Staff[] = [];
      for (const p of payloads) added.push(toStaff(await require(trx, p.id)));
      return added;
    });
  }

  return {
    async add(input, actor) {
      const [staff] = await addMany([input], actor);
      return staff!;
    },
    addMany,
    async changeRoles(id, roles, actor) {
      const checked = checkRoles(roles);
      return journal.transaction(async (trx) => {
        // Check-then-append under the journal's lock, so two administrators cannot both act on one account.
        await journal.lock(trx);
        const row = await require(trx, id);
        const wasPartner = (JSON.parse(row.roles) as Role[]).some((r) => ROLE_GRANTS[r].partner);
        if (wasPartner !== ROLE_GRANTS[checked[0]!].partner)
          throw invalid(
            'roles',
            'cannot turn a partner account into a staff account or back',
            'không thể đổi tài khoản đối tác thành nhân viên hoặc ngược lại',
          );
        await journal.append(trx, staffRolesChanged, {
          stream: id,
          actor,
          office: row.office_id,
          payload: { id, roles: checked },
        });
        return toStaff(await require(trx, id));
      });
    },
    async disable(id, reason, actor) {
      return journal.transaction(async (trx) => {
        // Check-then-append under the journal's lock, so two administrators cannot both act on one account.
        await journal.lock(trx);
        const row = await require(trx, id);
        if (row.status === 'disabled')
          throw new CoreError(
            'staff_disabled',
            `Staff ${id} is already disabled`,
            'Tài khoản đã bị khóa từ trước',
            { id },
          );
        const text = typeof reason === 'string' ? reason.trim() : '';
        if (text.length < 3)
          throw invalid('reason', 'must say why, in at least 3 characters', 'hãy ghi rõ lý do');
        await journal.append(trx, staffDisabled, {
          stream: id,
          actor,
          office: row.office_id,
          payload: { id, reason: text },
        });
        return toStaff(await require(trx, id));
      });
    },
    async get(id) {
      return toStaff(await require(db, id));
    },
    async findForSignIn(username) {
      const row = await repo.findByUsername(db, username.trim().toLowerCase());
      return row === undefined ? undefined : { ...toStaff(row), password_hash: row.password_hash };
    },
    async list(q) {
      const { rows, total } = await repo.findStaffList(db, {
        ...(q.office === undefined ? {} : { officeId: q.office }),
        ...(q.province === undefined ? {} : { provinceCode: q.province }),
        ...(q.status === undefined ? {} : { status: q.status }),
        limit: q.limit,
        offset: q.offset,
      });
      return { items: rows.map(toStaff), total: Number(total), limit: q.limit, offset: q.offset };
    },
  };
}
