import { ConvexHttpClient } from "convex/browser";
import { api } from "../../server/_generated/api";

export const TEST_PASSWORD = "correct horse battery";

/** Signs a new buyer up through Convex Auth on a (local) deployment; returns the session token. */
export async function signUp(convexUrl: string, email: string): Promise<string> {
  const client = new ConvexHttpClient(convexUrl, { skipConvexDeploymentUrlCheck: true, logger: false });
  const result = await client.action(api.auth.signIn, {
    provider: "password",
    params: { email, password: TEST_PASSWORD, flow: "signUp" },
  });
  const token = result.tokens?.token;
  if (!token) throw new Error(`sign-up of ${email} returned no token`);
  return token;
}
