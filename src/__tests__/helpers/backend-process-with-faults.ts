import { failStartup } from "../../stack/child-protocol";
import { serveLocalBackend } from "../../stack/serve-local-backend";
import { FaultyNetwork, type FaultCommand } from "./faults";

/**
 * The stack's local backend process as the tests run it (stack-with-faults.ts): `npm start`'s, with
 * a faulty network in front that the test sets over IPC while a run is going on.
 */
async function main() {
  const network = new FaultyNetwork();
  const backend = await serveLocalBackend(network);
  process.on("message", (command: FaultCommand) => {
    if (command.type === "drop-sockets") {
      network.faults.socketsRefusedUntil = Date.now() + command.refuseForMs;
      backend.disconnectSockets();
    }
    if (command.type === "set-faults") Object.assign(network.faults, command.faults);
  });
}

main().catch(failStartup);
