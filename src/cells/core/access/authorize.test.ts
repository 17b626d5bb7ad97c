import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  authorize,
  PERMISSIONS,
  ROLE_GRANTS,
  ROLES,
  type Principal,
  type Role,
  type Target,
} from './index.ts';

const at = (role: Role, extra: Partial<Principal> = {}): Principal => ({
  id: 'stf_1',
  officeId: 'ofc_a',
  provinceCode: '01',
  roles: [role],
  ...extra,
});
const OWN: Target = { officeId: 'ofc_a', provinceCode: '01' };
const SAME_PROVINCE: Target = { officeId: 'ofc_b', provinceCode: '01' };
const OTHER_PROVINCE: Target = { officeId: 'ofc_c', provinceCode: '79' };
const NATIONAL: Target = { officeId: null, provinceCode: null };

test('a clerk pays pensions at her counter, not at another office', () => {
  assert.deepEqual(authorize(at('counter_clerk'), 'pension.pay', OWN), { allowed: true, scope: 'office' });
  const denied = authorize(at('counter_clerk'), 'pension.pay', SAME_PROVINCE);
  assert.equal(denied.allowed, false);
  assert.ok(!denied.allowed && denied.code === 'office_out_of_scope' && denied.permission === 'pension.pay');
  assert.ok(!denied.allowed && /office ofc_a, not office ofc_b/.test(denied.message));
});

test('a provincial manager manages his province only; an auditor reads everything and changes nothing', () => {
  assert.equal(authorize(at('provincial_manager'), 'office.manage', SAME_PROVINCE).allowed, true);
  const other = authorize(at('provincial_manager'), 'office.manage', OTHER_PROVINCE);
  assert.ok(
    !other.allowed &&
      other.code === 'office_out_of_scope' &&
      /province 01, not office ofc_c/.test(other.message),
  );
  assert.equal(authorize(at('provincial_manager'), 'office.manage', NATIONAL).allowed, false);
  for (const p of PERMISSIONS) {
    const d = authorize(at('auditor'), p, OTHER_PROVINCE);
    assert.equal(d.allowed, p.endsWith('.read'), p);
    if (!d.allowed) assert.equal(d.code, 'permission_missing');
  }
});

test('every denial for a permission no role grants names the permission', () => {
  const d = authorize(at('postman'), 'staff.manage', OWN);
  assert.ok(!d.allowed && d.code === 'permission_missing' && d.permission === 'staff.manage');
  assert.match(
    !d.allowed ? d.message : '',
    /Permission staff\.manage is missing: none of the roles postman grants it/,
  );
  assert.match(!d.allowed ? d.messageVi : '', /staff\.manage/);
});

test('every role crossed with every permission and every reach follows the grant table', () => {
  for (const role of ROLES) {
    const grant = ROLE_GRANTS[role];
    for (const permission of PERMISSIONS) {
      for (const [name, target] of Object.entries({ OWN, SAME_PROVINCE, OTHER_PROVINCE, NATIONAL })) {
        const d = authorize(at(role), permission, target);
        const granted = grant.permissions.includes(permission);
        const reaches =
          grant.scope === 'all' ||
          (grant.scope === 'province' && (name === 'OWN' || name === 'SAME_PROVINCE')) ||
          (grant.scope === 'office' && name === 'OWN');
        assert.equal(d.allowed, granted && reaches, `${role} ${permission} ${name}`);
        if (!d.allowed) assert.equal(d.code, granted ? 'office_out_of_scope' : 'permission_missing');
      }
    }
  }
});

test('partners never manage the post, and privileged roles need a second factor', () => {
  for (const role of ROLES.filter((r) => ROLE_GRANTS[r].partner)) {
    for (const p of ['office.manage', 'staff.manage', 'token.manage', 'keys.manage', 'audit.read'] as const)
      assert.equal(authorize(at(role), p, OWN).allowed, false, `${role} ${p}`);
  }
  assert.equal(ROLE_GRANTS.security_officer.secondFactor, true);
  assert.equal(ROLE_GRANTS.system_admin.secondFactor, true);
});

test('an API token narrows its holder: only its permissions, only at its office', () => {
  const si = at('social_insurance_officer', {
    token: { permissions: ['pension.list.submit'], officeId: null },
  });
  assert.equal(authorize(si, 'pension.list.submit', SAME_PROVINCE).allowed, true);
  const read = authorize(si, 'pension.reconciliation.read', SAME_PROVINCE);
  assert.ok(!read.allowed && read.code === 'token_out_of_scope');
  const manager = at('office_manager', { token: { permissions: ['staff.read'], officeId: 'ofc_a' } });
  assert.equal(authorize(manager, 'staff.read', OWN).allowed, true);
  // A token cannot widen a role: an office token used elsewhere is refused by both checks.
  const elsewhere = authorize(manager, 'staff.read', SAME_PROVINCE);
  assert.ok(!elsewhere.allowed && elsewhere.code === 'token_out_of_scope');
});
