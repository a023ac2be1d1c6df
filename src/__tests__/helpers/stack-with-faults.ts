import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../shared/project-paths";
import { startLocalStack, type StackOptions } from "../../stack/start-stack";
import type { FaultCommand, Faults } from "./faults";

export type StackWithFaults = Awaited<ReturnType<typeof startStackWithFaults>>;

/** `npm start`'s stack, its local backend behind a network the test can break while a run goes on. */
export async function startStackWithFaults(options: Omit<StackOptions, "backendEntry"> = {}) {
  const stack = await startLocalStack({
    ...options,
    backendEntry: path.join(projectRoot(), "src", "__tests__", "helpers", "backend-process-with-faults.ts"),
  });
  const command = (message: FaultCommand) => send(stack.backendProcess, message);
  return {
    ...stack,
    /** Cuts every browser socket and refuses reconnects for a while: what a network drop looks like. */
    dropSockets: (refuseForMs: number) => command({ type: "drop-sockets", refuseForMs }),
    /** Faults on the backend's traffic from now on (e.g. a simulated round trip). */
    setFaults: (faults: Partial<Faults>) => command({ type: "set-faults", faults }),
  };
}

function send(child: ChildProcess, message: FaultCommand): Promise<void> {
  return new Promise((resolve, reject) => child.send(message, (error) => (error ? reject(error) : resolve())));
}
