import { checkAuthSecret } from "../../shared/run-credentials";

/**
 * Where the Mastra servers are and the secret Convex signs its calls to them with: the deployment's
 * MASTRA_URL and MASTRA_AUTH_SECRET, read where they are used (starting a run, cancelling it, the
 * watchdog), so `npx convex env set …` takes effect without a redeploy. MASTRA_URL may list several
 * servers sharing one Postgres store (separated by commas or spaces): each call goes to the first
 * that answers (mastraApi.ts). A problem is phrased for the buyer's quote page, since that is where
 * it ends up.
 */
export function readMastraServer(): { urls: string[]; secret: string } | { problem: string } {
  const urls = (process.env.MASTRA_URL ?? "").split(/[\s,]+/).filter((url) => url.length > 0);
  if (urls.length === 0) {
    return {
      problem:
        "The Mastra server could not be reached: MASTRA_URL is not set on this Convex deployment " +
        "(set it with `npx convex env set MASTRA_URL <url>`).",
    };
  }
  const bad = urls.find((url) => !isHttpUrl(url));
  if (bad !== undefined) {
    return { problem: `The Mastra server could not be reached: MASTRA_URL "${bad}" is not an http(s) URL.` };
  }
  const auth = checkAuthSecret(process.env.MASTRA_AUTH_SECRET);
  if ("problem" in auth) {
    return {
      problem:
        `The Mastra server could not be called: ${auth.problem} on this Convex deployment ` +
        "(set the same value on the Convex deployment and the Mastra server: " +
        '`npx convex env set MASTRA_AUTH_SECRET "$(openssl rand -hex 32)"`).',
    };
  }
  return { urls, secret: auth.secret };
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}
