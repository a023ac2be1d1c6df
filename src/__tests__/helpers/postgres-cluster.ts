import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../stack/free-port";

const run = promisify(execFile);

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`, no password (trust on localhost). */
  url: string;
  stop(): Promise<void>;
}

/**
 * A throwaway Postgres cluster for one test file: Debian's server binaries (`.ci/run` installs
 * `postgresql` with apt when missing), a data folder under the system's temp folder, a free port,
 * trust auth on 127.0.0.1. Postgres refuses to run as root, so as root the cluster belongs to the
 * `postgres` user the package creates. Stopped with `-m immediate`; the folder is removed.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(tmpdir(), "pg-cluster-"));
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? await postgresUserIds() : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const pg = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);
  const port = await freePort();
  await pg("initdb", ["-D", dir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  await pg("pg_ctl", [
    "-D",
    dir,
    "-l",
    path.join(dir, "server.log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "start",
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const DEBIAN_POSTGRES = "/usr/lib/postgresql";

/**
 * Whether the tests that need Postgres can run. Under CI a missing server is a failure (the tests
 * run and fail when they start the cluster); elsewhere they are skipped with this one-line reason,
 * as the browser tests are without Chromium.
 */
export function postgresSkipReason(root = DEBIAN_POSTGRES): string | undefined {
  if (newestBinDir(root) !== undefined || process.env.CI === "true") return undefined;
  return `Postgres tests skipped: no server under ${root} (apt-get install postgresql)`;
}

/** Where Debian puts the server's binaries (`/usr/lib/postgresql/<major>/bin`). */
function postgresBinDir(): string {
  const bin = newestBinDir(DEBIAN_POSTGRES);
  if (bin === undefined) {
    throw new Error(
      "Postgres is not installed: `apt-get install -y postgresql` (`.ci/run` does this when it is missing)",
    );
  }
  return bin;
}

function newestBinDir(root: string): string | undefined {
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(path.join(root, name, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return majors[0] === undefined ? undefined : path.join(root, majors[0], "bin");
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
