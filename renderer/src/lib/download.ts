import { saveFile } from './save-file';

/** Saves a base64 file the kiosk rendered (a PDF, or ESC/POS bytes for a printer's spooler). */
export function download(base64: string, name: string, type: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  saveFile(new Blob([bytes], { type }), name);
}

export const fileType = (format: 'pdf' | 'escpos'): { extension: string; type: string } =>
  format === 'pdf' ? { extension: 'pdf', type: 'application/pdf' } : { extension: 'bin', type: 'application/octet-stream' };

/** Saves text the console wrote itself (a shift's cash-up) as a UTF-8 file. */
export function downloadText(text: string, name: string): void {
  download(btoa(String.fromCharCode(...new TextEncoder().encode(text))), name, 'text/plain;charset=utf-8');
}
