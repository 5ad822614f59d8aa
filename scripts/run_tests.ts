/**
 * `deno task test`: builds the island bundles into a folder of this run's own and runs
 * `deno test -A` with ISLANDS_DIR pointing there, so that a server running from the same
 * checkout keeps serving its own static/_islands. Arguments go to `deno test`.
 */
import { buildIslands } from "../framework/island_build.ts";

const root = new URL("../", import.meta.url);
const dir = await Deno.makeTempDir({ prefix: "festsafe-test-islands-" });
let code = 1;
try {
  await buildIslands(root, { outDir: new URL(`file://${dir}/`) });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", ...Deno.args],
    cwd: root,
    env: { ISLANDS_DIR: dir },
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const stop = () => child.kill("SIGINT");
  Deno.addSignalListener("SIGINT", stop);
  code = (await child.status).code;
  Deno.removeSignalListener("SIGINT", stop);
} finally {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}
Deno.exit(code);
