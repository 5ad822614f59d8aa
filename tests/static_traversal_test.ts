/**
 * Path-traversal battery against every static mount (lib/app.ts staticMounts): absolute and
 * double-slash paths, encoded slashes and backslashes, `..` in every encoding (percent, double
 * percent, overlong UTF-8, Unicode dot look-alikes), NUL, `/proc/self/…` and symlinks leading out
 * of the folder. Each attack goes in-process (a Request the URL parser normalises) and over a real
 * socket with the raw request line (nothing normalises it). No answer may carry a byte of a file
 * outside the mount: /etc/passwd, or a canary secrets file beside the folder.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { createApp, loadIslandAssets, staticMounts } from "../lib/app.ts";
import { staticPath } from "../lib/static_files.ts";

const repoRoot = new URL("../", import.meta.url).pathname;
const PASSWD = "root:x:0:0";

/** `..` and `/` spelled every way a decoder, a normaliser or a file system might accept. */
const DOTS = [
  "..",
  "%2e%2e",
  "%2E%2E",
  ".%2e",
  "%252e%252e",
  "%c0%ae%c0%ae",
  "%EF%BC%8E%EF%BC%8E", // U+FF0E fullwidth full stop
  "%E2%80%A4%E2%80%A4", // U+2024 one dot leader
  "\u2024\u2024",
  "...",
  "..;",
  "..%00",
];
const SLASHES = ["/", "%2f", "%2F", "%5c", "%5C", "\\", "%252f", "%c0%af", "%E2%88%95", "//"];

/** Ways to ask for absolute path `abs` from under prefix. */
function absoluteAttacks(prefix: string, abs: string): string[] {
  const rel = abs.slice(1);
  return [
    `${prefix}/${rel}`,
    `${prefix}//${rel}`,
    `${prefix}${encodeURIComponent(abs)}`,
    `${prefix}${abs.replaceAll("/", "%5C")}`,
    `${prefix}${abs.replaceAll("/", "%252F")}`,
    `${prefix}.${abs}`,
    `${prefix}.%2F${rel}`,
    `${prefix}file:${abs}`,
    `${prefix}file:%2F%2F${abs}`,
    `${prefix}/${rel}%00.js`,
    `${prefix}%00/${rel}`,
    `${prefix}/${rel}?x=.js`,
  ];
}

/** Ways to climb `depth` folders from under prefix and then read rel. */
function climbAttacks(prefix: string, depth: number, rel: string): string[] {
  const out: string[] = [];
  for (const dots of DOTS) {
    for (const slash of SLASHES) {
      const climb = `${dots}${slash}`.repeat(depth);
      out.push(`${prefix}${climb}${rel.replaceAll("/", slash)}`);
      out.push(`${prefix}.${slash}${climb}${rel}`);
    }
  }
  return out;
}

interface Answer {
  status: number;
  body: string;
}

/** One raw HTTP/1.1 request over a fresh socket: the request line goes out byte for byte. */
async function rawGet(port: number, target: string): Promise<Answer> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const timer = setTimeout(() => conn.close(), 10_000);
  try {
    await conn.write(
      new TextEncoder().encode(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
      ),
    );
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(65536);
    while (true) {
      let n: number | null;
      try {
        n = await conn.read(buf);
      } catch {
        break;
      }
      if (n === null) break;
      chunks.push(buf.slice(0, n));
    }
    const decoder = new TextDecoder();
    const text = chunks.map((c) => decoder.decode(c, { stream: true })).join("") +
      decoder.decode();
    const status = Number(text.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0);
    return { status, body: text };
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch { /* closed by the timer or the server */ }
  }
}

