/** Starts `deno run main.ts` as a real child process and waits for it to answer. */
export interface RunningServer {
  url: string;
  process: Deno.ChildProcess;
  /** Milliseconds from spawn to the first 200 from /healthz. */
  startupMs: number;
  stop(): Promise<{ code: number; output: string }>;
}

/** A port that was free a moment ago. */
export function freePort(): number {
  const l = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

const root = new URL("../../", import.meta.url);

/** Runs main.ts with env (merged over a clean copy of ours) until stop() is called. */
export async function startServer(
  env: Record<string, string>,
  timeoutMs = 120_000,
  opts: { openFileLimit?: number } = {},
): Promise<RunningServer> {
  const port = freePort();
  const started = performance.now();
  // With a file limit, bash sets it and exec()s deno: the child is still the server itself.
  const [cmd, args] = opts.openFileLimit
    ? ["bash", [
      "-c",
      `ulimit -n ${opts.openFileLimit} && exec "$0" run -A main.ts`,
      Deno.execPath(),
    ]]
    : [Deno.execPath(), ["run", "-A", "main.ts"]];
  const child = new Deno.Command(cmd, {
    args,
    cwd: root,
    env: { WORKERS: "off", FEEDS: "off", LOG_LEVEL: "warn", ...env, PORT: String(port) },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const drain = async (s: ReadableStream<Uint8Array>) => {
    for await (const c of s) chunks.push(decoder.decode(c));
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  const url = `http://127.0.0.1:${port}`;
  /** SIGTERM, then SIGKILL after 60 s: a server that does not drain fails with code 137. */
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    const killer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, 60_000);
    const status = await child.status;
    clearTimeout(killer);
    await drained;
    return { code: status.code, output: chunks.join("") };
  };
  let exited = false;
  child.status.then(() => exited = true);
  while (performance.now() - started < timeoutMs) {
    if (exited) {
      const { output } = await stop();
      throw new Error(`server exited during start-up:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      await res.body?.cancel();
      if (res.status === 200) {
        return { url, process: child, startupMs: performance.now() - started, stop };
      }
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const { output } = await stop();
  throw new Error(`server did not answer within ${timeoutMs} ms:\n${output}`);
}

/** Runs main.ts with env and returns how it ended (for start-up failures). */
export async function runToExit(env: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: root,
    env: { WORKERS: "off", RUST_BACKTRACE: "0", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}
