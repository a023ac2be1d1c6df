import { MastraJwtAuth } from "@mastra/auth";
import type { IMastraAuthProvider } from "@mastra/core/server";
import {
  CONVEX_SUBJECT,
  DEV_SUBJECT,
  MAX_CONVEX_TOKEN_TTL_SECONDS,
  checkAuthSecret,
  randomHex32,
  signJwt,
} from "../../shared/run-credentials";
import { callerOf, resourceOf } from "./callers";
import { mayCall } from "./route-policy";

/**
 * The Mastra server's auth (`server.auth`): every route but health and Studio's static pages
 * refuses a request without an HS256 JWT signed with MASTRA_AUTH_SECRET, sent as
 * `Authorization: Bearer <token>` and nowhere else (a token in a URL ends up in logs). A token must
 * carry `exp`: MastraJwtAuth on its own accepts a token without one forever. Who the token is for
 * decides what it opens (callers.ts, route-policy.ts): Convex's tokens live at most five minutes and
 * open only their own run's routes; a developer's token opens Studio and local runs. Neither can
 * write to a Convex quote by itself: a run writes only with the grant Convex puts in the token that
 * starts it (src/mastra/workflows/run-identity.ts).
 */
export class RunCredentialAuth extends MastraJwtAuth {
  constructor(options: { secret: string }) {
    super({
      secret: options.secret,
      // Passed as options: MastraJwtAuth's constructor would shadow methods declared on a subclass.
      authorizeUser: (user, request) => {
        const caller = callerOf(user);
        const raw = request instanceof Request ? request : request.raw;
        return caller !== null && raw !== undefined && mayCall(caller, raw.method, new URL(raw.url));
      },
      mapUserToResourceId: (user) => {
        const caller = callerOf(user);
        return caller === null ? null : resourceOf(caller);
      },
    });
  }

  override async authenticateToken(token: string, request?: MastraAuthRequest) {
    if (request !== undefined && headerOf(request, "authorization") !== `Bearer ${token}`) {
      throw new Error("a token is accepted only as `Authorization: Bearer <token>`, never in the URL");
    }
    const payload = await super.authenticateToken(token);
    if (typeof payload !== "object" || payload === null) throw new Error("token payload must be a JSON object");
    const { exp, iat, sub } = payload;
    if (typeof exp !== "number" || typeof iat !== "number") throw new Error("token must carry exp and iat");
    if (sub === CONVEX_SUBJECT) {
      if (exp - iat > MAX_CONVEX_TOKEN_TTL_SECONDS) throw new Error("a Convex token may live at most five minutes");
    } else if (sub !== DEV_SUBJECT) {
      throw new Error(`unknown token subject "${String(sub)}"`);
    }
    if (callerOf(payload) === null) throw new Error("a Convex token must name the run it is for");
    return payload;
  }
}

/** The request shape Mastra's auth hands a provider (a fetch Request, or Hono's request). */
type MastraAuthRequest = Parameters<IMastraAuthProvider["authenticateToken"]>[1];

function headerOf(request: MastraAuthRequest, name: string): string | undefined {
  if (request instanceof Request) return request.headers.get(name) ?? undefined;
  if (request.header) return request.header(name);
  const headers = request.headers;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
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

/** A developer's token for Studio or curl: it can start and watch local runs, never a Convex run. */
export function signDevToken(secret: string, ttlSeconds = DEV_TOKEN_TTL_SECONDS): Promise<string> {
  return signJwt({ sub: DEV_SUBJECT }, secret, ttlSeconds);
}

/** Studio opened with the token already in its headers (Studio reads `?auth_header=`). */
export function studioUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/?auth_header=${encodeURIComponent(`Bearer ${token}`)}`;
}
