import { exportJWK, exportPKCS8, generateKeyPair } from "jose";

/** The two deployment variables Convex Auth signs and verifies session tokens with. */
export interface AuthKeys {
  /** PKCS#8 PEM of the RS256 private key. */
  JWT_PRIVATE_KEY: string;
  /** `{"keys":[…]}` with the public key, served at `/.well-known/jwks.json`. */
  JWKS: string;
}

/**
 * A fresh key pair, made offline — what `npx @convex-dev/auth` generates for a real deployment.
 * Each local stack gets its own, so a token from one run is worthless in the next.
 */
export async function generateAuthKeys(): Promise<AuthKeys> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const privatePem = await exportPKCS8(privateKey);
  const publicJwk = await exportJWK(publicKey);
  return {
    // Convex Auth reads the PEM from one line with spaces, as `convex env set` stores it.
    JWT_PRIVATE_KEY: privatePem.trimEnd().replace(/\n/g, " "),
    JWKS: JSON.stringify({ keys: [{ use: "sig", ...publicJwk }] }),
  };
}
