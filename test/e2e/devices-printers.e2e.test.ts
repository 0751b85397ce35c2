import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EscPosPrinterSimulator, servePrinterTcp, type HostedPrinter } from '../../native/printer';
import { DashboardPage } from './pages/DashboardPage';
import { DevicesPage } from './pages/DevicesPage';
import { consoleAs } from './pages/LoginPage';
import { useE2E, VIEWPORTS } from './support/harness';

// The real kiosk (its demo booth printer simulated inside it) and a network printer: the ESC/POS simulator on a real
// TCP port of this machine, which the kiosk reaches through its real driver once the admin has added it.
const e2e = useE2E();
const simulator = new EscPosPrinterSimulator();
let hosted: HostedPrinter;
beforeAll(async () => {
  hosted = await servePrinterTcp(simulator);
});
afterAll(async () => hosted.close());

describe('receipt printers on the devices screen (admin) and their test print', () => {
  it('adds a network printer from the keyboard, refusing a bad host and port by field, sees it healthy and prints a test slip', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'admin', VIEWPORTS.small);
    const devices = new DevicesPage(c.page);
    await devices.openByKey();
    expect(await devices.printerIds()).toEqual(['booth-printer']);

    await devices.newPrinterByKeyboard();
    // The id field has the focus: the form is filled from the keyboard, Tab from field to field.
    await c.page.keyboard.type('out1-printer');
    await devices.fillPrinter({ serves: 'Exit 1 (Harbour St)', transport: 'tcp', host: 'printer one', port: '70000' });
    await devices.saveWith(devices.printerEditor, 'New hardware installed');
    await expect.poll(() => devices.printerFieldError('Host or IP address')).toMatch(/not a host name or IP address/);
    await expect.poll(() => devices.printerFieldError('Port')).toBe('the port is 1..65535');
    expect(await devices.printerIds()).toEqual(['booth-printer']);
    await devices.shot('devices-printer-refused');

    await devices.fillPrinter({ host: '127.0.0.1', port: String(hosted.port) });
    await devices.saveWith(devices.printerEditor, 'New hardware installed');
    await expect.poll(() => devices.done()).toBe('Printer out1-printer saved and applied.');
    await devices.printerEditor.waitFor({ state: 'detached' });
    expect(await devices.printerIds()).toEqual(['booth-printer', 'out1-printer']);
    // Applied without a restart: the kiosk opened the printer and asked it, and the row follows the devices panel.
    expect(await devices.waitPrinterHealth('out1-printer', /ready/)).toBe('✓ OK ready');
    expect(await devices.printerRow('out1-printer')).toBe(`out1-printer Exit 1 (Harbour St) Network (TCP/IP) · 127.0.0.1:${hosted.port} ✓ OK ready Test print Edit`);

    expect(await devices.testPrint('out1-printer')).toBe('Test slip printed on out1-printer: the printer is ready.');
    expect(simulator.pages).toHaveLength(1);
    expect(simulator.pages[0]!.lines.slice(0, 4)).toEqual(['TEST PRINT', 'Harbour Street Car Park', 'Printer: out1-printer', 'Serves:  Exit 1 (Harbour St)']);
    expect(simulator.pages[0]!.lines).toContain('By:      admin');
    await devices.shot('devices-printers-small');

    simulator.state.paperOut = true;
    expect((await devices.testPrint('out1-printer')).replace(/\s+/g, ' ')).toBe('ERROR Nothing printed on out1-printer: out of paper: load a new roll. out1-printer: out of paper; nothing was printed');
    expect(await devices.waitPrinterHealth('out1-printer', /out of paper/)).toBe('✕ Fault out of paper');
    expect(simulator.pages).toHaveLength(1);
    await devices.shot('devices-printer-paper-out');
    simulator.state.paperOut = false;

    // Edit: the id is fixed, the rest is as stored.
    await devices.editPrinter('out1-printer');
    expect(await devices.printerEditor.getByLabel('Id', { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await devices.printerEditor.getByLabel('Port', { exact: true }).inputValue()).toBe(String(hosted.port));
    await devices.fillPrinter({ transport: 'serial', path: '/dev/ttyNOSUCH9' });
    expect(await devices.printerEditor.innerText()).toContain('/dev/ttyNOSUCH9 is not among the serial ports this PC sees now');
    await devices.shot('devices-printer-serial-unlisted');
    await devices.closeDialog();

    expect(await devices.screenOverflowsSideways()).toBe(false);
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('a supervisor test-prints from the dashboard tile; an attendant sees the printer’s health and no button', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor', VIEWPORTS.large);
    const dash = new DashboardPage(c.page);
    await dash.open();
    await dash.testPrintButton('out1-printer').waitFor();
    const before = simulator.pages.length;
    expect(await dash.testPrint('out1-printer')).toBe('Test slip printed on out1-printer: the printer is ready.');
    expect(simulator.pages).toHaveLength(before + 1);
    expect(simulator.pages.at(-1)!.lines).toContain('By:      sam');
    await dash.shot('dashboard-printer-test-supervisor');
    expect(await dash.pageOverflows()).toBe(false);
    expect(c.errors).toEqual([]);
    await c.context.close();

    const a = await consoleAs(e2e.browser, e2e.kiosk.url, 'attendant', VIEWPORTS.small);
    const attendant = new DashboardPage(a.page);
    await attendant.open();
    await a.page.locator('[data-testid="devices"] [data-device="out1-printer"]').waitFor();
    expect(await attendant.testPrintButton('out1-printer').count()).toBe(0);
    expect(await a.page.locator('[data-testid="devices"] [data-device="out1-printer"]').innerText()).toMatch(/Printer[\s\S]*OK[\s\S]*Exit 1[\s\S]*ready/);
    expect(a.errors).toEqual([]);
    await a.context.close();
  });
});
