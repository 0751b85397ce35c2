import { describe, expect, it } from 'vitest';
import { consoleAs } from './pages/LoginPage';
import { PaymentsPage } from './pages/PaymentsPage';
import { WalletsPage } from './pages/WalletsPage';
import { DEMO, VIEWPORTS, callOnOwnSocket, useE2E } from './support/harness';

const e2e = useE2E();

const AMOUNT_RULE = 'Type an amount above zero with at most 2 decimal places, such as 20.00.';

describe('wallets and validation codes (F12)', () => {
  it('a supervisor creates a wallet, tops it up with a reason; bad amounts change nothing; an attendant only reads', async () => {
    const sam = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const wallets = new WalletsPage(sam.page);
    await wallets.open();
    expect(await wallets.rows()).toEqual([]);
    // The search field has the focus: the supervisor types straight away.
    expect(await sam.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('wallet-search');

    await wallets.startCreate('  ', 'A, WAL 123');
    expect(await wallets.fieldErrors()).toEqual(["Type the holder's name.", 'Give at least one plate of 2 to 10 letters and digits, with a comma between plates.']);
    await wallets.startCreate('Harbour Cafe Staff', 'WAL 123, kb07-osz');
    await expect.poll(() => wallets.done()).toBe('Wallet for Harbour Cafe Staff created. Top it up to use it.');
    expect(await wallets.rows()).toEqual(['Harbour Cafe Staff | KB07OSZ WAL123 | £0.00 | Active | Top up']);

    // ↑/↓ pick the row, Enter opens the top-up, Escape closes it; refused amounts never reach the kiosk.
    await sam.page.getByRole('region', { name: 'Wallets' }).focus();
    await sam.page.keyboard.press('ArrowDown');
    await sam.page.keyboard.press('Enter');
    await wallets.dialog.getByRole('heading', { name: 'Top up: Harbour Cafe Staff' }).waitFor();
    expect(await sam.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('top-up-amount');
    await wallets.startTopUp('Harbour Cafe Staff', '12.345', 'Prepaid by invoice 17');
    expect(await wallets.fieldErrors()).toEqual([AMOUNT_RULE]);
    await wallets.startTopUp('Harbour Cafe Staff', '-5', 'Prepaid by invoice 17');
    expect(await wallets.fieldErrors()).toEqual([AMOUNT_RULE]);
    await wallets.startTopUp('Harbour Cafe Staff', '20.00', '');
    expect(await wallets.fieldErrors()).toEqual(['Give a reason of at least 3 characters.']);
    await wallets.shot('wallets-top-up-refused');
    await sam.page.keyboard.press('Escape');
    await wallets.dialog.waitFor({ state: 'detached' });
    expect(sam.sent()).not.toContain('wallets.topUp');
    expect(await wallets.rows()).toEqual(['Harbour Cafe Staff | KB07OSZ WAL123 | £0.00 | Active | Top up']);

    await wallets.startTopUp('Harbour Cafe Staff', '20.00', 'Prepaid by invoice 17');
    await expect.poll(() => wallets.done()).toBe('Added £20.00 to Harbour Cafe Staff. Balance now £20.00.');
    // 0.07 is no exact binary fraction: the amount is read as text into 7 pence, never through a float.
    await wallets.startTopUp('Harbour Cafe Staff', '0.07', 'Coins left at the booth');
    await expect.poll(() => wallets.done()).toBe('Added £0.07 to Harbour Cafe Staff. Balance now £20.07.');
    expect(await wallets.rows()).toEqual(['Harbour Cafe Staff | KB07OSZ WAL123 | £20.07 | Active | Top up']);
    await wallets.startCreate('Quay Fleet', 'QF 1');
    await wallets.done();
    await wallets.shot('wallets-supervisor');

    expect(await wallets.search('cafe')).toBe('1 wallet');
    expect(await wallets.search('wal-123')).toBe('1 wallet');
    expect((await wallets.rows())[0]).toMatch(/^Harbour Cafe Staff \| .* \| £20\.07 \|/);
    expect(await wallets.search('nobody here')).toBe('No wallets found');
    expect(await wallets.search('')).toBe('2 wallets');

    const anna = await consoleAs(e2e.browser, e2e.kiosk.url, 'attendant');
    const booth = new WalletsPage(anna.page);
    await booth.open();
    expect(await new PaymentsPage(anna.page).tabs()).toEqual(['History', 'Wallets']);
    expect(await booth.rows()).toEqual(['Harbour Cafe Staff | KB07OSZ WAL123 | £20.07 | Active', 'Quay Fleet | QF1 | £0.00 | Active']);
    expect(await booth.changeButtons()).toEqual([]);
    await anna.page.getByTestId('wallets-read-only').waitFor();
    await booth.shot('wallets-attendant');
    const walletId = Number(await sam.page.getByTestId('wallets-table').locator('tbody tr').first().getAttribute('data-wallet'));
    expect(await callOnOwnSocket(anna.page, DEMO.attendant, 'wallets.topUp', { walletId, amountMinor: 500, reason: 'Cash at the booth' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await callOnOwnSocket(anna.page, DEMO.attendant, 'wallets.create', { holder: 'Sneaky', plates: ['XY12ABC'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await callOnOwnSocket(anna.page, DEMO.attendant, 'validations.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await booth.search('')).toBe('2 wallets');
    expect((await booth.rows())[0]).toBe('Harbour Cafe Staff | KB07OSZ WAL123 | £20.07 | Active');

    for (const c of [sam, anna]) {
      expect(c.errors).toEqual([]);
      await c.context.close();
    }
  }, 60_000);

  it('a supervisor creates a value-off code (a bad amount is refused) and sees it listed with its uses', async () => {
    const sam = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const codes = new PaymentsPage(sam.page);
    await codes.go('payments');
    await sam.page.getByRole('tab', { name: 'Validation codes' }).click();
    await sam.page.getByText('No validation codes yet.').waitFor();
    expect(await codes.createCode({ code: 'shop-250', merchant: 'Quay Shop', off: { amount: '2.505' }, uses: '5', days: '30' })).toBe(AMOUNT_RULE);
    expect(sam.sent()).not.toContain('validations.create');
    expect(await codes.createCode({ code: 'shop-250', merchant: 'Quay Shop', off: { amount: '2.50' }, uses: '5', days: '30' })).toBe('Code SHOP-250 created.');
    expect(await codes.createCode({ code: 'CAFE-60', merchant: 'Harbour Cafe', off: { minutes: '60' }, uses: '100', days: '7' })).toBe('Code CAFE-60 created.');
    const rows = await codes.codeRows();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^CAFE-60 \| Harbour Cafe \| 1 h 0 min \| 100 of 100 \| .+ to .+ \| Active$/);
    expect(rows[1]).toMatch(/^SHOP-250 \| Quay Shop \| £2\.50 \| 5 of 5 \| .+ to .+ \| Active$/);
    await codes.shot('validation-codes');

    const large = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor', VIEWPORTS.large);
    const wide = new PaymentsPage(large.page);
    await wide.openCodes();
    await wide.shot('validation-codes-large');
    const wideWallets = new WalletsPage(large.page);
    await wideWallets.open();
    await wideWallets.shot('wallets-large');
    await wideWallets.page.getByRole('button', { name: 'New wallet' }).click();
    await wideWallets.dialog.getByTestId('create-wallet-form').waitFor();
    await wideWallets.shot('wallets-create-large');

    for (const c of [sam, large]) {
      expect(c.errors).toEqual([]);
      await c.context.close();
    }
  }, 60_000);
});
