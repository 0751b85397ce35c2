import { describe, expect, it } from 'vitest';
import { DriversPage } from './pages/DriversPage';
import { consoleAs } from './pages/LoginPage';
import { DEMO, callOnOwnSocket, downloadedText, useE2E } from './support/harness';

const e2e = useE2E();

describe('drivers (Shift+F2)', () => {
  it('an attendant registers a driver from the keyboard, finds them by a misread plate, edits them and meets a version conflict', async () => {
    const anna = await consoleAs(e2e.browser, e2e.kiosk.url, 'attendant');
    const drivers = new DriversPage(anna.page);
    await drivers.open();
    expect(await drivers.focused()).toBe('driver-search');

    await drivers.register({ name: 'Jane Example', phone: '+44 7700 900123', email: 'jane@example.com', sms: true, plate: 'JE12 XMP', wallet: true });
    await expect.poll(() => drivers.done()).toBe('Driver Jane Example registered.');
    await drivers.profile.waitFor();
    // The next step after registering is booking a space for them.
    expect(await drivers.focused()).toBe('Book a space for this driver');
    expect(await drivers.profile.getByTestId('driver-vehicles').locator('li').allInnerTexts()).toEqual([expect.stringMatching(/^JE12 XMP\s+Car\s+Remove$/)]);
    expect(await drivers.profile.getByTestId('wallet-balance').innerText()).toBe('Balance £0.00');
    await drivers.shot('drivers-registered');

    // A plate read with 0 for O and a missing letter still finds her; the list has the focus: Enter opens.
    expect(await drivers.search('JE12 XM')).toEqual([expect.stringMatching(/^Jane Example \| \+447700900123 · jane@example\.com \| JE12 XMP \| \d+%$/)]);
    expect(await drivers.focused()).toBe('driver-list');
    await anna.page.keyboard.press('Enter');
    await drivers.profile.waitFor();

    // Edit: Enter in a field saves against the version read.
    const edit = drivers.profile.getByTestId('edit-driver');
    await edit.getByLabel('Notes').fill('Blue hatchback, monthly');
    await edit.getByLabel('Notes').press('Enter');
    await expect.poll(() => drivers.done()).toBe('Driver Jane Example saved.');
    await drivers.profile.locator('[data-testid="edit-driver"][data-version="2"]').waitFor();

    // Another console saves meanwhile: this save is refused, the typing stays, Reload shows theirs.
    const id = Number(await drivers.profile.getAttribute('data-driver'));
    expect(await callOnOwnSocket(anna.page, DEMO.attendant, 'drivers.update', { id, version: 2, name: 'Jane Q. Example', phone: '+447700900123', email: 'jane@example.com', smsConsent: true, notes: '' })).toMatchObject({ ok: true });
    await edit.getByLabel('Email').fill('jane.example@example.com');
    await edit.getByLabel('Email').press('Enter');
    await drivers.profile.getByTestId('driver-conflict').waitFor();
    expect(await drivers.profile.getByTestId('driver-conflict').innerText()).toContain('Someone else changed this driver while you were editing');
    expect(await edit.getByLabel('Email').inputValue()).toBe('jane.example@example.com');
    await drivers.shot('drivers-conflict');
    await drivers.profile.getByRole('button', { name: 'Reload their record' }).click();
    await drivers.profile.locator('[data-testid="edit-driver"][data-version="3"]').waitFor();
    expect(await drivers.profile.getByTestId('edit-driver').getByLabel('Name').inputValue()).toBe('Jane Q. Example');

    // A second vehicle; the wallet link opens Payments › Wallets on her wallet.
    const add = drivers.profile.getByTestId('add-vehicle');
    await add.getByLabel('Plate').fill('JE34 VAN');
    await add.getByLabel('Vehicle class').selectOption('van');
    await add.getByLabel('Plate').press('Enter');
    await expect.poll(() => drivers.done()).toBe('Vehicle JE34 VAN added.');
    expect(await drivers.profile.getByTestId('driver-privacy').count()).toBe(0);
    expect(await drivers.profile.innerText()).toContain('A supervisor exports or erases');
    await drivers.profile.getByRole('button', { name: 'Open in Payments › Wallets' }).click();
    await anna.page.locator('[data-testid="wallets-table"] tbody tr').first().waitFor();
    expect(await drivers.tableRows('wallets-table')).toEqual([`driver ${id} | JE12XMP JE34VAN | £0.00 | Active`]);

    expect(anna.errors).toEqual([]);
    await anna.context.close();
  }, 60_000);

  it('a supervisor exports a driver as JSON and erases them with a reason (an erased driver is found no more)', async () => {
    const sam = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const created = (await callOnOwnSocket(sam.page, DEMO.supervisor, 'drivers.create', { name: 'Erin Erase', phone: '+447700900555', vehicles: [{ plate: 'ER45 ASE', vehicleClass: 'car' }], withWallet: false })) as { ok: boolean; value?: { driver: { id: number } } };
    const id = created.value!.driver.id;
    const drivers = new DriversPage(sam.page);
    await drivers.open();
    await drivers.search('Erin');
    await sam.page.keyboard.press('Enter');
    await drivers.profile.getByTestId('driver-privacy').waitFor();

    const download = sam.page.waitForEvent('download');
    await drivers.profile.getByRole('button', { name: 'Export data (JSON)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(new RegExp(`^driver-${id}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const exported = JSON.parse(await downloadedText(file)) as Record<string, unknown>;
    expect(JSON.stringify(exported)).toContain('ER45 ASE');

    await drivers.profile.getByRole('button', { name: 'Erase driver…' }).click();
    const dialog = drivers.dialog;
    await dialog.getByTestId('erase-driver').waitFor();
    expect(await dialog.innerText()).toContain('This cannot be undone');
    await dialog.getByLabel('Reason').fill('ok');
    await dialog.getByLabel('Reason').press('Enter');
    expect(await dialog.locator('.field-error[role="alert"]').innerText()).toBe('Give a reason of at least 3 characters.');
    await drivers.shot('drivers-erase');
    await dialog.getByLabel('Reason').fill('Driver’s erasure request');
    await dialog.getByLabel('Reason').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => drivers.done()).toBe(`Driver ${id} erased.`);
    expect(await drivers.profile.innerText()).toContain(`Erased driver ${id}`);
    expect(await drivers.search('ER45 ASE')).toEqual([]);
    await drivers.shot('drivers-erased');

    expect(sam.errors).toEqual([]);
    await sam.context.close();
  }, 60_000);

  it('a supervisor merges the online record of a driver into the booth one: found, picked from the keyboard, vehicles moved', async () => {
    const sam = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const create = async (name: string, plate: string) => ((await callOnOwnSocket(sam.page, DEMO.supervisor, 'drivers.create', { name, vehicles: [{ plate, vehicleClass: 'car' }], withWallet: false })) as { ok: boolean; value?: { driver: { id: number } } }).value!.driver.id;
    const booth = await create('Mia Merge', 'MM11 AAA');
    const online = await create('Mia Merge Online', 'MM22 BBB');
    const drivers = new DriversPage(sam.page);
    await drivers.open();
    await drivers.search('MM11 AAA');
    await sam.page.keyboard.press('Enter');
    await drivers.profile.getByTestId('driver-privacy').waitFor();
    await drivers.profile.getByRole('button', { name: 'Merge another record…' }).click();
    const dialog = drivers.dialog;
    await dialog.getByTestId('merge-driver').waitFor();
    expect(await drivers.focused()).toBe('merge-search');
    await sam.page.keyboard.type('MM22 BBB');
    await dialog.locator(`label[data-driver="${online}"]`).waitFor();
    await sam.page.keyboard.press('Tab');
    await sam.page.keyboard.press('Space');
    expect(await dialog.locator('input[name="merge-from"]:checked').getAttribute('value')).toBe(String(online));
    await dialog.getByLabel('Reason').fill('Registered online and at the booth');
    await drivers.shot('drivers-merge');
    await dialog.getByLabel('Reason').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => drivers.done()).toBe(`Driver ${online} merged into driver ${booth}.`);
    await expect.poll(async () => (await drivers.profile.innerText()).includes('MM22 BBB')).toBe(true);
    await drivers.shot('drivers-merged');
    expect(sam.errors).toEqual([]);
    await sam.context.close();
  }, 60_000);
});
