/**
 * The deployment's MASTRA_URL, read where it is used (starting a run, cancelling it, the watchdog),
 * so `npx convex env set MASTRA_URL …` takes effect without a redeploy. A problem is phrased for the
 * buyer's quote page, since that is where it ends up.
 */
export function readMastraUrl(): { url: string } | { problem: string } {
  const url = process.env.MASTRA_URL;
  if (!url) {
    return {
      problem:
        "The Mastra server could not be reached: MASTRA_URL is not set on this Convex deployment " +
        "(set it with `npx convex env set MASTRA_URL <url>`).",
    };
  }
  if (!isHttpUrl(url)) {
    return { problem: `The Mastra server could not be reached: MASTRA_URL "${url}" is not an http(s) URL.` };
  }
  return { url };
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}
