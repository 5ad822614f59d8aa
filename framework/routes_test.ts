import { expect } from "expect";
import { covers, fileToPattern, routeEntries } from "./routes.ts";

Deno.test("routes: file names map to Fresh-style URL patterns", () => {
  expect(fileToPattern("./routes/index.tsx")).toBe("/");
  expect(fileToPattern("./routes/hospitals/[id].tsx")).toBe("/hospitals/:id");
  expect(fileToPattern("./routes/api/hospitals/[id]/forecast.ts")).toBe(
    "/api/hospitals/:id/forecast",
  );
  expect(fileToPattern("./routes/(admin)/admin.tsx")).toBe("/admin");
  expect(fileToPattern("./routes/docs/[...rest].tsx")).toBe("/docs/*");
});

Deno.test("routes: static segments are registered before parameters", () => {
  const entries = routeEntries({
    "./routes/hospitals/[id].tsx": {},
    "./routes/hospitals/new.tsx": {},
    "./routes/_middleware.ts": { handler: [] },
    "./routes/api/_middleware.ts": { handler: [] },
  });
  const pages = entries.filter((e) => e.kind === "page").map((e) => e.pattern);
  expect(pages).toEqual(["/hospitals/new", "/hospitals/:id"]);
  const mws = entries.filter((e) => e.kind === "middleware").map((e) => e.pattern).sort();
  expect(mws).toEqual(["/", "/api"]);
  expect(covers("/api", "/api/x")).toBe(true);
  expect(covers("/api", "/apix")).toBe(false);
});
