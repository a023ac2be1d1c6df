import { supplierProfileSchema, type SupplierProfile } from "../../domain/suppliers";

const OPEN = "<supplier-profile>";
const CLOSE = "</supplier-profile>";

/**
 * The supplier's own book as a tagged JSON block inside its instructions: an LLM reads it as
 * context beside the prose, and the local negotiation model plays from it. `<` and `>` in the JSON
 * are written as \u003c / \u003e, so no name or country can close the block early.
 */
export function renderSupplierProfile(profile: SupplierProfile): string {
  const json = JSON.stringify(profile).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `${OPEN}\n${json}\n${CLOSE}`;
}

/** Parsed blocks by their text: a run asks for the same few suppliers' blocks on every call. */
const parsed = new Map<string, SupplierProfile | null>();
const MAX_CACHED = 1_000;

/** The profile in a supplier agent's instructions; null when there is none or it does not hold up. */
export function extractSupplierProfile(instructions: string): SupplierProfile | null {
  const end = instructions.lastIndexOf(CLOSE);
  if (end < 0) return null;
  const start = instructions.lastIndexOf(OPEN, end);
  if (start < 0) return null;
  const text = instructions.slice(start + OPEN.length, end);
  const cached = parsed.get(text);
  if (cached !== undefined) return cached;
  let profile: SupplierProfile | null;
  try {
    const result = supplierProfileSchema.safeParse(JSON.parse(text));
    profile = result.success ? result.data : null;
  } catch {
    profile = null;
  }
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(text, profile);
  return profile;
}
