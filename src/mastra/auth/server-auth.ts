import { MastraJwtAuth } from "@mastra/auth";
import {
  CONVEX_SUBJECT,
  DEV_SUBJECT,
  MAX_CONVEX_TOKEN_TTL_SECONDS,
  checkAuthSecret,
  randomHex32,
  signJwt,
} from "../domain/run-credentials";

/**
 * The Mastra server's auth (`server.auth`): every route but health and Studio's static pages
 * refuses a request without an HS256 JWT signed with MASTRA_AUTH_SECRET. Two kinds of token pass:
 * Convex's (`sub: "convex"`, signed per call, living at most five minutes) and a developer's Studio
 * token (`sub: "dev"`). A token must carry `exp`: MastraJwtAuth on its own accepts a token without
 * one forever. Neither kind can write to a Convex quote by itself: a run writes only with the grant
 * Convex puts in the token that starts it (src/mastra/workflows/run-identity.ts).
 */
export class RunCredentialAuth extends MastraJwtAuth {
  override async authenticateToken(token: string) {
    const payload = await super.authenticateToken(token);
    if (typeof payload !== "object" || payload === null) throw new Error("token payload must be a JSON object");
    const { exp, iat, sub } = payload;
    if (typeof exp !== "number" || typeof iat !== "number") throw new Error("token must carry exp and iat");
    if (sub === CONVEX_SUBJECT) {
      if (exp - iat > MAX_CONVEX_TOKEN_TTL_SECONDS) throw new Error("a Convex token may live at most five minutes");
    } else if (sub !== DEV_SUBJECT) {
      throw new Error(`unknown token subject "${String(sub)}"`);
    }
    return payload;
  }
}

/** A Studio token lasts a working day. */
export const DEV_TOKEN_TTL_SECONDS = 12 * 60 * 60;

export interface ServerAuthConfig {
  secret: string;
  /** True when MASTRA_AUTH_SECRET was unset and a throwaway secret was made for this process. */
  generated: boolean;
}

/**
 * MASTRA_AUTH_SECRET when set (it must be at least 32 characters); otherwise a random secret for
 * this process alone, so a server started with no set-up is never open: only tokens this process
 * signs (the Studio link it prints) get in, and no Convex deployment can reach it.
 */
export function serverAuthFromEnv(env: NodeJS.ProcessEnv): ServerAuthConfig {
  const raw = env.MASTRA_AUTH_SECRET;
  if (raw === undefined || raw.trim() === "") return { secret: randomHex32(), generated: true };
  const checked = checkAuthSecret(raw);
  if ("problem" in checked) throw new Error(checked.problem);
  return { secret: checked.secret, generated: false };
}

/** A developer's token for Studio or curl: it can start and watch local runs, never write to Convex. */
export function signDevToken(secret: string, ttlSeconds = DEV_TOKEN_TTL_SECONDS): Promise<string> {
  return signJwt({ sub: DEV_SUBJECT }, secret, ttlSeconds);
}

/** Studio opened with the token already in its headers (Studio reads `?auth_header=`). */
export function studioUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/?auth_header=${encodeURIComponent(`Bearer ${token}`)}`;
}
