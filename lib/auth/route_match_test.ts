import { expect } from "expect";
import { matchRule } from "./route_match.ts";
import type { Access } from "../access.ts";

const rules: Record<string, Access> = {
  "GET /api/models/:id": { roles: ["admin"] },
  "GET /api/models/current.onnx": { public: true },
  "PATCH /api/hospitals/:id": { roles: ["admin"] },
};

Deno.test("matchRule prefers static segments, extracts params and fails closed", () => {
  expect(matchRule("GET", "/api/models/current.onnx", rules)?.key).toBe(
    "GET /api/models/current.onnx",
  );
  expect(matchRule("GET", "/api/models/v3", rules)).toMatchObject({
    key: "GET /api/models/:id",
    params: { id: "v3" },
  });
  expect(matchRule("PATCH", "/api/hospitals/a%20b", rules)?.params).toEqual({ id: "a b" });
  expect(matchRule("HEAD", "/api/models/v3", rules)?.key).toBe("GET /api/models/:id");
  expect(matchRule("DELETE", "/api/hospitals/x", rules)).toBeNull();
  expect(matchRule("GET", "/api/hospitals/x/y", rules)).toBeNull();
  expect(matchRule("GET", "/api/models/%E0%A4%A", rules)).toBeNull();
});
