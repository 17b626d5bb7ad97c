// The demo's dossiers: the catalogue, each demo province's agency officer assigned to its ward's People's
// Committee, and at Hà Nội's first post office (01100) a dossier in every state a dossier can be in, each
// taken through the same commands staff use: intake at the office manager's till, the delivery cell's rounds to
// the agency and back, the agency's decisions.
import { readFileSync } from 'node:fs';
import type { Core } from '../cells/core/index.ts';
import type { Delivery } from '../cells/delivery/index.ts';
import { DENOMINATIONS, type Finance } from '../cells/finance/index.ts';
import {
  loadDemoCatalogue,
  type DossierState,
  type IntakeInput,
  type Procedure,
  type Services,
} from '../cells/services/index.ts';
import { createPeople, parseNames } from '../platform/people.ts';

/** The ward whose People's Committee takes the demo's dossiers (Ba Đình, served by 01100), and the others'. */
const WARDS: Record<string, string> = {
  '01': 'H01.UBND.X00004',
  '48': 'H48.UBND.X20242',
  '79': 'H79.UBND.X26740',
};
const OFFICE = '01100';
const ACTOR = 'system:demo';

/** The states the demo shows, in the order it makes them. */
export const DEMO_DOSSIER_STATES: readonly DossierState[] = [
  'incomplete',
  'accepted',
  'handed_over',
  'received',
  'needs_supplement',
  'supplementing',
  'extended',
  'suspended',
  'refused',
  'done',
  'awaiting_result',
  'result_collected',
  'result_delivered',
  'result_returned',
  'returned_to_citizen',
];

export interface DemoDossierDeps {
  core: Core;
  finance: Finance;
  delivery: Delivery;
  services: Services;
  /** The platform's background work: legs to delivery, its journal followed, fees into the ledger. */
  sync: () => Promise<unknown>;
  now: Date;
  namesFile: URL;
}

