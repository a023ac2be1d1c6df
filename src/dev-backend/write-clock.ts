/**
 * The deployment's logical timestamp: one tick per write. Sent in Transitions and mutation
 * responses as Convex does, an unsigned 64-bit little-endian integer in base64.
 */
export class WriteClock {
  private ts = 1n;

  now(): bigint {
    return this.ts;
  }

  tick(): bigint {
    this.ts += 1n;
    return this.ts;
  }
}

export function encodeTs(ts: bigint): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ts);
  return bytes.toString("base64");
}
