// npm scripts run on the Node binary from the `node` devDependency; `npm ci --ignore-scripts`
// skips its download and silently falls back to the system Node, which Mastra cannot run on.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(
    `Node ${process.versions.node} is too old: Mastra and the AI SDK need Node >= 22.\n` +
      "Run `npm ci` (without --ignore-scripts) so the bundled Node 24 is installed, then use npm scripts.",
  );
  process.exit(1);
}
