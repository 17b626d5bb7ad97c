// Test support for the delivery cell: a platform with a small network across two regions, a clerk's till
// open at the Hà Nội office, and the fixtures the tests share.
import assert from 'node:assert/strict';
import { openPlatform, type Platform, type PlatformOptions } from '../../app.ts';
import type { Clock } from '../../platform/clock.ts';
import { testPlace, type TestPlace } from '../../storage/testing.ts';
import type { Dialect } from '../../storage/index.ts';
import { fillVault, openTestHierarchy, openTestOffice, testConfig } from '../../testing-base.ts';
import type { Office } from '../core/index.ts';
import type { AcceptInput } from './index.ts';

export const CLERK = 'stf_0190aaaaaaaaaaaaaaaaaaaaaaaaaaaa';
export const MANAGER = 'stf_0190bbbbbbbbbbbbbbbbbbbbbbbbbbbb';
export const POSTMAN = 'stf_0190cccccccccccccccccccccccccccc';
export const B_MANAGER = 'stf_0190dddddddddddddddddddddddddddd';
export const B_CLERK = 'stf_0190eeeeeeeeeeeeeeeeeeeeeeeeeeee';

/** An EMS parcel from Hà Nội (Ba Đình) to TP. Hồ Chí Minh (Thủ Dầu Một) with 450,000 ₫ to collect. */
export const PARCEL: AcceptInput = {
  service: 'ems',
  sender: { name: 'Trần Thị Mai', phone: '0912345678', address: 'Số 12 Đội Cấn', commune: '00004' },
  recipient: { name: 'Lê Văn Hùng', phone: '0987654321', address: 'Số 45 Yersin', commune: '25747' },
  weight_g: 1200,
  length_cm: 30,
  width_cm: 20,
  height_cm: 10,
  cod_amount: '450000',
};

export interface DeliveryWorld {
  place: TestPlace;
  platform: Platform;
  /** a: Ba Đình post office; scHn, scHcm: sorting centres; hcm: the provincial post; b: Thủ Dầu Một post office. */
  o: Record<'a' | 'scHn' | 'hcm' | 'scHcm' | 'b', Office>;
  /** The clerk's open till at office a. */
  till: string;
  close(): Promise<void>;
}

/** Opens a platform with the network, a filled vault and the clerk's till open at office a. */
export async function openDeliveryWorld(
  dialect: Dialect,
  clock: Clock,
  options: Omit<PlatformOptions, 'clock'> = {},
): Promise<DeliveryWorld> {
  const place = testPlace(dialect);
  const platform = await openPlatform(testConfig(place), { ...options, clock });
  const o = {} as DeliveryWorld['o'];
  const open = async (
    key: keyof DeliveryWorld['o'],
    type: string,
    name: string,
    postcode: string,
    commune: string,
    parent: string,
  ) => {
    o[key] = await openTestOffice(platform.core, type, name, postcode, commune, parent);
  };
  const { corporation, hanoi } = await openTestHierarchy(platform.core);
  await open('a', 'post_office', 'Bưu cục Ba Đình', '11100', '00004', hanoi.id);
  await open('scHn', 'sorting_centre', 'Trung tâm khai thác Hà Nội', '10900', '00008', corporation.id);
  await open('hcm', 'provincial_post', 'Bưu điện TP. Hồ Chí Minh', '79000', '25747', corporation.id);
  await open(
    'scHcm',
    'sorting_centre',
    'Trung tâm khai thác TP. Hồ Chí Minh',
    '79900',
    '25750',
    corporation.id,
  );
  await open('b', 'post_office', 'Bưu cục Thủ Dầu Một', '79100', '25747', o.hcm.id);
  await platform.sync();
  await fillVault(platform.finance, o.a.id, 10_000_000n);
  const till = await openTill(platform, {
    office: o.a.id,
    clerk: CLERK,
    name: 'Nguyễn Thu Hà',
    checker: MANAGER,
  });
  return {
    place,
    platform,
    o,
    till,
    async close() {
      await platform.close();
      await place.remove();
    },
  };
}

/** Asserts that a command is refused with this code; the handler is attached before anything else runs. */
export async function refused(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (err: { code?: string }) => {
    assert.equal(err.code, code);
    return true;
  });
}

/** Carries items (lying at `from`) along the legs given, in one bag per leg. */
export async function carry(
  platform: Platform,
  items: string[],
  legs: ReadonlyArray<readonly [Office, Office]>,
  actor: string,
): Promise<void> {
  const t = platform.delivery.transport;
  for (const [from, to] of legs) {
    const bag = await t.closeBag({ office: from.id, destination: to.id, items }, actor);
    await t.dispatch({ office: from.id, destination: to.id, bags: [bag.id] }, actor);
    await t.receiveBag(bag.id, to.id, actor);
  }
}

/** The delivery journal's head: what a refused command must leave unchanged. */
export async function deliveryHead(platform: Platform): Promise<bigint> {
  return (await platform.cells.find((c) => c.definition.name === 'delivery')!.journal.head()).seq;
}

/** An account's posted debits less posted credits. */
export async function balanceOf(platform: Platform, id: string): Promise<bigint> {
  const a = await platform.finance.ledger.getAccount(id);
  return a.debits_posted - a.credits_posted;
}

/**
 * Opens a clerk's till at an office with a float of 500,000 ₫ notes from the vault (which must hold them),
 * confirmed by a second person: the session id.
 */
export async function openTill(
  platform: Platform,
  t: { office: string; clerk: string; name: string; checker: string; notes?: number },
): Promise<string> {
  const notes = t.notes ?? 1;
  const opened = await platform.finance.tills.open(
    {
      office_id: t.office,
      clerk_id: t.clerk,
      clerk_name: t.name,
      amount: String(notes * 500_000),
      denominations: { '500000': notes },
    },
    t.clerk,
  );
  await platform.finance.tills.decideMove(opened.movement.id, { confirm: true }, t.checker);
  return opened.session.id;
}
