import { expect } from "expect";
import { ageAt, ageBand, pseudonym } from "./pseudonymise.ts";

Deno.test("ageBand groups ages into 5-year bands with 90+ on top", () => {
  expect(ageBand(0)).toBe("0-4");
  expect(ageBand(4)).toBe("0-4");
  expect(ageBand(5)).toBe("5-9");
  expect(ageBand(37)).toBe("35-39");
  expect(ageBand(89)).toBe("85-89");
  expect(ageBand(90)).toBe("90+");
  expect(ageBand(104)).toBe("90+");
  expect(ageBand(null)).toBe(null);
  expect(ageBand(-1)).toBe(null);
});

Deno.test("ageAt counts whole years and respects the birthday", () => {
  const at = new Date("2025-04-12T10:00:00Z");
  expect(ageAt("1990-04-12", at)).toBe(35);
  expect(ageAt("1990-04-13", at)).toBe(34);
  expect(ageAt("2026-01-01", at)).toBe(null);
  expect(ageAt("not a date", at)).toBe(null);
});

Deno.test("pseudonyms are stable per scope, differ across scopes and secrets, hide the input", async () => {
  const secret = "s".repeat(40);
  const a = await pseudonym(secret, "org-1", "MRN-000123");
  expect(a).toMatch(/^[0-9a-f]{32}$/);
  expect(await pseudonym(secret, "org-1", "MRN-000123")).toBe(a);
  expect(await pseudonym(secret, "org-2", "MRN-000123")).not.toBe(a);
  expect(await pseudonym("t".repeat(40), "org-1", "MRN-000123")).not.toBe(a);
  expect(a).not.toContain("123");
});
