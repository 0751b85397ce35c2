/** A stored receipt rendered for the console (text, QR as SVG), the thermal printer (ESC/POS) and email (PDF). */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import { EscPos } from './escpos';
import { receiptQrText, receiptText, RECEIPT_COLUMNS, type ReceiptBody } from './receipt';

export function receiptEscPos(body: ReceiptBody): Buffer {
  const printer = new EscPos().align('left');
  receiptText(body, { ascii: true }).forEach((line, index) => (index === 1 ? printer.bold(true).line(line).bold(false) : printer.line(line)));
  return printer.align('centre').qr(receiptQrText(body)).cut().bytes();
}

export function receiptQrSvg(body: ReceiptBody): Promise<string> {
  return QRCode.toString(receiptQrText(body), { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
}

/** An 80 mm wide page in a monospaced font: the same lines as the printed receipt, then its QR code. */
export async function receiptPdf(body: ReceiptBody): Promise<Uint8Array> {
  const lines = receiptText(body, { ascii: true });
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${body.site.name} ${body.kind === 'receipt' ? 'receipt' : 'credit note'} ${body.no}`);
  const font = await pdf.embedFont(StandardFonts.Courier);
  const size = 8;
  const width = 226; // 80 mm in points
  const lineHeight = size * 1.3;
  const qrSize = 120;
  const height = 24 + lines.length * lineHeight + qrSize + 24;
  const page = pdf.addPage([width, height]);
  const left = (width - font.widthOfTextAtSize('x'.repeat(RECEIPT_COLUMNS), size)) / 2;
  lines.forEach((line, index) => page.drawText(line, { x: left, y: height - 24 - index * lineHeight, size, font }));
  const png = await QRCode.toBuffer(receiptQrText(body), { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: qrSize });
  const image = await pdf.embedPng(png);
  page.drawImage(image, { x: (width - qrSize) / 2, y: 16, width: qrSize, height: qrSize });
  return pdf.save();
}
