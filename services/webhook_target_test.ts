import { expect } from "expect";
import { checkWebhookUrl, isPrivateAddress } from "./webhook_target.ts";

Deno.test("webhook targets: loopback, private, link-local and mapped addresses are refused", async () => {
  for (
    const ip of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "not-an-ip",
    ]
  ) expect([ip, isPrivateAddress(ip)]).toEqual([ip, true]);
  for (const ip of ["8.8.8.8", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
    expect([ip, isPrivateAddress(ip)]).toEqual([ip, false]);
  }
  for (
    const url of [
      "http://127.0.0.1:9000/hook",
      "http://localhost/hook",
      "http://[::1]/hook",
      "https://169.254.169.254/latest/meta-data",
      "ftp://example.com/",
      "https://user:pw@example.com/",
    ]
  ) {
    await expect(checkWebhookUrl(url, false)).rejects.toMatchObject({ status: 422 });
  }
  expect((await checkWebhookUrl("http://127.0.0.1:9000/hook", true)).port).toBe("9000");
  expect((await checkWebhookUrl("https://8.8.8.8/hook", false)).hostname).toBe("8.8.8.8");
});
