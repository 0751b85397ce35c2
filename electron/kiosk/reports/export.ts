/**
 * Reports as files: CSV for spreadsheets (RFC 4180 quoting; a text field that a spreadsheet would run as a formula
 * is written with a leading apostrophe) and a PDF of the same tables (pdf-lib, standard Helvetica).
 */
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import type { ReportTable, Cell } from './tables';

/** Text starting with these is read as a formula by Excel, LibreOffice and Sheets (tab and CR too, per OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The tables one after another, each under its title, separated by a blank line. */
export function toCsv(tables: readonly ReportTable[]): string {
  const lines: string[] = [];
  for (const table of tables) {
    if (lines.length > 0) lines.push('');
    lines.push(csvField(table.title), table.columns.map(csvField).join(','), ...table.rows.map((row) => row.map(csvField).join(',')));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const PAGE = { width: 842, height: 595, margin: 36 }; // A4 landscape, points
const SIZE = 8;
const LINE = 11;

export async function toPdf(title: string, subtitle: string, tables: readonly ReportTable[]): Promise<Uint8Array> {
  // Loaded on the first export, not at start-up: pdf-lib alone is a fifth of a second of every kiosk's start.
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setProducer('Lotkeeper');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const writer = new PageWriter(doc);
  writer.line(title, bold, 14);
  writer.line(subtitle, font, SIZE);
  for (const table of tables) {
    writer.gap();
    writer.line(table.title, bold, 10);
    const width = (PAGE.width - 2 * PAGE.margin) / table.columns.length;
    writer.row(table.columns, width, bold);
    for (const row of table.rows) writer.row(row.map((cell) => (cell === null ? '' : String(cell))), width, font);
  }
  return doc.save();
}

class PageWriter {
  private page: PDFPage;
  private y = PAGE.height - PAGE.margin;

  constructor(private readonly doc: PDFDocument) {
    this.page = doc.addPage([PAGE.width, PAGE.height]);
  }

  gap(): void {
    this.y -= LINE / 2;
  }

  line(text: string, font: PDFFont, size: number): void {
    this.room(size + 4);
    this.page.drawText(fit(text, font, size, PAGE.width - 2 * PAGE.margin), { x: PAGE.margin, y: this.y, size, font });
    this.y -= size + 4;
  }

  row(cells: readonly string[], width: number, font: PDFFont): void {
    this.room(LINE);
    cells.forEach((cell, i) => this.page.drawText(fit(cell, font, SIZE, width - 4), { x: PAGE.margin + i * width, y: this.y, size: SIZE, font }));
    this.y -= LINE;
  }

  private room(height: number): void {
    if (this.y - height >= PAGE.margin) return;
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
  }
}

/** Text cut to a width, with an ellipsis; characters Helvetica cannot draw become '?'. */
function fit(text: string, font: PDFFont, size: number, width: number): string {
  let safe = [...text].map((ch) => (/^[\x20-\x7e\xa0-\xff]$/.test(ch) ? ch : '?')).join('');
  if (font.widthOfTextAtSize(safe, size) <= width) return safe;
  while (safe.length > 1 && font.widthOfTextAtSize(`${safe}...`, size) > width) safe = safe.slice(0, -1);
  return `${safe}...`;
}
