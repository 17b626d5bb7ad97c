import { createPeople, type Names } from '../../../platform/people.ts';
import type { Role } from '../access/index.ts';
import type { Office } from '../offices/index.ts';
import type { AddStaffInput } from './staff.service.ts';

/** Every demo account's password, published in the README: a demo must never face the internet. */
export const DEMO_PASSWORD = 'buu-dien-demo-2026';
/** The TOTP seed of the demo's privileged accounts (admin, security), published in the README. */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** Demo accounts that need the second factor. */
export const DEMO_PRIVILEGED = ['admin', 'security'] as const;

/**
 * The demo's people: at the corporation an administrator, a security officer and an auditor; at each
 * provincial post its manager (`qlt.PP`), a social-insurance officer (`bhxh.PP`) and an agency officer
 * (`hcc.PP`), and a shipper (`shop.PP`) at its first post office; at each post office a manager, a counter
 * clerk and a postman (`tbc.`, `gdv.`, `bt.` + the postcode); at each sorting centre its manager.
 * Names are weighted by the population's shares; CCCD numbers and phones are synthetic but well-formed.
 */
export function demoStaff(offices: readonly Office[], names: Names, year: number): AddStaffInput[] {
  const people = createPeople(names, { seed: 2026, year });
  const out: AddStaffInput[] = [];
  const add = (username: string, office: Office, role: Role, partner = false) => {
    const person = people.next({ minAge: 22, maxAge: 58, province: office.province_code ?? '01' });
    out.push({
      username,
      full_name: person.full_name,
      cccd: partner ? null : person.cccd,
      phone: person.phone,
      office_id: office.id,
      roles: [role],
      password: DEMO_PASSWORD,
    });
  };
  const corporation = offices.find((o) => o.type === 'corporation');
  if (corporation === undefined) throw new Error('the demo staff need the demo network: no corporation');
  add('admin', corporation, 'system_admin');
  add('security', corporation, 'security_officer');
  add('auditor', corporation, 'auditor');
  const shipperDone = new Set<string>();
  for (const o of offices) {
    const pp = o.postcode.slice(0, 2);
    switch (o.type) {
      case 'provincial_post':
        add(`qlt.${pp}`, o, 'provincial_manager');
        add(`bhxh.${pp}`, o, 'social_insurance_officer', true);
        add(`hcc.${pp}`, o, 'agency_officer', true);
        break;
      case 'post_office':
        add(`tbc.${o.postcode}`, o, 'office_manager');
        add(`gdv.${o.postcode}`, o, 'counter_clerk');
        add(`bt.${o.postcode}`, o, 'postman');
        if (!shipperDone.has(pp)) {
          shipperDone.add(pp);
          add(`shop.${pp}`, o, 'shipper', true);
        }
        break;
      case 'sorting_centre':
        add(`tbc.${o.postcode}`, o, 'office_manager');
        break;
      default:
        break;
    }
  }
  return out;
}
