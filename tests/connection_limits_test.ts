/**
 * Slow and idle connections cannot take the server down (issue 21: ~1,100 idle sockets at a
 * 1,024-file limit made the process exit). A real server process runs under `ulimit -n 1024`;
 * 1,500 connections are held against it — half silent, half sending one header line every
 * second and never finishing. It keeps answering /healthz while they are held, closes every one
 * of them (header timeout, the connection cap), answers afterwards and exits cleanly. A live
 * stream outlives the idle timeout.
 */
import { expect } from "expect";
import { startServer } from "./support/process.ts";
import { connectionCap } from "../lib/conn_guard.ts";

const ATTACKERS = 1_500;
const HEADER_TIMEOUT_MS = 3_000;

/** Resolves true when the peer closes the connection (EOF or reset), false at the deadline. */
async function closedByPeer(conn: Deno.Conn, deadline: number): Promise<boolean> {
  const buf = new Uint8Array(1024);
  while (Date.now() < deadline) {
    const timer = new Promise<"wait">((r) => setTimeout(() => r("wait"), deadline - Date.now()));
    const read = conn.read(buf).catch(() => null);
    const got = await Promise.race([read, timer]);
    if (got === "wait") return false;
    if (got === null) return true;
    // A 503 from the cap, or a 408: keep reading until the close.
  }
  return false;
}

Deno.test({
  name: "1,500 idle and slow-header connections against a 1,024-file process: it survives",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    expect(connectionCap(undefined, 1024)).toBeLessThan(1024);
    const dir = await Deno.makeTempDir({ prefix: "festsafe-conn-" });
    const server = await startServer(
      {
        PGLITE_DIR: `${dir}/pglite`,
        SEED_DEMO: "off",
        HTTP_HEADER_TIMEOUT_MS: String(HEADER_TIMEOUT_MS),
        HTTP_IDLE_TIMEOUT_MS: String(HEADER_TIMEOUT_MS),
        FESTSAFE_ADMIN_PASSWORD: "connection-test-password",
      },
      120_000,
      { openFileLimit: 1024 },
    );
    const port = Number(new URL(server.url).port);
    const conns: Deno.Conn[] = [];
    let dripping = true;
    const encoder = new TextEncoder();
    try {
      for (let i = 0; i < ATTACKERS; i++) {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port });
        conns.push(conn);
        if (i % 2) await conn.write(encoder.encode("GET /healthz HTTP/1.1\r\n")).catch(() => {});
      }
      // Slowloris: one more header line a second on the odd connections, never the blank line.
      const drip = (async () => {
        let n = 0;
        while (dripping) {
          await new Promise((r) => setTimeout(r, 1000));
          n++;
          await Promise.all(
            conns.filter((_, i) => i % 2).map((c) =>
              c.write(encoder.encode(`x-slow-${n}: 1\r\n`)).catch(() => {})
            ),
          );
        }
      })();

      // While they are held, the server still answers (an idle attacker makes room).
      const during = await fetch(`${server.url}/healthz`);
      await during.body?.cancel();
      expect(during.status).toBe(200);

      // Every attacking connection is closed by the server: shed at the cap or timed out.
      const deadline = Date.now() + HEADER_TIMEOUT_MS * 4 + 10_000;
      const closed = await Promise.all(conns.map((c) => closedByPeer(c, deadline)));
      dripping = false;
      await drip;
      expect(closed.filter((c) => !c).length).toBe(0);

      const after = await fetch(`${server.url}/healthz`);
      await after.body?.cancel();
      expect(after.status).toBe(200);

      // A live stream is in flight, not idle: it outlives the idle timeout.
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          email: "admin@festsafe.local",
          password: "connection-test-password",
        }),
      });
      expect(login.status).toBe(200);
      const { accessToken } = await login.json();
      const live = await fetch(`${server.url}/api/live`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(live.status).toBe(200);
      const reader = live.body!.getReader();
      await reader.read(); // the hello frame
      const outcome = await Promise.race([
        reader.read().then((r) => r.done ? "ended" : "data"),
        new Promise((r) => setTimeout(() => r("open"), HEADER_TIMEOUT_MS * 2)),
      ]);
      expect(outcome).not.toBe("ended");
      await reader.cancel();
    } finally {
      dripping = false;
      for (const c of conns) {
        try {
          c.close();
        } catch { /* closed */ }
      }
      const { code, output } = await server.stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      expect(output).not.toContain("Too many open files (os error 24)\n    at");
      expect([code, code ? output.slice(-3000) : ""]).toEqual([0, ""]);
    }
  },
});
