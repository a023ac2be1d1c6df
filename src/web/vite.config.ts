import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The buyer's web app. `npm start` serves it with the local stack (and sets VITE_CONVEX_URL);
 * `npm run web` / `npm run build:web` use VITE_CONVEX_URL from the environment or the root `.env`,
 * e.g. a real deployment's `https://<name>.convex.cloud`.
 */
export default defineConfig({
  root: here,
  envDir: path.resolve(here, "../.."),
  oxc: { jsx: { runtime: "automatic" } },
  build: { outDir: path.resolve(here, "../../dist/web"), emptyOutDir: true },
  server: { host: "127.0.0.1" },
  clearScreen: false,
});
