/**
 * The identity provider Convex trusts: Convex Auth on this very deployment. Its tokens carry
 * `iss` = CONVEX_SITE_URL (set by Convex on a real deployment, by the local backend offline) and
 * `aud` = "convex"; the keys come from `${CONVEX_SITE_URL}/.well-known/jwks.json`.
 */
export default {
  providers: [
    {
      domain: process.env.CONVEX_SITE_URL,
      applicationID: "convex",
    },
  ],
};
