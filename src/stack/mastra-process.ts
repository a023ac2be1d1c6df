import { createMastra } from "../mastra/create-mastra";
import { failStartup, report } from "./child-protocol";
import { startMastraHttpServer } from "./mastra-http-server";

/** The Mastra server (its real REST API, in-process via @mastra/deployer) configured from its env. */
async function main() {
  const mastra = createMastra({}, process.env);
  const server = await startMastraHttpServer(mastra, { port: Number(process.env.MASTRA_PORT ?? 0), host: "127.0.0.1" });
  process.on("disconnect", () => void server.close().then(() => process.exit(0)));
  report({ type: "ready", url: server.url });
}

main().catch(failStartup);
