import { ConsolePage } from './ConsolePage';

export interface EntryForm {
  plate: string;
  reason: string;
  zone?: string;
  vehicleClass?: string;
  spaceType?: string;
  lane?: string;
}

export class ManualEntryPage extends ConsolePage {
  get form() {
    return this.page.getByTestId('manual-entry-form');
  }

  async open(): Promise<void> {
    await this.go('entry');
  }

  async fill(f: EntryForm): Promise<void> {
    await this.form.getByLabel('Plate', { exact: true }).fill(f.plate);
    if (f.zone) await this.form.getByLabel('Zone').selectOption({ label: f.zone });
    if (f.vehicleClass) await this.form.getByLabel('Vehicle class').selectOption({ label: f.vehicleClass });
    if (f.spaceType) await this.form.getByLabel('Space type').selectOption({ label: f.spaceType });
    if (f.lane) await this.form.getByLabel('Lane').selectOption({ label: f.lane });
    await this.form.getByLabel('Reason').fill(f.reason);
  }

  async submit(): Promise<void> {
    await this.form.getByRole('button', { name: /Record entry/ }).click();
  }

  /** The success line after an entry ("Entry recorded in ... PLATE"). */
  async done(): Promise<string> {
    const el = this.page.getByTestId('entry-done');
    await el.waitFor();
    return (await el.innerText()).replace(/\s+/g, ' ').trim();
  }

  async fieldError(label: string): Promise<string> {
    return (await this.form.locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).locator('.field-error').innerText()).trim();
  }
}
