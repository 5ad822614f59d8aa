/**
 * A pinned webhook request over TLS still verifies the certificate for the URL's host name
 * (issue 21): the connection goes to the address that was checked, but SNI and the name check
 * use the host, so a pinned address serving another name's certificate is refused, and so is a
 * certificate from an untrusted issuer. Certificates: tests/support/tls/README.md.
 */
import { expect } from "expect";
import { sendPinned } from "../services/webhook_send.ts";

const dir = new URL("./support/tls/", import.meta.url);
const read = (name: string) => Deno.readTextFile(new URL(name, dir));

Deno.test("webhooks over TLS: pinned to the address, verified for the host name", async () => {
  const [cert, key, ca] = await Promise.all([read("hooks.pem"), read("hooks.key"), read("ca.pem")]);
  const hosts: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, cert, key, onListen() {} },
    async (req) => {
      hosts.push(req.headers.get("host") ?? "");
      await req.text();
      return new Response(null, { status: 204 });
    },
  );
  const port = server.addr.port;
  const send = (host: string, trust?: string[]) => {
    const url = new URL(`https://${host}:${port}/hook`);
    return sendPinned(
      { url, host, address: "127.0.0.1", family: 4 },
      { headers: { "content-type": "application/json" }, body: "{}" },
      AbortSignal.timeout(10_000),
      trust,
    );
  };
  try {
    // The name the certificate is for, trusted CA: delivered to the pinned address.
    expect(await send("hooks.festsafe.test", [ca])).toBe(204);
    expect(hosts).toEqual([`hooks.festsafe.test:${port}`]);
    // Same address, another name: the certificate does not cover it.
    await expect(send("other.festsafe.test", [ca])).rejects.toThrow(/altname|does not match/i);
    // The right name but an issuer nobody trusts.
    await expect(send("hooks.festsafe.test")).rejects.toThrow(/certificate/i);
    expect(hosts).toHaveLength(1);
  } finally {
    await server.shutdown();
  }
});
