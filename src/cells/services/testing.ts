// Test support for the services cell: the delivery world (a Hà Nội office with a clerk's open till) with the
// demo catalogue imported, two agencies' officers, and a citizen.
import type { Platform } from '../../app.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Dialect } from '../../storage/index.ts';
import { CLERK, MANAGER, openDeliveryWorld, POSTMAN, type DeliveryWorld } from '../../testing.ts';
import { loadDemoCatalogue, type IntakeInput, type Procedure } from './index.ts';

export { CLERK, MANAGER, POSTMAN, refused } from '../../testing.ts';

/** A copy of a civil-status extract at Ba Đình's People's Committee: an 8,000 ₫ charge, 3 working days. */
export const EXTRACT = '2.000635.000.00.00.H01';
/** Birth registration at the same committee: no fee, three documents. */
export const BIRTH = '1.001193.000.00.00.H01';
export const WARD = 'H01.UBND.X00004';
/** The agency officers: one of Ba Đình's committee, one of the Hà Nội justice department. */
export const OFFICER = 'stf_0190ffffffffffffffffffffffffffff';
export const OTHER_OFFICER = 'stf_0190999999999999999999999999999a';

export const CITIZEN = {
  name: 'Phạm Thị Lan',
  cccd: '001185012345',
  phone: '0912000111',
  address: 'Số 8 Kim Mã',
  commune: '00004',
};

export interface ServicesWorld extends DeliveryWorld {
  procedure(code: string): Promise<Procedure>;
  /** The text messages the platform's notice sender was handed, in order. */
  sent: Array<{ id: string; channel: string; recipient: string; body: string }>;
}

/** The delivery world with the demo catalogue and the two officers assigned. */
export async function openServicesWorld(dialect: Dialect, clock: Clock): Promise<ServicesWorld> {
  const sent: ServicesWorld['sent'] = [];
  const world = await openDeliveryWorld(dialect, clock, {
    notices: {
      send: (n) => {
        sent.push(n);
        return Promise.resolve();
      },
    },
  });
  const p = world.platform;
  await loadDemoCatalogue(p.services.catalogue, 'stf_admin');
  await p.services.catalogue.assignOfficer(OFFICER, WARD, 'stf_admin');
  await p.services.catalogue.assignOfficer(OTHER_OFFICER, 'H01.STP', 'stf_admin');
  return { ...world, sent, procedure: (code) => p.services.catalogue.procedure(code) };
}

/** Every document of a procedure, in the form it asks for, as a clerk ticks them. */
export function allDocuments(procedure: Procedure): IntakeInput['documents'] {
  return procedure.documents.map((d) => ({
    key: d.key,
    form: d.form === 'copy' ? ('copy' as const) : ('original' as const),
    count: d.count,
  }));
}

/** A complete intake of a procedure for the citizen: documents, fees as the catalogue says, seal, signatures. */
export async function completeIntake(
  w: ServicesWorld,
  code: string,
  service: 'send' | 'both' = 'both',
  extra: Partial<IntakeInput> = {},
): Promise<IntakeInput> {
  const proc = await w.procedure(code);
  const returns = service === 'both';
  return {
    procedure: code,
    service,
    citizen: CITIZEN,
    documents: allDocuments(proc),
    seal: 'NP-000123',
    fees: {
      agency: String(proc.agency_fee + proc.agency_charge),
      post: String(proc.send_tariff + (returns ? proc.return_tariff : 0n)),
    },
    signatures: { citizen: 'signature:cit-1', clerk: 'signature:clk-1' },
    ...extra,
  };
}

/** Where the clerk's intakes happen. */
export const atTill = (w: ServicesWorld) => ({
  office_id: w.o.a.id,
  clerk_id: CLERK,
  till_session_id: w.till,
});

/**
 * Takes a dossier's newest leg to its recipient on a postman's round at office a (the agency and the citizen
 * both live in Ba Đình): what the delivery cell does, after which the services cell follows it.
 */
export async function deliverLeg(
  platform: Platform,
  w: ServicesWorld,
  dossier: string,
  receiver: { name: string; cccd?: string },
): Promise<string> {
  await platform.sync();
  const d = await platform.services.dossiers.get(dossier);
  const item = d.legs.at(-1)!.item_id!;
  const round = await platform.delivery.rounds.open(
    { office: w.o.a.id, postman: POSTMAN, items: [item] },
    POSTMAN,
  );
  await platform.delivery.rounds.deliver(
    round.id,
    {
      item,
      recipient_name: receiver.name,
      signature: 'signature:rcv-1',
      ...(receiver.cccd === undefined ? {} : { receiver_cccd: receiver.cccd }),
    },
    POSTMAN,
  );
  await platform.delivery.rounds.close(round.id, 0, MANAGER);
  await platform.sync();
  return item;
}
