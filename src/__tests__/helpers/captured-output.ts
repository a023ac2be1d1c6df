import { PassThrough } from "node:stream";
import type { TerminalOutput } from "../../cli/live-view";

/** A stream the demo can print to, as a pipe would be (no TTY), keeping everything written. */
export function capturedOutput(columns = 100): TerminalOutput & { text(): string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  return Object.assign(stream, { isTTY: false, columns, text: () => chunks.join("") });
}
