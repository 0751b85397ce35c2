/**
 * Labels of ../shared/alpr that do not say what their photo's plate shows, each checked by eye on the photo. The data's
 * own README asks for them to be reported, not coded around: the reader never sees this list. `alpr eval` still scores
 * every photo against its label (the figure to quote) and reports the score against the plates beside it; `alpr
 * calibrate` fits P(right) against the plates, so that a right read of a wrong label does not teach the calibration that
 * sure reads are wrong; models/training trains on the plates (through `alpr split`).
 */

export interface LabelErratum {
  folder: string;
  /** The photo's file name in its folder. */
  image: string;
  /** What its label says: an erratum applies only while the label still says this (another folder's test_006 is another photo). */
  label: string;
  /** What the plate in the photo shows. */
  plate: string;
  why: string;
}

const O_FOR_ZERO = 'the letter O typed where the plate has a zero';

export const LABEL_ERRATA: readonly LabelErratum[] = [
  { folder: 'eu', image: 'test_006.jpg', label: 'RKO99AN', plate: 'RK099AN', why: `Slovak RK-099AN: ${O_FOR_ZERO}` },
  { folder: 'eu', image: 'test_024.jpg', label: 'RKO26AJ', plate: 'RK026AJ', why: `Slovak RK-026AJ: ${O_FOR_ZERO}` },
  { folder: 'eu', image: 'test_033.jpg', label: 'RKO82AL', plate: 'RK082AL', why: `Slovak RK-082AL: ${O_FOR_ZERO}` },
  { folder: 'eu', image: 'test_051.jpg', label: 'RK6O5AB', plate: 'RK605AB', why: `Slovak RK-605AB: ${O_FOR_ZERO}` },
  { folder: 'eu', image: 'test_056.jpg', label: 'RK3OOAG', plate: 'RK300AG', why: `Slovak RK-300AG: ${O_FOR_ZERO}, twice` },
  { folder: 'eu', image: 'eu5.jpg', label: 'OYO9FEU', plate: 'OY09FEU', why: `British OY09 FEU: ${O_FOR_ZERO}` },
  { folder: 'br', image: 'FZB9581.jpg', label: 'FZB9581', plate: 'FBZ9581', why: 'Brazilian FBZ-9581 (BA - Simoes Filho): the label swaps B and Z' },
];

/** The plate a labelled photo shows: its label, unless the label is a known erratum. */
export function plateShown(item: { folder: string; image: string; plate: string }): string {
  return erratumOf(item)?.plate ?? item.plate;
}

export function erratumOf(item: { folder: string; image: string; plate: string }): LabelErratum | undefined {
  const name = item.image.split(/[\\/]/).pop();
  return LABEL_ERRATA.find((e) => e.folder === item.folder && e.image === name && e.label === item.plate);
}
