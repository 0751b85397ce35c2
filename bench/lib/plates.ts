/** Deterministic PRNG (mulberry32), so every run seeds the same history: the demo history's own generator. */
export { seededRandom } from '../../native/demo';

const LETTERS = 'ABCDEFGHJKLMNOPRSTUVWXYZ';
const DIGITS = '0123456789';

/** A UK-style plate (AB12CDE): two letters, two digits, three letters. */
export function randomPlate(random: () => number): string {
  const pick = (set: string) => set[Math.floor(random() * set.length)]!;
  return pick(LETTERS) + pick(LETTERS) + pick(DIGITS) + pick(DIGITS) + pick(LETTERS) + pick(LETTERS) + pick(LETTERS);
}
