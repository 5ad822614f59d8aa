/**
 * Issue 22: signed-in HTML went out uncompressed (42–68 KB a page) because pages carrying the
 * CSRF token were left whole (BREACH). The token is now masked afresh in every answer, so they
 * are compressed; forms still post with it, and the live stream is never compressed (buffered).
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, makeOrg } from "./support/accounts.ts";
import { browser } from "./support/form_browser.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { unmaskCsrf } from "../lib/auth/csrf.ts";

const tokenIn = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];

dbTest("signed-in pages are compressed; their CSRF token is masked per answer", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "compress");
  const b = browser(app);
  b.jar.set("fs_access", org.users.admin.token);
  await (await b.get("/")).body?.cancel(); // the CSRF cookie
  const cookie = () => [...b.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const sizes: string[] = [];
  for (const path of ["/", "/admin", `/hospitals/${org.hospital.code}`, "/plans", "/events"]) {
    const plain = await app.request(path, { headers: { cookie: cookie() } });
    expect([path, plain.status]).toEqual([path, 200]);
    expect(plain.headers.get("content-encoding")).toBeNull();
    const html = await plain.text();
    for (const [encoding, format] of [["br", "brotli"], ["gzip", "gzip"]] as const) {
      const res = await app.request(path, {
        headers: { cookie: cookie(), "accept-encoding": `${encoding}, deflate` },
      });
      expect([path, res.headers.get("content-encoding")]).toEqual([path, encoding]);
      expect(res.headers.get("vary")).toMatch(/accept-encoding/i);
      const packed = new Uint8Array(await res.arrayBuffer());
      const text = await new Response(
        new Blob([packed]).stream().pipeThrough(new DecompressionStream(format)),
      ).text();
      expect(text).toContain("</html>");
      // Same page, other mask: the token's bytes never repeat between answers.
      expect(tokenIn(text)).not.toBe(tokenIn(html));
      expect(unmaskCsrf(tokenIn(text))).toBe(b.jar.get("fs_csrf"));
      expect(text).not.toContain(b.jar.get("fs_csrf")!);
      // A full page compresses to well under half (measured about a fifth); a short one less.
      const limit = text.length > 8_000 ? 0.4 : 0.8;
      expect([path, encoding, packed.length < text.length * limit]).toEqual([
        path,
        encoding,
        true,
      ]);
      if (encoding === "br") {
        sizes.push(
          `${path} ${(text.length / 1024).toFixed(0)} KB → ${(packed.length / 1024).toFixed(1)} KB`,
        );
      }
    }
  }
  console.log(`signed-in pages, brotli: ${sizes.join("; ")}`);

  // A masked token posts like the plain one; a tampered or foreign one is refused.
  const page = await (await b.get("/admin")).text();
  const masked = tokenIn(page);
  const ok = await b.post("/admin", { _csrf: masked, action: "create_key", name: "masked" });
  expect(ok.status).toBe(200);
  await ok.body?.cancel();
  const [, pad, xored] = masked.split(".");
  const tampered = `m.${pad}.${xored.slice(0, -2)}${xored.endsWith("AA") ? "BB" : "AA"}`;
  const refused = await b.post("/admin", { _csrf: tampered, action: "create_key", name: "x" });
  expect(refused.status).toBe(403);
  await refused.body?.cancel();
});

dbTest("the live stream is never compressed, so its frames are not held back", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "compress-live");
  const { accessToken } = await startSession(s, org.users.coordinator);
  const abort = new AbortController();
  const res = await app.request("/api/live", {
    headers: { ...bearer(accessToken), "accept-encoding": "br, gzip" },
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  expect(res.headers.get("content-encoding")).toBeNull();
  // The hello frame arrives on its own, readable as plain text.
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  expect(new TextDecoder().decode(value)).toContain("hello");
  abort.abort();
  await reader.cancel().catch(() => {});
});
