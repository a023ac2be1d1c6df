import { readFile } from "node:fs/promises";
import type { FunctionArgs } from "convex/server";
import type { LocalBackend } from "../dev-backend/local-backend";
import { internal } from "../server/_generated/api";

/**
 * `npm start -- --suppliers <file>`: writes each profile of a JSON array (examples/suppliers.json)
 * into the local backend's suppliers table through the operators' internal upsert, which checks
 * every profile. The built-in three stay, listed first; the form invites the first 50 of the
 * directory. Returns how many were written.
 */
export async function seedSuppliers(backend: LocalBackend["backend"], file: string): Promise<number> {
  const text = await readFile(file, "utf8").catch((error: unknown) => {
    throw new Error(`supplier file ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  });
  const profiles: unknown = JSON.parse(text);
  if (!Array.isArray(profiles)) throw new Error(`supplier file ${file} must hold a JSON array of supplier profiles`);
  for (const [index, profile] of profiles.entries()) {
    try {
      await backend.mutation(internal.suppliers.upsert, profile as FunctionArgs<typeof internal.suppliers.upsert>);
    } catch (error) {
      throw new Error(
        `supplier file ${file}, profile ${index}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return profiles.length;
}
