// Every string of the app in English, the same keys as the Vietnamese source (the type makes sure).
import { counterEn } from '../counter/strings.en.ts';
import { roundEn } from '../round/strings.en.ts';
import { agencyEn } from '../agency/strings.ts';
import { oversightEn } from '../oversight/strings.ts';
import { securityEn } from '../security/strings.ts';
import { drillEn } from '../security/drill.strings.ts';
import type { Strings } from './strings.types.ts';

export const en: Strings = {
  common: {
    brand: 'Vietnam Post',
    refused: 'Could not do it:',
    signOut: 'Sign out',
    menu: 'Menu',
    switchLanguage: 'Switch language',
    notAllowedTitle: 'Not allowed',
    notAllowed: 'Your account may not use this screen. Ask your office manager if you need it.',
    loading: 'Loading…',
    save: 'Save',
    cancel: 'Cancel',
    confirm: 'Confirm',
    close: 'Close',
    print: 'Print',
    retry: 'Try again',
    search: 'Search',
    none: 'None',
    total: 'Total',
  },
  signIn: {
    title: 'Sign in',
    lead: 'For post office staff and partners.',
    username: 'Username',
    password: 'Password',
    code: 'Authenticator code (6 digits)',
    codeHint: 'Open the authenticator app on your phone and type the code it shows.',
    submit: 'Sign in',
  },
  menu: {
    stock: 'Goods and stocktakes',
    till: 'Till',
    payout: 'Pension payout',
    accept: 'Accept an item',
    pickup: 'Counter pick-up',
    dossiers: 'Administrative dossiers',
    sale: 'Sales',
    saleReturn: 'Returns',
    approvals: 'Approvals',
    round: "Today's round",
    home: 'Home',
    agency: 'Agency dossiers',
    oversightDashboard: 'Overview',
    oversightDossiers: 'Dossier deadlines',
    orders: 'Customer orders',
    oversightCatalogue: 'Goods catalogue',
    security: 'Security',
    securityRespond: 'Respond to an incident',
    securityDrill: 'Ransomware drill',
  },
  roles: {
    counter_clerk: 'Counter clerk',
    postman: 'Postman',
    office_manager: 'Office manager',
    provincial_manager: 'Provincial manager',
    security_officer: 'Security officer',
    auditor: 'Auditor',
    system_admin: 'System administrator',
    social_insurance_officer: 'Social insurance officer',
    agency_officer: 'Agency officer',
    shipper: 'Shipper',
  },
  permissions: {
    office_read: 'See offices',
    office_manage: 'Manage offices',
    staff_read: 'See staff',
    staff_manage: 'Manage staff',
    token_manage: 'Manage API tokens',
    till_operate: 'Work a till',
    till_approve: 'Approve tills',
    ledger_transfer: 'Transfer between accounts',
    pension_pay: 'Pay pensions',
    pension_manage: 'Manage payment periods',
    pension_list_submit: 'Submit payment lists',
    pension_reconciliation_read: 'See payout reconciliation',
    parcel_accept: 'Accept items',
    parcel_deliver: 'Deliver items',
    cod_collect: 'Collect COD',
    shipment_submit: 'Submit shipments',
    shipment_read: 'See shipments',
    dossier_handle: 'Take in public-service dossiers',
    dossier_agency: "Handle an agency's dossiers",
    retail_sell: 'Sell goods at the counter',
    report_read: 'See reports',
    audit_read: 'See the audit trail',
    incident_isolate: 'Isolate a cell',
    incident_request: 'Request a restore',
    incident_approve: 'Approve a restore',
    keys_manage: 'Manage keys',
    second_factor_enrol: 'Enrol second factors',
  },
  scopes: { office: 'own office', province: 'whole province', all: 'nationwide' },
  cells: {
    core: 'Common data',
    finance: 'Finance',
    delivery: 'Delivery',
    services: 'Public services',
    retail: 'Goods',
    security: 'Security',
  },
  modes: { normal: 'Normal', 'read-only': 'Read-only', isolated: 'Isolated' },
  mode: {
    'read-only':
      'The {{cell}} cell is read-only after a security incident: you can look things up but not record anything. Tell your office manager and wait for the all-clear.',
    isolated:
      'The {{cell}} cell is isolated after a security incident: its functions are paused while the other cells keep working.',
  },
  modeDo: {
    delivery: {
      'read-only':
        'Parcels can still be looked up. Acceptance and delivery: write them on paper forms and enter them when the cell reopens. Pensions are paid as usual.',
      isolated:
        'Take parcels on paper forms and hold items at the office; no deliveries for now. Pensions, dossiers and sales go on as usual.',
    },
    finance: {
      'read-only':
        'Tills and payment lists can be seen, but no money moves: pay no cash outside the system, ask pensioners to come back.',
      isolated:
        'No cash in or out and no pension payouts for now: write down who came and ask them to come back; pay no cash outside the system. Parcels are still accepted.',
    },
    services: {
      'read-only':
        'Dossiers can be looked up. New dossiers: take them with a handwritten receipt and keep them at the office.',
      isolated:
        'Take dossiers with a handwritten receipt and keep them at the office; nothing is sent on. Other counters work as usual.',
    },
    retail: {
      'read-only':
        'Prices and stock can be seen, nothing can be sold: ask customers to come back. Other counters work as usual.',
      isolated: 'No goods are sold for now. Pensions and parcels go on as usual.',
    },
    core: {
      'read-only': 'Staff, offices and passwords cannot be changed. Counter work goes on.',
      isolated:
        'Staff, offices and passwords cannot be changed; new sign-ins may be refused: whoever is working, do not sign out.',
    },
    security: { 'read-only': '', isolated: '' },
  },
  home: {
    title: 'Hello, {{name}}',
    office: 'Office',
    roles: 'Roles',
    permissions: 'May do',
    cells: "The cells' state",
    cell: 'Cell',
    mode: 'Mode',
  },
  public: {
    nav: 'For customers',
    track: 'Track an item',
    offices: 'Find a post office',
    receipt: 'Check a receipt',
  },
  counter: counterEn,
  round: roundEn,
  agency: agencyEn,
  oversight: oversightEn,
  security: securityEn,
  drill: drillEn,
};
