/**
 * A small server speaking the Upstash Redis REST protocol in front of a real Redis, so that the
 * real @upstash/redis client runs in tests (STACK_NOTES.md): POST / with one command as a JSON
 * array, /pipeline and /multi-exec with an array of commands; bearer token checked; answers
 * {result} or {error}; string results base64-encoded when the request asks for it.
 */
import { createClient } from "redis";

type Reply = string | number | null | Reply[];

function encode(value: unknown, base64: boolean): Reply {
  if (Array.isArray(value)) return value.map((v) => encode(v, base64));
  if (typeof value === "string") return base64 ? btoa(value) : value;
  if (typeof value === "number" || value === null) return value;
  if (value === undefined) return null;
  return String(value);
}

export async function startUpstashServer(redisUrl: string, token: string) {
  const client = createClient({ url: redisUrl });
  client.on("error", () => {});
  await client.connect();
  const run = async (cmd: unknown[], base64: boolean) => {
    try {
      return { result: encode(await client.sendCommand(cmd.map(String)), base64) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  };
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    if (req.headers.get("authorization") !== `Bearer ${token}`) {
      return Response.json({ error: "Unauthorized" }, { status: 401 });
    }
    const base64 = req.headers.get("upstash-encoding") === "base64";
    const body = await req.json();
    const path = new URL(req.url).pathname;
    if (path === "/pipeline") {
      const out = [];
      for (const cmd of body as unknown[][]) out.push(await run(cmd, base64));
      return Response.json(out);
    }
    if (path === "/multi-exec") {
      const multi = client.multi();
      for (const cmd of body as unknown[][]) multi.addCommand(cmd.map(String));
      try {
        const results = await multi.exec();
        return Response.json(results.map((r) => ({ result: encode(r, base64) })));
      } catch (err) {
        return Response.json({ error: (err as Error).message }, { status: 400 });
      }
    }
    const result = await run(body as unknown[], base64);
    return Response.json(result, { status: "error" in result ? 400 : 200 });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    async close() {
      await server.shutdown();
      await client.close();
    },
  };
}
