// Administrative agencies' fees in the finance cell, on both dialects: finance follows a services journal (a
// stand-in cell journaling `services.fees.taken` as the services cell does) exactly once, remits what each
// office owes an agency, states it, and verify catches a collection or a transfer edited by hand.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import {
  createConsumer,
  createJournal,
  defineEvent,
  journalMigrations,
  requestKey,
  verifyCell,
  type CellDefinition,
  type Journal,
  type JournalTables,
} from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { migrateCell } from '../../../storage/index.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import {
  accountId,
  financeInvariants,
  ledgerInvariants,
  openCashedTill,
  servicesConsumer,
  TRANSFER_CODES,
} from '../index.ts';
import { openOfficeAccounts, openTestFinance, type TestFinance } from '../testing.ts';

const BA_DINH = 'ofc_0190aaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const TAY_HO = 'ofc_0190bbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const LAN = 'stf_lan';
const MAI = 'stf_mai';
const MANAGER = 'stf_manager';
/** Sở Tư pháp Hà Nội and UBND phường Ba Đình, as the services catalogue codes them. */
const SO_TU_PHAP = '000.00.16.H26';
const UBND_BA_DINH = '000.01.20.H26';

// The services journal as finance sees it: one event type with the contract's payload, nothing projected.
const feesTakenSchema = z.strictObject({
  dossier: z.string(),
  office: z.string(),
  clerk: z.string(),
  till_session_id: z.string(),
  agency: z.string(),
  agency_name: z.string(),
  agency_amount: z.string(),
  post_amount: z.string(),
});
const feesTaken = defineEvent<JournalTables, typeof feesTakenSchema>({
  type: 'services.fees.taken',
  schema: feesTakenSchema,
  apply: () => Promise.resolve(),
});
const servicesStandIn: CellDefinition = {
  name: 'services',
  migrations: journalMigrations,
  events: [feesTaken],
  projections: [],
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`administrative agencies' fees in finance, ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-07T02:00:00.000Z');
    let f: TestFinance;
    let services: Journal<JournalTables>;
    const tills: Record<string, string> = {};

    before(async () => {
      f = await openTestFinance(dialect, clock);
      await openOfficeAccounts(f.finance, [
        [BA_DINH, 'Bưu cục Ba Đình'],
        [TAY_HO, 'Bưu cục Tây Hồ'],
      ]);
      tills[BA_DINH] = await openCashedTill(
        f.finance,
        { office_id: BA_DINH, clerk_id: LAN, clerk_name: 'Lan', manager_id: MANAGER, notes: 2n },
        'system:test',
      );
      tills[TAY_HO] = await openCashedTill(
        f.finance,
        {
          office_id: TAY_HO,
          clerk_id: MAI,
          clerk_name: 'Mai',
          manager_id: MANAGER,
          notes: 2n,
          cash_in_id: `cash-in:${TAY_HO}`,
        },
        'system:test',
      );
      const cell = await f.t.storage.openCell<JournalTables>('services');
      await migrateCell(cell, servicesStandIn.migrations);
      services = createJournal({ cell: servicesStandIn, db: cell.db, clock });
    });
    after(async () => {
      await f.t.cleanup();
    });

    const take = (
      dossier: string,
      office: string,
      agency: string,
      agencyAmount: bigint,
      postAmount: bigint,
      name = agency === SO_TU_PHAP ? 'Sở Tư pháp Hà Nội' : 'UBND phường Ba Đình',
    ) =>
      services.transaction(async (trx) => {
        await services.append(trx, feesTaken, {
          stream: dossier,
          actor: office === BA_DINH ? LAN : MAI,
          office,
          payload: {
            dossier,
            office,
            clerk: office === BA_DINH ? LAN : MAI,
            till_session_id: tills[office]!,
            agency,
            agency_name: name,
            agency_amount: agencyAmount.toString(),
            post_amount: postAmount.toString(),
          },
        });
      });
    const handle = () => servicesConsumer({ journal: f.journal, ledger: f.finance.ledger });
    const follower = () => createConsumer({ source: services, target: f.journal, clock, handle: handle() });
    const account = async (id: string) => {
      const a = await f.finance.ledger.getAccount(id);
      return { debit: a.debits_posted - a.credits_posted, credit: a.credits_posted - a.debits_posted };
    };
    const till = async (office: string, clerk: string) =>
      (await account(accountId(office, 'till_cash', clerk))).debit;
    const payable = async (office: string, agency: string) =>
      (await account(accountId(office, 'agency_payable', agency))).credit;
    const refused = (p: Promise<unknown>, code: string, field?: string) =>
      assert.rejects(p, (err: unknown) => {
        assert.ok(isDomainError(err), String(err));
        assert.equal(err.code, code, err.message);
        assert.ok(err.messageVi.length > 0);
        if (field !== undefined) assert.equal(err.details?.['field'], field);
        return true;
      });
    const verify = () => verifyCell({ cell: f.definition, db: f.cell.db, storage: f.t.storage, clock });

    test('fees taken at intake move from the clerk’s till to the agency and the post’s revenue, once', async () => {
      const lanBefore = await till(BA_DINH, LAN);
      const maiBefore = await till(TAY_HO, MAI);
      await take('HS2612070001', BA_DINH, SO_TU_PHAP, 50_000n, 30_000n);
      await take('HS2612070002', TAY_HO, SO_TU_PHAP, 100_000n, 0n);
      // A procedure without lệ phí: only the post's tariff moves, and no collection is owed to anyone.
      await take('HS2612070003', BA_DINH, UBND_BA_DINH, 0n, 25_000n);
      assert.equal(await follower().drain(), 3);

      assert.equal((await till(BA_DINH, LAN)) - lanBefore, 105_000n);
      assert.equal((await till(TAY_HO, MAI)) - maiBefore, 100_000n);
      assert.equal(await payable(BA_DINH, SO_TU_PHAP), 50_000n);
      assert.equal(await payable(TAY_HO, SO_TU_PHAP), 100_000n);
      assert.equal((await account(accountId(BA_DINH, 'fee_revenue'))).credit, 55_000n);
      assert.equal((await account(accountId(TAY_HO, 'fee_revenue'))).credit, 0n);
      await assert.rejects(f.finance.ledger.getAccount(accountId(BA_DINH, 'agency_payable', UBND_BA_DINH)));
      const opened = await f.finance.ledger.getAccount(accountId(TAY_HO, 'agency_payable', SO_TU_PHAP));
      assert.equal(
        opened.name,
        'Phí, lệ phí thu hộ cơ quan hành chính phải trả — Sở Tư pháp Hà Nội — Bưu cục Tây Hồ',
      );
      assert.deepEqual(opened.flags, ['debits_must_not_exceed_credits']);
      assert.equal(
        (await f.finance.ledger.getTransfer('dsa:HS2612070001')).code,
        TRANSFER_CODES.agency_fee_collected,
      );
      assert.equal((await f.finance.ledger.getTransfer('dsf:HS2612070001')).code, TRANSFER_CODES.dossier_fee);
      await assert.rejects(f.finance.ledger.getTransfer('dsf:HS2612070002'), 'a zero tariff is no transfer');
      await assert.rejects(f.finance.ledger.getTransfer('dsa:HS2612070003'), 'a zero fee is no transfer');

      // The clerk's till shows the post's tariffs among its fees.
      const takings = (await f.finance.reports.tillReport(tills[BA_DINH]!)).takings;
      assert.deepEqual(
        takings.find((k) => k.kind === 'fee'),
        { kind: 'fee', count: 2, cash_in: 55_000n, cash_out: 0n },
      );
      const c = await f.finance.agencies.collection('HS2612070001');
      assert.equal(c?.amount, 50_000n);
      assert.equal(c?.office_id, BA_DINH);
      assert.equal(c?.agency_code, SO_TU_PHAP);
      assert.equal(c?.till_session_id, tills[BA_DINH]);
      assert.equal(c?.remittance_id, null);
      assert.equal(await f.finance.agencies.collection('HS2612070003'), undefined);

      // A consumer that lost its place is sent everything again; and the handler run twice on one event.
      const head = (await f.journal.head()).seq;
      const resending = createConsumer({
        source: { cell: 'services', readAfter: (_after, limit) => services.readAfter(0n, limit) },
        target: f.journal,
        clock,
        handle: handle(),
      });
      assert.equal(await resending.drain(), 0);
      const again = handle();
      for (const e of await services.readAfter(0n, 10))
        await f.journal.transaction(async (trx) => {
          await again(trx, e);
        });
      assert.equal((await f.journal.head()).seq, head, 'nothing journaled twice');
      assert.equal(await payable(BA_DINH, SO_TU_PHAP), 50_000n);
      assert.equal((await account(accountId(BA_DINH, 'fee_revenue'))).credit, 55_000n);
      assert.equal((await till(BA_DINH, LAN)) - lanBefore, 105_000n);

      assert.deepEqual(await ledgerInvariants(f.cell.db), [], 'debits equal credits');
      assert.deepEqual(await financeInvariants(f.cell.db), []);
      const report = await verify();
      assert.equal(report.ok, true, JSON.stringify(report.failures));
    });

    test('bad requests are refused by name and change nothing', async () => {
      const head = (await f.journal.head()).seq;
      const agencies = f.finance.agencies;
      await refused(
        agencies.remit({ agency: 'Sở:1', through: '2026-12-07' }, MANAGER),
        'agency_not_found',
        'agency',
      );
      await refused(
        agencies.remit({ agency: 'G99.999', through: '2026-12-07' }, MANAGER),
        'agency_not_found',
        'agency',
      );
      await refused(
        agencies.remit({ agency: SO_TU_PHAP, through: '2026-02-30' }, MANAGER),
        'invalid_day',
        'through',
      );
      await refused(
        agencies.remit({ agency: SO_TU_PHAP, through: 'hôm nay' }, MANAGER),
        'invalid_day',
        'through',
      );
      // Fees taken on the 7th are not owed through the 6th (Vietnam days).
      await refused(
        agencies.remit({ agency: SO_TU_PHAP, through: '2026-12-06' }, MANAGER),
        'nothing_to_remit',
      );
      await refused(agencies.statement('G99.999', '2026-12-01', '2026-12-31'), 'agency_not_found');
      await refused(agencies.statement(SO_TU_PHAP, '2026-12-31', '2026-12-01'), 'invalid_day', 'to');
      await refused(agencies.offices('G99.999'), 'agency_not_found');
      assert.equal((await f.journal.head()).seq, head);
    });

    test('an agency is paid what each office owes, once per request, and its statement balances', async () => {
      const agencies = f.finance.agencies;
      assert.deepEqual(await agencies.offices(SO_TU_PHAP), [BA_DINH, TAY_HO].sort());
      const key = requestKey('stf_manager agency remit', 'k-1', { agency: SO_TU_PHAP, office: TAY_HO });
      const first = await agencies.remit(
        { agency: SO_TU_PHAP, through: '2026-12-07', office: TAY_HO },
        MANAGER,
        key,
      );
      assert.equal(first.total, 100_000n);
      assert.equal(first.office_id, TAY_HO);
      assert.deepEqual(first.dossiers, ['HS2612070002']);
      const retried = await agencies.remit(
        { agency: SO_TU_PHAP, through: '2026-12-07', office: TAY_HO },
        MANAGER,
        key,
      );
      assert.equal(retried.id, first.id);
      assert.deepEqual(retried.dossiers, first.dossiers);
      assert.equal(await payable(TAY_HO, SO_TU_PHAP), 0n);
      assert.equal(await payable(BA_DINH, SO_TU_PHAP), 50_000n, 'the other office still owes its part');
      assert.equal((await f.finance.ledger.getTransfer(`dsr:${first.id}:${TAY_HO}`)).amount, 100_000n);
      await refused(
        agencies.remit({ agency: SO_TU_PHAP, through: '2026-12-07', office: TAY_HO }, MANAGER),
        'nothing_to_remit',
      );

      clock.advance(3_600_000);
      await take('HS2612070004', BA_DINH, SO_TU_PHAP, 20_000n, 15_000n);
      assert.equal(await follower().drain(), 1);
      const rest = await agencies.remit({ agency: SO_TU_PHAP, through: '2026-12-07' }, MANAGER);
      assert.equal(rest.total, 70_000n);
      assert.equal(rest.office_id, null);
      assert.deepEqual(rest.dossiers, ['HS2612070001', 'HS2612070004']);
      assert.equal(await payable(BA_DINH, SO_TU_PHAP), 0n);
      assert.equal((await account(accountId(BA_DINH, 'settlement'))).credit > 0n, true);
      await refused(
        agencies.remit({ agency: SO_TU_PHAP, through: '2026-12-07' }, MANAGER),
        'nothing_to_remit',
      );

      const s = await agencies.statement(SO_TU_PHAP, '2026-12-01', '2026-12-31');
      assert.equal(s.agency_name, 'Sở Tư pháp Hà Nội');
      assert.equal(s.collections.length, 3);
      assert.equal(s.collected, 170_000n);
      assert.equal(s.remitted, 170_000n);
      assert.equal(s.outstanding, 0n);
      assert.deepEqual(s.remittances.map((r) => r.id).sort(), [first.id, rest.id].sort());
      const atTayHo = await agencies.statement(SO_TU_PHAP, '2026-12-07', '2026-12-07', TAY_HO);
      assert.equal(atTayHo.collected, 100_000n);
      assert.deepEqual(
        atTayHo.remittances.map((r) => r.id),
        [first.id],
      );
      const before = await agencies.statement(SO_TU_PHAP, '2026-11-01', '2026-11-30');
      assert.equal(before.collections.length, 0);
      assert.equal(before.collected, 0n);

      // Fees taken and not yet paid show as outstanding.
      await take('HS2612070005', TAY_HO, SO_TU_PHAP, 40_000n, 10_000n);
      assert.equal(await follower().drain(), 1);
      const owed = await agencies.statement(SO_TU_PHAP, '2026-12-07', '2026-12-07');
      assert.equal(owed.outstanding, 40_000n);
      assert.equal(owed.collected, 210_000n);
      // What a restore report states of it.
      assert.deepEqual((await f.definition.summary!(f.cell.db))['agencies'], {
        collected: '4',
        collected_amount: '210000',
        remittances: '2',
        remitted_amount: '170000',
      });

      assert.deepEqual(await ledgerInvariants(f.cell.db), []);
      assert.deepEqual(await financeInvariants(f.cell.db), []);
      const report = await verify();
      assert.equal(report.ok, true, JSON.stringify(report.failures));
    });

    test('an edited collection or transfer fails the invariants and verify', async () => {
      const db = f.cell.db;
      const edit = async (run: () => Promise<unknown>, undo: () => Promise<unknown>, pattern: RegExp) => {
        await run();
        try {
          const found = await financeInvariants(db);
          assert.ok(
            found.some((x) => pattern.test(x)),
            JSON.stringify(found),
          );
          const report = await verify();
          assert.equal(report.ok, false);
        } finally {
          await undo();
        }
        assert.deepEqual(await financeInvariants(db), []);
      };
      // An amount edited in the collection table (outstanding, so the account no longer matches it).
      await edit(
        () =>
          db
            .updateTable('agency_collection')
            .set({ amount: 400_000n })
            .where('dossier_id', '=', 'HS2612070005')
            .execute(),
        () =>
          db
            .updateTable('agency_collection')
            .set({ amount: 40_000n })
            .where('dossier_id', '=', 'HS2612070005')
            .execute(),
        /agency 000\.00\.16\.H26.*holds 40\.000 ₫.* come to 400\.000 ₫/,
      );
      // The same for a remitted one: its remittance and its transfer no longer agree with it.
      await edit(
        () =>
          db
            .updateTable('agency_collection')
            .set({ amount: 1n })
            .where('dossier_id', '=', 'HS2612070001')
            .execute(),
        () =>
          db
            .updateTable('agency_collection')
            .set({ amount: 50_000n })
            .where('dossier_id', '=', 'HS2612070001')
            .execute(),
        /collection of dossier HS2612070001 .* does not match its transfer dsa:HS2612070001/,
      );
      // A transfer edited: the collection's transfer says another amount.
      await edit(
        () =>
          db
            .updateTable('ledger_transfer')
            .set({ amount: 39_000n })
            .where('id', '=', 'dsa:HS2612070005')
            .execute(),
        () =>
          db
            .updateTable('ledger_transfer')
            .set({ amount: 40_000n })
            .where('id', '=', 'dsa:HS2612070005')
            .execute(),
        /does not match its transfer dsa:HS2612070005/,
      );
      // A collection marked paid by hand: the account still holds it.
      await edit(
        () =>
          db
            .updateTable('agency_collection')
            .set({ remittance_id: 'agr_x' })
            .where('dossier_id', '=', 'HS2612070005')
            .execute(),
        () =>
          db
            .updateTable('agency_collection')
            .set({ remittance_id: null })
            .where('dossier_id', '=', 'HS2612070005')
            .execute(),
        /remittance agr_x, which does not exist/,
      );
      // A collection deleted: the account holds what nothing owes.
      const row = await db
        .selectFrom('agency_collection')
        .selectAll()
        .where('dossier_id', '=', 'HS2612070005')
        .executeTakeFirstOrThrow();
      await edit(
        () => db.deleteFrom('agency_collection').where('dossier_id', '=', 'HS2612070005').execute(),
        () => db.insertInto('agency_collection').values(row).execute(),
        /holds 40\.000 ₫ but its collections there less remittances come to 0 ₫/,
      );
      assert.equal((await verify()).ok, true);
    });

    test('an intake whose transfer id was taken is journaled as refused, not owed; the tariff still lands', async () => {
      await f.finance.ledger.createTransfers(
        [
          {
            id: 'dsa:HS2612070009',
            debit_account_id: accountId(BA_DINH, 'vault_cash'),
            credit_account_id: accountId(BA_DINH, 'settlement'),
            amount: 1n,
            code: TRANSFER_CODES.manual,
          },
        ],
        'stf_intruder',
      );
      await take('HS2612070009', BA_DINH, SO_TU_PHAP, 60_000n, 20_000n);
      assert.equal(await follower().drain(), 1);
      assert.equal(await f.finance.agencies.collection('HS2612070009'), undefined);
      assert.equal((await f.finance.ledger.getTransfer('dsf:HS2612070009')).amount, 20_000n);
      const found = await financeInvariants(f.cell.db);
      assert.ok(
        found.some((x) => /dsa:HS2612070009 .*from services event/.test(x)),
        JSON.stringify(found),
      );
      // Sent again, it is not refused (nor alerted) twice.
      const refusals = async () =>
        (
          await f.cell.db
            .selectFrom('ledger_refusal')
            .select('seq')
            .where('transfer_id', '=', 'dsa:HS2612070009')
            .execute()
        ).length;
      assert.equal(await refusals(), 1);
      const last = (await services.readAfter(0n, 100)).at(-1)!;
      const again = handle();
      await f.journal.transaction(async (trx) => {
        await again(trx, last);
      });
      assert.equal(await refusals(), 1);
      assert.deepEqual(await ledgerInvariants(f.cell.db), []);
    });
  });
}
