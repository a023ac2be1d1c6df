import { Password } from "@convex-dev/auth/providers/Password";
import { convexAuth } from "@convex-dev/auth/server";

/**
 * Convex Auth with email + password. The library calls `auth:store` by name, so this file must be
 * `src/server/auth.ts`. Sessions are JWTs signed with the deployment's `JWT_PRIVATE_KEY`.
 */
export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [Password],
});
