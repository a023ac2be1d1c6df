import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { z } from "zod";
import { generateAuthKeys } from "../dev-backend/auth-keys";

const stackSecretsSchema = z.object({
  MASTRA_AUTH_SECRET: z.string().min(32),
  JWT_PRIVATE_KEY: z.string().min(1),
  JWKS: z.string().min(1),
});

/**
 * The secrets the stack wires its processes with: the HMAC secret Convex signs its calls to the
 * Mastra server with (each run's write token derives from it), and Convex Auth's key pair.
 */
export type StackSecrets = z.infer<typeof stackSecretsSchema>;

/** Fresh secrets: nothing signed with one stack's is worth anything to the next. */
export async function freshStackSecrets(): Promise<StackSecrets> {
  return { MASTRA_AUTH_SECRET: randomBytes(32).toString("hex"), ...(await generateAuthKeys()) };
}

/**
 * The secrets kept beside a data folder's data, made on its first start. They must outlive a
 * restart with the data: a run that resumes writes with a token derived from the same secret, and a
 * buyer's session token is checked against the same keys. Readable by the owner only.
 */
export async function keptStackSecrets(file: string): Promise<StackSecrets> {
  if (existsSync(file)) {
    const parsed = stackSecretsSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
    if (parsed.success) return parsed.data;
    throw new Error(`${file} is not the stack's secrets (start with --fresh to make new ones)`);
  }
  const secrets = await freshStackSecrets();
  await writeFile(`${file}.tmp`, JSON.stringify(secrets), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return secrets;
}
