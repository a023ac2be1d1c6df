import convexPlugin from "@convex-dev/eslint-plugin";
import tseslint from "typescript-eslint";

/** Lints the Convex functions with Convex's own rules (argument validators, explicit table ids,
 *  no `filter` in queries, …). The plugin's preset targets a `convex/` folder; ours is src/server. */
export default tseslint.config(
  { ignores: ["src/server/_generated/**", "src/server/test.modules.ts"] },
  {
    files: ["src/server/**/*.ts"],
    languageOptions: { parser: tseslint.parser, parserOptions: { project: "src/server/tsconfig.json" } },
    plugins: { "@convex-dev": convexPlugin },
    rules: {
      "@convex-dev/no-old-registered-function-syntax": "error",
      "@convex-dev/require-args-validator": "error",
      "@convex-dev/explicit-table-ids": "error",
      "@convex-dev/no-filter-in-query": "error",
      "@convex-dev/no-collect-in-query": "warn",
      "@convex-dev/no-schema-import-cycle": "error",
      "@convex-dev/no-duplicate-indexes": "error",
      "@convex-dev/no-process-env": "error",
    },
  },
);
