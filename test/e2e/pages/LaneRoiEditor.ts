import type { Locator, Page } from 'playwright-core';

export interface RoiPercents {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}
type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/** The lane dialog's region of interest: the camera picture it is drawn on, its handles and its four percentages. */
export class LaneRoiEditor {
  constructor(private readonly page: Page) {}

  get picture(): Locator {
    return this.page.getByTestId('roi-picture');
  }

  get region(): Locator {
    return this.page.getByTestId('roi-region');
  }

  corner(corner: Corner): Locator {
    return this.page.getByTestId(`roi-${corner}`);
  }

  /** The four fields as numbers (NaN for a blank one). */
  async percents(): Promise<RoiPercents> {
    const field = async (label: string) => Number((await this.page.getByLabel(label, { exact: true }).inputValue()) || NaN);
    return { left: await field('Left (%)'), top: await field('Top (%)'), width: await field('Width (%)'), height: await field('Height (%)') };
  }

  /** Where the region is drawn, in percent of the picture's box on screen (what the admin sees). */
  async drawn(): Promise<RoiPercents> {
    const [box, region] = await Promise.all([this.picture.boundingBox(), this.page.locator('.roi-region').boundingBox()]);
    const pct = (v: number, of: number) => Math.round((v / of) * 1000) / 10;
    return { left: pct(region!.x - box!.x, box!.width), top: pct(region!.y - box!.y, box!.height), width: pct(region!.width, box!.width), height: pct(region!.height, box!.height) };
  }

  /** A mouse drag on the picture between two points given in shares of it. */
  async drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    const box = (await this.picture.boundingBox())!;
    const at = (p: { x: number; y: number }) => [box.x + p.x * box.width, box.y + p.y * box.height] as const;
    await this.page.mouse.move(...at(from));
    await this.page.mouse.down();
    await this.page.mouse.move(...at({ x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 }), { steps: 3 });
    await this.page.mouse.move(...at(to), { steps: 3 });
    await this.page.mouse.up();
  }

  /** The middle of a handle, in shares of the picture: where a drag of it starts. */
  async middleOf(handle: Locator): Promise<{ x: number; y: number }> {
    const [box, h] = await Promise.all([this.picture.boundingBox(), handle.boundingBox()]);
    return { x: (h!.x + h!.width / 2 - box!.x) / box!.width, y: (h!.y + h!.height / 2 - box!.y) / box!.height };
  }

  focusedTestId(): Promise<string | null> {
    return this.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
  }

  /** The focus ring's colour on what has the focus (the yellow --focus outline when the keyboard put it there). */
  focusOutline(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
    });
  }
}
