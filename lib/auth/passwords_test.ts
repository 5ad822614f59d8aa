import { expect } from "expect";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { constantTimeEqual } from "./constant_time.ts";

Deno.test("argon2id hashes verify the right password only and are salted", async () => {
  const a = await hashPassword("correct horse battery");
  const b = await hashPassword("correct horse battery");
  expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(a).not.toBe(b);
  expect(await verifyPassword("correct horse battery", a)).toBe(true);
  expect(await verifyPassword("correct horse batterY", a)).toBe(false);
  expect(await verifyPassword("correct horse battery", "not a hash")).toBe(false);
});

Deno.test("constantTimeEqual compares whole values", () => {
  expect(constantTimeEqual("abc", "abc")).toBe(true);
  expect(constantTimeEqual("abc", "abd")).toBe(false);
  expect(constantTimeEqual("abc", "abcd")).toBe(false);
  expect(constantTimeEqual("", "")).toBe(true);
});
