import { expect } from "expect";
import { generateManifest } from "../framework/manifest_gen.ts";

Deno.test("routes.gen.ts is up to date (run `deno task manifest` after adding a route)", async () => {
  const root = new URL("../", import.meta.url);
  const expected = await generateManifest(root);
  const actual = await Deno.readTextFile(new URL("routes.gen.ts", root));
  expect(actual).toBe(expected);
});
