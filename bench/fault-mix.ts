import type { Faults } from "../src/__tests__/helpers/faults";

/**
 * Issue 19's fault mix, drawn per request of the workflow server (seeded, so runs compare): 5 %
 * answered 503, 3 % dropped (half before the function runs, half after it committed), 1 % held
 * 10 s and then committed. Hand it to `FaultyNetwork` as its per-request hook.
 */
export function faultMix(seed = 19): (ordinal: number, faults: Faults) => void {
  let state = seed >>> 0;
  const random = () => {
    // mulberry32: small, fast, good enough to place faults.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (_ordinal, faults) => {
    const r = random();
    if (r < 0.05) faults.serverErrors++;
    else if (r < 0.065) faults.dropsBeforeCommit++;
    else if (r < 0.08) faults.dropsAfterCommit++;
    else if (r < 0.09) faults.holds++;
  };
}
