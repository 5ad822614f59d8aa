import { expect } from "expect";
import { describePath, placeOfPath } from "./problem_words.ts";

Deno.test("upload problems are placed in the file's own terms", () => {
  expect(describePath("rows.4.edArrivals")).toBe("row 4, column edArrivals");
  expect(describePath("records.3.hospitalId")).toBe("record 4, field hospitalId");
  expect(describePath("(header).edArrivls")).toBe("header, column edArrivls");
  expect(describePath("rows.12")).toBe("row 12");
  expect(describePath("(body)")).toBe("(body)");
  expect(placeOfPath("rows.7.ts")).toEqual({ where: "row 7", column: "ts" });
});
