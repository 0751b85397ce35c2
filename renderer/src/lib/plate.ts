/**
 * A preview of the key the kiosk will store for a typed plate, so the attendant sees "B-MW 1234" become "BMW1234"
 * before submitting. The kiosk's normalisePlate is the authority and its error is what the form shows.
 */
const SEPARATORS = /[\s\p{Z}\p{Pd}\p{Cf}._/·•‧∙⋅・]/gu;

export function previewPlateKey(raw: string): { key: string; ok: boolean } {
  const key = raw.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase().replace(SEPARATORS, '');
  return { key, ok: /^[A-Z0-9]{2,10}$/.test(key) };
}

/** "AB12 CDE, xy34zzz" -> the distinct keys, or null when there is none or one of them is no plate. */
export function plateKeysFromList(text: string): string[] | null {
  const keys = text.split(',').map((p) => previewPlateKey(p)).filter((p) => p.key !== '');
  return keys.length > 0 && keys.every((p) => p.ok) ? [...new Set(keys.map((p) => p.key))] : null;
}
