import { expect } from "expect";
import { checkWebhookUrl, isPrivateAddress, resolveWebhookTarget } from "./webhook_target.ts";

Deno.test("webhook targets: every IANA special-purpose IPv4 block is refused", () => {
  for (
    const ip of [
      "127.0.0.1",
      "127.255.255.254",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "192.0.0.9",
      "192.0.2.10",
      "192.31.196.1",
      "192.52.193.1",
      "192.88.99.1",
      "192.175.48.1",
      "198.18.0.1",
      "198.19.255.255",
      "198.51.100.7",
      "203.0.113.7",
      "224.0.0.1",
      "239.255.255.250",
      "240.0.0.1",
      "255.255.255.255",
      "127.1", // not the dotted form a resolver returns
      "not-an-ip",
    ]
  ) expect([ip, isPrivateAddress(ip)]).toEqual([ip, true]);
  for (const ip of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "198.20.0.1", "1.1.1.1"]) {
    expect([ip, isPrivateAddress(ip)]).toEqual([ip, false]);
  }
});

Deno.test("webhook targets: IPv6 special-purpose forms are refused, whatever they embed", () => {
  for (
    const ip of [
      "::1",
      "::",
      "[::7f00:1]", // IPv4-compatible 127.0.0.1 (the probe's first form)
      "::127.0.0.1",
      "::808:808", // IPv4-compatible, even of a public address: deprecated (RFC 4291)
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:8.8.8.8", // IPv4-mapped: refused whatever it maps (was accepted before issue 21)
      "[2002:7f00:1::]", // 6to4 of 127.0.0.1 (the probe's second form)
      "2002:808:808::1",
      "64:ff9b::7f00:1", // NAT64
      "64:ff9b::8.8.8.8",
      "64:ff9b:1::1",
      "2001::1", // Teredo
      "2001:0:4136:e378:8000:63bf:3fff:fdd2",
      "2001:2::1", // benchmarking
      "2001:20::1", // ORCHIDv2
      "2001:db8::1", // documentation
      "3fff::1",
      "100::1", // discard
      "2620:4f:8000::1", // AS112
      "5f00::1",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "fe80::1%eth0",
      "fec0::1",
      "ff02::1",
      "ff0e::1",
    ]
  ) expect([ip, isPrivateAddress(ip)]).toEqual([ip, true]);
  for (const ip of ["2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "[2001:4860:4860::8888]"]) {
    expect([ip, isPrivateAddress(ip)]).toEqual([ip, false]);
  }
});

Deno.test("webhook targets: URLs are refused at registration, the address is pinned", async () => {
  for (
    const url of [
      "http://127.0.0.1:9000/hook",
      "http://localhost/hook",
      "http://[::1]/hook",
      "http://[::7f00:1]/hook",
      "http://[2002:7f00:1::]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://[64:ff9b::a00:1]/hook",
      "http://2130706433/hook", // 127.0.0.1 as one number: the URL parser makes it dotted
      "http://0x7f.1/hook",
      "https://169.254.169.254/latest/meta-data",
      "ftp://example.com/",
      "https://user:pw@example.com/",
    ]
  ) {
    await expect(checkWebhookUrl(url, false)).rejects.toMatchObject({ status: 422 });
  }
  expect((await checkWebhookUrl("http://127.0.0.1:9000/hook", true)).port).toBe("9000");
  expect((await checkWebhookUrl("https://8.8.8.8/hook", false)).hostname).toBe("8.8.8.8");
  expect(await resolveWebhookTarget("https://[2606:4700:4700::1111]/x", false)).toMatchObject({
    host: "2606:4700:4700::1111",
    address: "2606:4700:4700::1111",
    family: 6,
  });
  expect(await resolveWebhookTarget("http://127.0.0.1:9000/hook", true)).toMatchObject({
    address: "127.0.0.1",
    family: 4,
  });
});
