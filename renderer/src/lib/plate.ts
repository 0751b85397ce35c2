/**
 * A preview of the key the kiosk will store for a typed plate, so the attendant sees "B-MW 1234" become "BMW1234"
 * before submitting. The kiosk's normalisePlate is the authority and its error is what the form shows.
 */
const SEPARATORS = /[\s\p{Z}\p{Pd}\p{Cf}._/·•‧∙⋅・]/gu;

export function previewPlateKey(raw: string): { key: string; ok: boolean } {
  const key = raw.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase().replace(SEPARATORS, '');
  return { key, ok: /^[A-Z0-9]{2,10}$/.test(key) };
}
