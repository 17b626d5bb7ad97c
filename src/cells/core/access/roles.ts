// Roles, permissions and office scopes: who may do what, where. The one table every route's check reads.

export const PERMISSIONS = [
  'office.read',
  'office.manage',
  'staff.read',
  'staff.manage',
  'token.manage',
  'till.operate',
  'till.approve',
  'ledger.transfer',
  'pension.pay',
  'pension.manage',
  'pension.list.submit',
  'pension.reconciliation.read',
  'parcel.accept',
  'parcel.deliver',
  'cod.collect',
  'shipment.submit',
  'shipment.read',
  'dossier.handle',
  'dossier.agency',
  'retail.sell',
  'retail.read',
  'retail.stock',
  'retail.catalogue',
  'report.read',
  'audit.read',
  'incident.isolate',
  'incident.request',
  'incident.approve',
  'keys.manage',
  'second_factor.enrol',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'counter_clerk',
  'postman',
  'office_manager',
  'provincial_manager',
  'security_officer',
  'auditor',
  'system_admin',
  'social_insurance_officer',
  'agency_officer',
  'shipper',
] as const;
export type Role = (typeof ROLES)[number];

/** Where a role's permissions reach: its own office, every office of its province, or everywhere. */
export type Scope = 'office' | 'province' | 'all';

export interface RoleGrant {
  scope: Scope;
  permissions: readonly Permission[];
  /** Sign-in needs a TOTP code as well as the password. */
  secondFactor: boolean;
  /** A partner of the post (agency, shipper), not its staff. */
  partner: boolean;
  /** The roles a holder may give, take away or act on (with staff.manage): never wider than their own. */
  assigns: readonly Role[];
  nameVi: string;
}

const READS = PERMISSIONS.filter((p) => p.endsWith('.read'));
const CLERK: readonly Permission[] = [
  'office.read',
  'till.operate',
  'pension.pay',
  'parcel.accept',
  'dossier.handle',
  'retail.sell',
  'retail.read',
];
const POSTMAN: readonly Permission[] = ['office.read', 'parcel.deliver', 'cod.collect', 'pension.pay'];

export const ROLE_GRANTS: { readonly [R in Role]: RoleGrant } = {
  counter_clerk: {
    scope: 'office',
    permissions: CLERK,
    secondFactor: false,
    partner: false,
    assigns: [],
    nameVi: 'Giao dịch viên',
  },
  postman: {
    scope: 'office',
    permissions: POSTMAN,
    secondFactor: false,
    partner: false,
    assigns: [],
    nameVi: 'Bưu tá',
  },
  office_manager: {
    scope: 'office',
    permissions: [
      ...new Set([
        ...CLERK,
        ...POSTMAN,
        'staff.read',
        'staff.manage',
        'till.approve',
        'ledger.transfer',
        'pension.manage',
        'retail.stock',
        'report.read',
      ] as const),
    ],
    secondFactor: false,
    partner: false,
    assigns: ['counter_clerk', 'postman', 'shipper'],
    nameVi: 'Trưởng bưu cục',
  },
  provincial_manager: {
    scope: 'province',
    permissions: [
      'office.read',
      'office.manage',
      'staff.read',
      'staff.manage',
      'till.approve',
      'ledger.transfer',
      'pension.manage',
      'pension.reconciliation.read',
      'retail.read',
      'retail.stock',
      'retail.catalogue',
      'report.read',
    ],
    secondFactor: false,
    partner: false,
    assigns: [
      'counter_clerk',
      'postman',
      'office_manager',
      'shipper',
      'social_insurance_officer',
      'agency_officer',
    ],
    nameVi: 'Lãnh đạo Bưu điện tỉnh',
  },
  security_officer: {
    scope: 'all',
    permissions: [
      'office.read',
      'staff.read',
      'audit.read',
      'incident.isolate',
      'incident.request',
      'incident.approve',
    ],
    secondFactor: true,
    partner: false,
    assigns: [],
    nameVi: 'Cán bộ an ninh',
  },
  auditor: {
    scope: 'all',
    permissions: READS,
    secondFactor: false,
    partner: false,
    assigns: [],
    nameVi: 'Kiểm toán viên',
  },
  system_admin: {
    scope: 'all',
    permissions: [
      'office.read',
      'office.manage',
      'staff.read',
      'staff.manage',
      'token.manage',
      'keys.manage',
      'second_factor.enrol',
      'incident.request',
      'incident.approve',
    ],
    secondFactor: true,
    partner: false,
    assigns: ROLES,
    nameVi: 'Quản trị hệ thống',
  },
  social_insurance_officer: {
    scope: 'province',
    permissions: ['pension.list.submit', 'pension.reconciliation.read'],
    secondFactor: false,
    partner: true,
    assigns: [],
    nameVi: 'Cán bộ Bảo hiểm xã hội',
  },
  agency_officer: {
    scope: 'province',
    permissions: ['dossier.agency'],
    secondFactor: false,
    partner: true,
    assigns: [],
    nameVi: 'Cán bộ cơ quan hành chính',
  },
  shipper: {
    scope: 'office',
    permissions: ['shipment.submit', 'shipment.read'],
    secondFactor: false,
    partner: true,
    assigns: [],
    nameVi: 'Chủ hàng',
  },
};

/** The known roles among some strings (the rest are for the caller's validation to name). */
export function knownRoles(list: readonly string[]): Role[] {
  return list.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
}