/** Loads the catalogue, assigns the agency officers, and makes the demo's dossiers (once: a catalogue there means done). */
export async function loadDemoDossiers(deps: DemoDossierDeps): Promise<Record<string, string>> {
  const { core, finance, delivery, services, sync } = deps;
  const catalogue = services.catalogue;
  if ((await catalogue.agencies({})).length > 0) return {};
  await loadDemoCatalogue(catalogue, ACTOR);
  for (const [pp, agency] of Object.entries(WARDS)) {
    const officer = await core.staff.findForSignIn(`hcc.${pp}`);
    if (officer !== undefined) await catalogue.assignOfficer(officer.id, agency, ACTOR);
  }
  const office = await core.offices.getByPostcode(OFFICE).catch(() => undefined);
  const manager = await core.staff.findForSignIn(`tbc.${OFFICE}`);
  const clerk = await core.staff.findForSignIn(`gdv.${OFFICE}`);
  const officer = await core.staff.findForSignIn('hcc.01');
  if (office === undefined || manager === undefined || clerk === undefined || officer === undefined)
    return {};

  // The office manager worked the counter this morning: his till holds the dossiers' fees.
  const opened = await finance.tills.open(
    {
      office_id: office.id,
      clerk_id: manager.id,
      clerk_name: manager.full_name,
      amount: '500000',
      denominations: { '500000': 1 },
    },
    manager.id,
  );
  await finance.tills.decideMove(opened.movement.id, { confirm: true }, clerk.id);
  const at = { office_id: office.id, clerk_id: manager.id, till_session_id: opened.session.id };
  const agency = { id: officer.id, agency: WARDS['01'] };
  const people = createPeople(parseNames(JSON.parse(readFileSync(deps.namesFile, 'utf8')) as unknown), {
    seed: 45,
    year: deps.now.getUTCFullYear(),
  });
  const dossiers = services.dossiers;
  const procedures = (await catalogue.search({ agency: WARDS['01'], limit: 50, offset: 0 })).items;
  const pick = (i: number): Procedure => procedures[i % procedures.length]!;

  const intake = async (i: number, service: 'send' | 'receive' | 'both', missing = 0): Promise<string> => {
    const p = pick(i);
    const person = people.next({ minAge: 20, maxAge: 80, province: '01' });
    const documents = p.documents.slice(0, p.documents.length - missing).map((d) => ({
      key: d.key,
      form: d.form === 'copy' ? ('copy' as const) : ('original' as const),
      count: d.count,
    }));
    const fees = {
      agency: String(service === 'receive' ? 0n : p.agency_fee + p.agency_charge),
      post: String(
        (service === 'receive' ? 0n : p.send_tariff) + (service === 'send' ? 0n : p.return_tariff),
      ),
    };
    const input: IntakeInput = {
      procedure: p.code,
      service,
      citizen: {
        name: person.full_name,
        cccd: person.cccd,
        phone: person.phone,
        address: `Số ${12 + i} phố Đội Cấn`,
        commune: '00004',
      },
      ...(service === 'receive'
        ? { agency_ref: `UBND-BD-2026-${String(400 + i).padStart(5, '0')}` }
        : { documents, seal: `NP${String(2026000 + i)}` }),
      ...(missing > 0
        ? {}
        : { fees, signatures: { citizen: `signature:demo-cit-${i}`, clerk: `signature:demo-clk-${i}` } }),
    };
    return (await dossiers.intake(input, at)).id;
  };

  /** Puts a dossier's newest leg on a round and delivers it (to the agency, or to the citizen with their CCCD). */
  const deliver = async (id: string, to: 'agency' | 'citizen') => {
    await sync();
    const d = await dossiers.get(id);
    const item = d.legs.at(-1)!.item_id!;
    const round = await delivery.rounds.open(
      { office: office.id, postman: manager.id, items: [item] },
      manager.id,
    );
    await delivery.rounds.deliver(
      round.id,
      {
        item,
        recipient_name: to === 'agency' ? 'Văn thư UBND phường Ba Đình' : d.citizen.name,
        signature: `signature:demo-${id}-${d.legs.length}`,
        ...(to === 'citizen' ? { receiver_cccd: d.citizen.cccd } : {}),
      },
      manager.id,
    );
    await delivery.rounds.close(round.id, 0, clerk.id);
    await sync();
  };
  /** Three failed attempts at the door: the item goes back to its sender. */
  const fail = async (id: string) => {
    await sync();
    const item = (await dossiers.get(id)).legs.at(-1)!.item_id!;
    for (let n = 0; n < 3; n++) {
      const round = await delivery.rounds.open(
        { office: office.id, postman: manager.id, items: [item] },
        manager.id,
      );
      await delivery.rounds.attempt(round.id, { item, reason: '11', action: n < 2 ? 'A' : 'C' }, manager.id);
      await delivery.rounds.close(round.id, 0, clerk.id);
    }
    await sync();
  };
  const decide = (id: string, status: string, reason?: string, day?: string) =>
    dossiers.decide(id, { status, reason: reason ?? null, appointment_day: day ?? null }, agency);
  const later = (days: number) =>
    new Date(deps.now.getTime() + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);

  const made: Record<string, string> = {};
  let n = 0;
  for (const state of DEMO_DOSSIER_STATES) {
    n++;
    if (state === 'incomplete') {
      made[state] = await intake(n, 'send', 1);
      continue;
    }
    if (state === 'awaiting_result') {
      made[state] = await intake(n, 'receive');
      continue;
    }
    const id = await intake(n, 'both');
    made[state] = id;
    if (state === 'accepted') continue;
    if (state === 'returned_to_citizen') {
      await fail(id);
      await deliver(id, 'citizen');
      continue;
    }
    await deliver(id, 'agency');
    if (state === 'handed_over') continue;
    await decide(id, 'received');
    if (state === 'received') continue;
    if (state === 'needs_supplement' || state === 'supplementing') {
      await decide(id, 'needs_supplement', 'Bản sao giấy tờ tùy thân bị mờ: đề nghị nộp bản sao rõ nét');
      if (state === 'supplementing') {
        const p = pick(n);
        const doc = p.documents.at(-1)!;
        await dossiers.supplement(
          id,
          {
            documents: [{ key: doc.key, form: doc.form === 'copy' ? 'copy' : 'original', count: doc.count }],
          },
          { office_id: office.id, clerk_id: manager.id },
        );
        await sync();
      }
      continue;
    }
    if (state === 'extended') {
      await decide(id, 'extended', 'Cần xác minh thông tin hộ tịch tại nơi đăng ký trước đây', later(30));
      continue;
    }
    if (state === 'suspended') {
      await decide(id, 'suspended', 'Tạm dừng theo yêu cầu của người nộp hồ sơ');
      continue;
    }
    if (state === 'refused') {
      await decide(id, 'refused', 'Người yêu cầu không thuộc thẩm quyền giải quyết của phường');
      continue;
    }
    await decide(id, 'done');
    if (state === 'done') continue;
    await dossiers.collectResult(id, { office_id: office.id, actor: manager.id });
    if (state === 'result_collected') {
      await sync();
      continue;
    }
    if (state === 'result_returned') {
      await fail(id);
      await deliver(id, 'agency');
      continue;
    }
    await deliver(id, 'citizen');
  }
  await sync();
  // And he cashed up at noon, the clerk confirming: no till of the demo's is left open to stand in the way of
  // the counter's own (the README's walk and the till's screens open his and the clerk's afresh).
  const cash = (await finance.tills.get(opened.session.id)).cash;
  await finance.tills.requestClose(opened.session.id, notesFor(cash), manager.id);
  await finance.tills.confirmClose(opened.session.id, { id: clerk.id, manager: false });
  return made;
}

/** An amount as the fewest notes that make it (every demo fee is a multiple of the smallest note). */
function notesFor(amount: bigint): { amount: string; denominations: Record<string, number> } {
  const denominations: Record<string, number> = {};
  let left = amount;
  for (const note of [...DENOMINATIONS].reverse()) {
    const n = left / BigInt(note);
    if (n > 0n) denominations[String(note)] = Number(n);
    left -= n * BigInt(note);
  }
  if (left !== 0n) throw new Error(`the demo till's ${amount} đồng cannot be made of notes`);
  return { amount: amount.toString(), denominations };
}
