import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { startLocalBackend } from "../../dev-backend/local-backend";
import { buildStackEnv } from "../../stack/stack-env";

const ports = { convex: 3210, mastra: 4111, web: 5173 };

describe("the local stack's wiring (src/stack/stack-env.ts)", () => {
  it("gives the backend and the Mastra server the same fresh secret and each other's URLs", async () => {
    const env = await buildStackEnv(ports, { PATH: "/usr/bin" });
    expect(env.backend.MASTRA_AUTH_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(env.mastra.MASTRA_AUTH_SECRET).toBe(env.backend.MASTRA_AUTH_SECRET);
    expect(env.backend.MASTRA_URL).toBe("http://127.0.0.1:4111");
    expect(env.mastra.CONVEX_URL).toBe("http://127.0.0.1:3210");
    expect(env.backend.CONVEX_SITE_URL).toBe("http://127.0.0.1:3210");
    expect(env.web.VITE_CONVEX_URL).toBe("http://127.0.0.1:3210");
    expect(env.backend.JWT_PRIVATE_KEY).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(JSON.parse(env.backend.JWKS ?? "{}").keys[0]).toMatchObject({ use: "sig", kty: "RSA" });

    const again = await buildStackEnv(ports, { PATH: "/usr/bin" });
    expect(again.backend.MASTRA_AUTH_SECRET).not.toBe(env.backend.MASTRA_AUTH_SECRET);
    expect(again.backend.JWKS).not.toBe(env.backend.JWKS);
  });

  it("passes model settings to the Mastra server only, and lets no user value override the wiring", async () => {
    const env = await buildStackEnv(ports, {
      OPENAI_API_KEY: "sk-test",
      LOCAL_MODEL_SEED: "3",
      MASTRA_AUTH_SECRET: "from-my-shell-from-my-shell-from-my-shell",
      CONVEX_URL: "https://someone-else.convex.cloud",
      WATCHDOG_INTERVAL_MS: "5000",
    });
    expect(env.mastra.OPENAI_API_KEY).toBe("sk-test");
    expect(env.mastra.LOCAL_MODEL_SEED).toBe("3");
    expect(env.backend.OPENAI_API_KEY).toBeUndefined();
    expect(env.backend.WATCHDOG_INTERVAL_MS).toBe("5000");
    expect(env.mastra.MASTRA_AUTH_SECRET).toBe(env.backend.MASTRA_AUTH_SECRET);
    expect(env.mastra.MASTRA_AUTH_SECRET).not.toBe("from-my-shell-from-my-shell-from-my-shell");
    expect(env.mastra.CONVEX_URL).toBe("http://127.0.0.1:3210");
  });

  it("names the port when it is already taken", async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    const { port } = squatter.address() as AddressInfo;
    try {
      await expect(startLocalBackend({ port })).rejects.toThrow(
        `local Convex backend: port ${port} on 127.0.0.1 is already in use`,
      );
    } finally {
      squatter.close();
    }
  });
});
