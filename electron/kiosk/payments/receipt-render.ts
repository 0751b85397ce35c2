/**
 * Stored receipts and invoices rendered for the console (text, QR as SVG), the thermal printer (ESC/POS) and email
 * (PDF). A document is its printed lines (the second, its title, in bold) and the text of its QR code.
 */
import type { PDFFont } from 'pdf-lib';
import QRCode from 'qrcode';
import { EscPos } from '../../../native/printer';
import { invoiceNumber, invoiceQrText, invoiceText, type InvoiceBody } from './invoice';
import { receiptQrText, receiptText, RECEIPT_COLUMNS, type ReceiptBody } from './receipt';

export interface PrintableDocument {
  title: string;
  lines: string[];
  qrText: string;
}

export function receiptDocument(body: ReceiptBody): PrintableDocument {
  return { title: `${body.site.name} ${body.kind === 'receipt' ? 'receipt' : 'credit note'} ${body.no}`, lines: receiptText(body, { ascii: true }), qrText: receiptQrText(body) };
}

export function invoiceDocument(body: InvoiceBody): PrintableDocument {
  return { title: `${body.receipt.site.name} invoice ${invoiceNumber(body.no)}`, lines: invoiceText(body, { ascii: true }), qrText: invoiceQrText(body) };
}

export function documentEscPos(document: PrintableDocument): Buffer {
  const printer = new EscPos().align('left');
  document.lines.forEach((line, index) => (index === 1 ? printer.bold(true).line(line).bold(false) : printer.line(line)));
  return printer.align('centre').qr(document.qrText).cut().bytes();
}

export function qrSvg(qrText: string): Promise<string> {
  return QRCode.toString(qrText, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
}

/** The text as the font can show it: the PDF's standard Courier has no glyph for, say, "Ł", and pdf-lib throws on one. */
function showable(font: PDFFont, text: string): string {
  const glyphs = new Set(font.getCharacterSet());
  return [...text].map((ch) => (glyphs.has(ch.codePointAt(0)!) ? ch : '?')).join('');
}

/** An 80 mm wide page in a monospaced font: the same lines as the printed document, then its QR code. */
export async function documentPdf(document: PrintableDocument): Promise<Uint8Array> {
  // Loaded on the first PDF, not at start-up (reports/export.ts says why).
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.setTitle(document.title);
  const font = await pdf.embedFont(StandardFonts.Courier);
  const size = 8;
  const width = 226; // 80 mm in points
  const lineHeight = size * 1.3;
  const qrSize = 120;
  const height = 24 + document.lines.length * lineHeight + qrSize + 24;
  const page = pdf.addPage([width, height]);
  const left = (width - font.widthOfTextAtSize('x'.repeat(RECEIPT_COLUMNS), size)) / 2;
  document.lines.forEach((line, index) => page.drawText(showable(font, line), { x: left, y: height - 24 - index * lineHeight, size, font }));
  const png = await QRCode.toBuffer(document.qrText, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: qrSize });
  const image = await pdf.embedPng(png);
  page.drawImage(image, { x: (width - qrSize) / 2, y: 16, width: qrSize, height: qrSize });
  return pdf.save();
}
