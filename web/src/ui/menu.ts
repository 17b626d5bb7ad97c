// The menu, from the permissions /v1/me gives: each entry shows only to someone who holds its permission,
// and each role lands on its own home.
import type { Me } from './session.tsx';

export interface MenuEntry {
  path: string;
  /** i18n key of its label. */
  label: string;
  /** Every one of these is needed. */
  needs: readonly string[];
}

export const MENU: readonly MenuEntry[] = [
  { path: '/counter/till', label: 'menu.till', needs: ['till.operate'] },
  { path: '/counter/payout', label: 'menu.payout', needs: ['till.operate', 'pension.pay'] },
  { path: '/counter/accept', label: 'menu.accept', needs: ['till.operate', 'parcel.accept'] },
  { path: '/counter/pickup', label: 'menu.pickup', needs: ['till.operate', 'parcel.accept'] },
  { path: '/counter/dossiers', label: 'menu.dossiers', needs: ['dossier.handle'] },
  { path: '/counter/orders', label: 'menu.orders', needs: ['retail.sell'] },
  { path: '/counter/sale', label: 'menu.sale', needs: ['till.operate', 'retail.sell'] },
  { path: '/counter/sale-returns', label: 'menu.saleReturn', needs: ['till.operate', 'retail.sell'] },
  { path: '/counter/approvals', label: 'menu.approvals', needs: ['till.approve'] },
  { path: '/counter/stock', label: 'menu.stock', needs: ['retail.sell'] },
  { path: '/round', label: 'menu.round', needs: ['parcel.deliver'] },
  { path: '/agency', label: 'menu.agency', needs: ['dossier.agency'] },
  { path: '/oversight/dashboard', label: 'menu.oversightDashboard', needs: ['report.read'] },
  { path: '/oversight/dossiers', label: 'menu.oversightDossiers', needs: ['report.read'] },
  { path: '/oversight/catalogue', label: 'menu.oversightCatalogue', needs: ['retail.catalogue'] },
  { path: '/security', label: 'menu.security', needs: ['audit.read'] },
  { path: '/security/respond', label: 'menu.securityRespond', needs: ['audit.read', 'incident.isolate'] },
  { path: '/security/drill', label: 'menu.securityDrill', needs: ['audit.read'] },
  { path: '/home', label: 'menu.home', needs: [] },
];

export function menuFor(me: Me): MenuEntry[] {
  const held = new Set(me.permissions.map((p) => p.permission));
  return MENU.filter((m) => m.needs.every((n) => held.has(n)));
}

/** Where a person lands after signing in: the first screen of their main role. */
export function homeOf(me: Me): string {
  const roles = me.staff.roles;
  if (roles.includes('counter_clerk')) return '/counter/till';
  if (roles.includes('postman')) return '/round';
  if (roles.includes('office_manager')) return '/counter/approvals';
  if (roles.includes('provincial_manager')) return '/oversight/dashboard';
  if (roles.includes('agency_officer')) return '/agency';
  if (roles.includes('security_officer')) return '/security';
  return '/home';
}

/** Whether the person may open a path (a typed address is checked like the menu). */
export function allowed(me: Me, path: string): boolean {
  const entry = MENU.filter((m) => path === m.path || path.startsWith(`${m.path}/`)).sort(
    (a, b) => b.path.length - a.path.length,
  )[0];
  if (entry === undefined) return true;
  const held = new Set(me.permissions.map((p) => p.permission));
  return entry.needs.every((n) => held.has(n));
}
