/**
 * Login protection cannot be aimed at others (issue 10): 20 wrong passwords used to lock the
 * victim out for 15 minutes even with the right password, and 100 failures from one address
 * blocked everyone behind the same proxy.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { jsonInit, makeOrg, TEST_PASSWORD } from "./support/accounts.ts";
import { lockSeconds, PAIR_FREE_FAILURES } from "../lib/auth/login_guard.ts";
import { clientAddress } from "../lib/auth/client_address.ts";

const PROXY = "10.1.2.3";
/** Hono's Deno adapter reads the socket address from the env Deno.serve passes. */
const socket = (hostname: string) => ({ remoteAddr: { hostname, port: 40000, transport: "tcp" } });

dbTest("a victim signs in from another client while the attacker is locked out", async (s) => {
  const app = await buildTestApp({ ...s, config: { ...s.config, TRUSTED_PROXIES: "10.0.0.0/8" } });
  const org = await makeOrg(s, "guard");
  const victim = org.users.coordinator.email;
  const login = (password: string, forwardedFor: string) =>
    app.request(
      "/api/auth/login",
      jsonInit("POST", { email: victim, password }, { "x-forwarded-for": forwardedFor }),
      socket(PROXY),
    );
  const attacker = "203.0.113.66";
  let refused = 0;
  for (let i = 0; i < PAIR_FREE_FAILURES + 5; i++) {
    const res = await login(`guess ${i}`, attacker);
    if (res.status === 429) refused++;
    else expect(res.status).toBe(401);
    await res.body?.cancel();
  }
  expect(refused).toBe(5);
  // Even the right password is refused from the attacker's address...
  const attackerRight = await login(TEST_PASSWORD, attacker);
  expect(attackerRight.status).toBe(429);
  expect(Number(attackerRight.headers.get("retry-after"))).toBeGreaterThanOrEqual(30);
  await attackerRight.body?.cancel();
  // ...a spoofed X-Forwarded-For prefix does not get the attacker a fresh address...
  const spoofed = await login(TEST_PASSWORD, `198.51.100.7, ${attacker}`);
  expect(spoofed.status).toBe(429);
  await spoofed.body?.cancel();
  // ...and the victim, elsewhere behind the same proxy, signs in.
  const own = await login(TEST_PASSWORD, "198.51.100.7");
  expect(own.status).toBe(200);
  expect(own.headers.get("content-type")).toContain("application/json");
  expect((await own.json()).tokenType).toBe("Bearer");
});

dbTest("X-Forwarded-For from an untrusted socket is ignored", async (s) => {
  const app = await buildTestApp({ ...s, config: { ...s.config, TRUSTED_PROXIES: PROXY } });
  const org = await makeOrg(s, "spoof");
  const direct = "192.0.2.44";
  let last = 0;
  for (let i = 0; i <= PAIR_FREE_FAILURES; i++) {
    const res = await app.request(
      "/api/auth/login",
      jsonInit("POST", { email: org.users.analyst.email, password: `nope ${i}` }, {
        "x-forwarded-for": `198.51.100.${i}`, // a fresh "address" each time: not believed
      }),
      socket(direct),
    );
    last = res.status;
    await res.body?.cancel();
  }
  expect(last).toBe(429);
});

Deno.test("client address: rightmost untrusted hop; back-off doubles up to an hour", () => {
  expect(clientAddress("10.0.0.5", "1.1.1.1, 203.0.113.9, 10.0.0.7", "10.0.0.0/8"))
    .toBe("203.0.113.9");
  expect(clientAddress("192.0.2.1", "1.1.1.1", "10.0.0.0/8")).toBe("192.0.2.1");
  expect(clientAddress("::1", "garbage, 198.51.100.7", "::1")).toBe("198.51.100.7");
  expect(clientAddress("::ffff:10.0.0.9", "2001:db8::5", "10.0.0.0/8")).toBe("2001:db8::5");
  expect(clientAddress("10.0.0.5", "not-an-ip", "10.0.0.0/8")).toBe("10.0.0.5");
  expect(lockSeconds(PAIR_FREE_FAILURES - 1, PAIR_FREE_FAILURES)).toBe(0);
  expect(lockSeconds(PAIR_FREE_FAILURES, PAIR_FREE_FAILURES)).toBe(30);
  expect(lockSeconds(PAIR_FREE_FAILURES + 1, PAIR_FREE_FAILURES)).toBe(60);
  expect(lockSeconds(PAIR_FREE_FAILURES + 20, PAIR_FREE_FAILURES)).toBe(3600);
});
