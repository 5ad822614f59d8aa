import { expect } from "expect";
import { SignJWT } from "jose";
import { signAccessToken, signingKeys, verifyAccessToken } from "./tokens.ts";

const claims = {
  sub: crypto.randomUUID(),
  email: "a@b.test",
  role: "analyst",
  orgId: crypto.randomUUID(),
  platformAdmin: false,
  sid: crypto.randomUUID(),
};

Deno.test("access tokens round-trip and name their key", async () => {
  const keys = await signingKeys(["k".repeat(40)]);
  const token = await signAccessToken(keys, claims);
  const header = JSON.parse(atob(token.split(".")[0].replaceAll("-", "+").replaceAll("_", "/")));
  expect(header).toMatchObject({ alg: "HS256", kid: keys[0].kid });
  expect(await verifyAccessToken(keys, token)).toEqual(claims);
});

Deno.test("a token of a retired key still verifies while listed, then no longer", async () => {
  const [oldKey] = await signingKeys(["o".repeat(40)]);
  const [newKey] = await signingKeys(["n".repeat(40)]);
  const token = await signAccessToken([oldKey], claims);
  expect((await verifyAccessToken([newKey, oldKey], token)).sub).toBe(claims.sub);
  await expect(verifyAccessToken([newKey], token)).rejects.toMatchObject({ status: 401 });
});

Deno.test("a token verified before is refused once it expires", async () => {
  const keys = await signingKeys(["e".repeat(40)]);
  // Signed like signAccessToken, but expiring at the next whole second.
  const exp = Math.floor(Date.now() / 1000) + 1;
  const token = await new SignJWT({
    email: claims.email,
    role: claims.role,
    org: claims.orgId,
    pa: false,
    sid: claims.sid,
  }).setProtectedHeader({ alg: "HS256", typ: "JWT", kid: keys[0].kid }).setSubject(claims.sub)
    .setIssuer("festsafe").setAudience("festsafe-api").setIssuedAt().setExpirationTime(exp)
    .sign(keys[0].cryptoKey);
  expect(await verifyAccessToken(keys, token)).toEqual(claims);
  expect(await verifyAccessToken(keys, token)).toEqual(claims); // remembered
  while (Math.floor(Date.now() / 1000) < exp) await new Promise((r) => setTimeout(r, 50));
  await expect(verifyAccessToken(keys, token)).rejects.toMatchObject({
    status: 401,
    message: "token expired",
  });
});

Deno.test("a remembered token's claims cannot be changed by a caller", async () => {
  const keys = await signingKeys(["m".repeat(40)]);
  const token = await signAccessToken(keys, claims);
  const first = await verifyAccessToken(keys, token);
  first.role = "admin";
  expect((await verifyAccessToken(keys, token)).role).toBe("analyst");
});

Deno.test("a tampered copy of a remembered token is refused", async () => {
  const keys = await signingKeys(["t".repeat(40)]);
  const token = await signAccessToken(keys, claims);
  await verifyAccessToken(keys, token);
  const [h, p, sig] = token.split(".");
  const forged = `${h}.${p}.${sig.slice(0, -2)}${sig.endsWith("AA") ? "BB" : "AA"}`;
  await expect(verifyAccessToken(keys, forged)).rejects.toMatchObject({ status: 401 });
});
