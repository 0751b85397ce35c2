import { describe, expect, it } from 'vitest';
import { ExitPaymentPage } from './pages/ExitPaymentPage';
import { LoginPage } from './pages/LoginPage';
import { ManualEntryPage } from './pages/ManualEntryPage';
import { PaymentsPage } from './pages/PaymentsPage';
import { ShiftPage } from './pages/ShiftPage';
import { openConsole, useE2E } from './support/harness';

const e2e = useE2E();

describe('paying to leave (attendant, then supervisor)', () => {
  it('takes cash with change and a card on the demo reader, lists both, counts the drawer, prices a car with no entry record, refunds the card', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('attendant');
    const shift = new ShiftPage(c.page);
    await shift.open();
    await shift.openShift('50.00');

    const entry = new ManualEntryPage(c.page);
    for (const plate of ['PAY1CSH', 'PAY2CRD']) {
      await entry.open();
      await entry.fill({ plate, reason: 'Camera could not read' });
      await entry.submit();
      await entry.done();
    }

    const exit = new ExitPaymentPage(c.page);
    await exit.open();
    await exit.find('PAY1CSH');
    expect(await exit.status()).toBe('Nothing to pay.'); // inside the free minutes
    await exit.lostTicket();
    expect(await exit.due()).toBe('£30.00');
    expect((await exit.quoteLines()).join(' | ')).toMatch(/Lost ticket/);
    expect(await exit.tender('25')).toMatch(/Short by £5\.00/);
    expect(await exit.tender('40')).toMatch(/Change to give £10\.00/);
    await exit.shot('exit-payment-cash-change');
    expect(await exit.takeCash()).toMatch(/Paid £30\.00 by Cash, receipt 1\. Give £10\.00 change\./);
    expect(await exit.receipt()).toMatch(/Receipt 1[\s\S]*Lost ticket[\s\S]*TOTAL\s+£30\.00[\s\S]*Change\s+£10\.00/);
    // Paying finished the exit, with the charge it was paid against (issue 13: it said "Free stay" and £0.00).
    expect(await exit.finalTotal()).toBe('£30.00');
    expect(await exit.finalDue()).toBe('£0.00');
    expect((await exit.finalLines()).join(' | ')).toMatch(/^Lost ticket\s*1\s*£30\.00$/);
    expect(await exit.printReceipt()).toBe('Printed on booth-printer.'); // the demo's printer, through the real TCP driver
    await exit.shot('exit-payment-paid');

    await exit.find('PAY2CRD');
    await exit.lostTicket();
    await exit.method(2);
    expect(await exit.readerStatus()).toMatch(/ready/);
    await exit.shot('exit-payment-card-reader');
    expect(await exit.takeCard()).toMatch(/Paid £30\.00 by Card, receipt 2/);
    expect(await exit.receipt()).toMatch(/card visa \*\*\*\* 4242/);

    const payments = new PaymentsPage(c.page);
    await payments.open();
    const rows = await payments.rows();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^2 \| .+ \| PAY2CRD \| Card ····4242 \| £30\.00 \| {2}\| anna$/);
    expect(await payments.pick(1)).toMatch(/Receipt 1[\s\S]*PAY1CSH/);
    expect(await payments.print()).toBe('Reprinted on booth-printer (recorded as a reprint).');
    await payments.shot('payments-receipt-printed');
    expect(await payments.issueInvoice({ name: 'Harbour Dental Ltd', address: '1 Quay Road\nHarbour HB1 2CD', taxNo: 'gb 123 4567 89' })).toBe('Invoice INV-000001 issued to Harbour Dental Ltd.');
    expect(await payments.invoiceText()).toMatch(/Invoice INV-000001[\s\S]*Harbour Dental Ltd\n1 Quay Road\nHarbour HB1 2CD\nVAT\/tax no\s+GB 123 4567 89\n[\s\S]*For receipt\s+1\n[\s\S]*Lost ticket[\s\S]*TOTAL\s+£30\.00/);
    expect(await payments.printInvoice()).toBe('Printed on booth-printer.');
    await payments.shot('payments-receipt-invoice');
    await payments.shot('payments-history');

    await shift.open();
    expect(await c.page.getByTestId('drawer-expected').innerText()).toBe('£80.00');
    await shift.count(5000, 1);
    await shift.count(2000, 1);
    await shift.count(500, 1);
    expect(await c.page.getByTestId('drawer-variance').innerText()).toBe('Short by £5.00');
    await shift.shot('shift-drawer-variance');
    expect(await shift.closeShift('a fiver missing')).toMatch(/Short by £5\.00/);

    await exit.open();
    await exit.find('NO3NTRY'); // a car at the exit that never entered on record
    expect(await exit.noEntryRecord('No ticket, no entry read')).toBe('No entry record for NO3NTRY: priced at the lost-ticket charge.');
    expect(await exit.due()).toBe('£30.00');
    await exit.method(4);
    expect(await exit.qrUnavailable()).toMatch(/QR pay links are unavailable: head office's pay page is not configured/);

    const sam = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(sam.page).loginAs('supervisor');
    const office = new PaymentsPage(sam.page);
    await office.open();
    await office.pick(2);
    expect(await office.refund('', 'Charged twice by mistake', { void: true })).toMatch(/Refunded £30\.00, credit note 3/);
    await office.shot('payments-refund');
    expect(c.errors).toEqual([]);
    expect(sam.errors).toEqual([]);
    await sam.context.close();
    await c.context.close();
  }, 90_000);
});