dbTest(
  "static mounts: no path reads a file outside its folder (in-process and raw socket)",
  async (s) => {
    const tmp = await Deno.makeTempDir({ prefix: "festsafe-traversal-" });
    const canary = `canary-${crypto.randomUUID()}`;
    const canaryName = `traversal-canary-${crypto.randomUUID()}.json`;
    // A secrets file beside the bundle folder and one beside static/ (the repository root, which
    // is also the server's working directory, as with the default data/secrets.json).
    await Deno.writeTextFile(`${tmp}/secrets.json`, JSON.stringify({ JWT_SECRET: canary }));
    await Deno.writeTextFile(`${repoRoot}${canaryName}`, JSON.stringify({ JWT_SECRET: canary }));
    await Deno.mkdir(`${tmp}/bundles`);
    await Deno.writeTextFile(`${tmp}/bundles/ok.js`, "export const ok = 1;\n");
    // Symlinks inside the folder that lead out of it.
    await Deno.symlink(`${tmp}/secrets.json`, `${tmp}/bundles/escape.js`);
    await Deno.symlink("/etc/passwd", `${tmp}/bundles/passwd.txt`);
    await Deno.symlink(tmp, `${tmp}/bundles/up`);
    const bundles = new URL(`file://${tmp}/bundles/`);
    const app = createApp(s, await loadIslandAssets(), bundles);
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
    const port = server.addr.port;
    try {
      const mounts = staticMounts(bundles);
      expect(mounts.length).toBeGreaterThanOrEqual(2);
      const attacks: string[] = [];
      for (const m of mounts) {
        const prefix = m.prefix ?? "/";
        const rootPath = decodeURIComponent(m.root.pathname);
        // How many folders up from the mount's root the canary beside it and / are.
        const parentCanary = rootPath === `${tmp}/bundles/` ? "secrets.json" : canaryName;
        const depthToSlash = rootPath.split("/").filter(Boolean).length;
        for (
          const abs of [
            "/etc/passwd",
            "/proc/self/root/etc/passwd",
            `/proc/self/cwd/${canaryName}`,
            `${tmp}/secrets.json`,
            `${repoRoot}${canaryName}`,
          ]
        ) attacks.push(...absoluteAttacks(prefix, abs));
        attacks.push(...climbAttacks(prefix, 1, parentCanary));
        attacks.push(...climbAttacks(prefix, depthToSlash + 2, "etc/passwd"));
        attacks.push(...climbAttacks(prefix, depthToSlash, `proc/self/cwd/${canaryName}`));
        for (
          const link of [
            "escape.js",
            "passwd.txt",
            "up/secrets.json",
            "up/bundles/ok.js",
            "secrets.json",
          ]
        ) {
          attacks.push(`${prefix}${link}`);
        }
      }
      expect(attacks.length).toBeGreaterThan(1000);
      const leaks: string[] = [];
      const check = (how: string, target: string, a: Answer) => {
        if (a.body.includes(PASSWD) || a.body.includes(canary)) leaks.push(`${how} ${target}`);
        if (a.status >= 500) leaks.push(`${how} ${target} → ${a.status}`);
      };
      for (const target of attacks) {
        let req: Request;
        try {
          req = new Request(`http://127.0.0.1${target}`);
        } catch {
          continue; // the URL parser refuses it: nothing reaches the app
        }
        const res = await app.fetch(req);
        check("in-process", target, { status: res.status, body: await res.text() });
      }
      for (const target of attacks) {
        check("socket", target, await rawGet(port, target));
      }
      expect(leaks).toEqual([]);

      // The battery can fail: the mounts do serve what is inside them, over both paths.
      expect((await app.request("/_islands/ok.js")).status).toBe(200);
      const favicon = await rawGet(port, "/favicon.svg");
      expect(favicon.status).toBe(200);
      expect(favicon.body).toContain("<svg");
      const bundle = await rawGet(port, "/_islands/ok.js");
      expect(bundle.body).toContain("export const ok = 1;");
    } finally {
      await server.shutdown();
      await Deno.remove(tmp, { recursive: true });
      await Deno.remove(`${repoRoot}${canaryName}`);
    }
  },
);

Deno.test("staticPath admits plain names with a known asset extension only", () => {
  expect(staticPath("/_islands/Board-AB12.js", "/_islands/")).toBe("Board-AB12.js");
  expect(staticPath("/basemap/world.geojson", "/")).toBe("basemap/world.geojson");
  for (
    const bad of [
      "//etc/passwd",
      "/%2Fetc%2Fpasswd",
      "/a%5Cb.js",
      "/../x.js",
      "/%2e%2e/x.js",
      "/.env",
      "/a/.hidden.js",
      "/x.js%00",
      "/README",
      "/deno.lock",
      "/secrets.ts",
      "/\uFF0E\uFF0E/x.js",
      "/a//b.js",
      "/a/",
      "/x.js.br",
    ]
  ) expect([bad, staticPath(bad, "/")]).toEqual([bad, null]);
});

Deno.test("the default secrets file lies outside every served folder", async () => {
  const { loadConfig } = await import("../infra/config.ts");
  const { secretsFileOf } = await import("../lib/auth/secrets.ts");
  const { islandsDir } = await import("../lib/islands_dir.ts");
  const cwd = Deno.cwd().replace(/\/?$/, "/");
  for (const env of [{}, { DATABASE_URL: "postgres://u@localhost:5432/db" }]) {
    const file = secretsFileOf(loadConfig(env));
    const absolute = new URL(file, `file://${cwd}`).pathname;
    for (const m of staticMounts(islandsDir())) {
      const root = decodeURIComponent(m.root.pathname);
      expect([file, absolute.startsWith(root)]).toEqual([file, false]);
    }
  }
});
