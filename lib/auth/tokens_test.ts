import { expect } from "expect";
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
