/** Deterministic PRNG (mulberry32), so every run seeds the same history. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const LETTERS = 'ABCDEFGHJKLMNOPRSTUVWXYZ';
const DIGITS = '0123456789';

/** A UK-style plate (AB12CDE): two letters, two digits, three letters. */
export function randomPlate(random: () => number): string {
  const pick = (set: string) => set[Math.floor(random() * set.length)]!;
  return pick(LETTERS) + pick(LETTERS) + pick(DIGITS) + pick(DIGITS) + pick(LETTERS) + pick(LETTERS) + pick(LETTERS);
}
