/// <reference types="vite/client" />
/**
 * Every Convex module, for convex-test (`convexTest(schema, modules)`). The glob has to live in
 * this folder so its keys are relative to the functions root. The second dot in the file name
 * makes Convex's bundler skip it ("contains multiple dots"), so it never ships to a deployment
 * and `import.meta.glob`, a Vite feature, never reaches the Convex runtime.
 */
export const modules = import.meta.glob(["./**/*.*s", "!./**/*.test.*s", "!./**/*.modules.*s", "!./**/*.d.ts"]);
