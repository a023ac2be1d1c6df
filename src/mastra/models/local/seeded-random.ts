/** A small deterministic PRNG (mulberry32) keyed by a string, so each turn of each negotiation
 *  draws the same numbers for a given seed whatever order concurrent turns run in. */
export type Random = () => number;

export function seededRandom(seed: number, key: string): Random {
  let state = hash(`${seed}|${key}`);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, options: readonly T[]): T {
  const choice = options[Math.floor(random() * options.length)];
  if (choice === undefined) throw new Error("pick() needs at least one option");
  return choice;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
