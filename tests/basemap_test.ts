/**
 * Issue 22: maps were blank outside Southern California (only its county outlines shipped). The
 * base map is now drawn for the organisation's extent from Natural Earth and US Census data;
 * checked here for organisations in Texas, Ontario and New South Wales against known geography.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, bearer, jsonInit, unique } from "./support/accounts.ts";
import { browser } from "./support/form_browser.ts";
import type { Basemap } from "../lib/basemap.ts";
import type { Services } from "../lib/runtime.ts";
import { browserTest } from "./support/browser.ts";
import { ACCESS_COOKIE } from "../lib/auth/cookies.ts";

type Position = [number, number];

/** Ray casting over every ring (holes flip it back). */
function onLand(map: Basemap, [lon, lat]: Position): boolean {
  let inside = false;
  for (const f of map.features) {
    if (f.geometry.type !== "MultiPolygon") continue;
    for (const rings of f.geometry.coordinates) {
      for (const ring of rings) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i], [xj, yj] = ring[j];
          if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
            inside = !inside;
          }
        }
      }
    }
  }
  return inside;
}

/** Distance in degrees from a point to a segment. */
function distance([x, y]: Position, [ax, ay]: Position, [bx, by]: Position) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

const kinds = (map: Basemap) => new Set(map.features.map((f) => f.properties.kind));
const allPositions = (map: Basemap): Position[] =>
  map.features.flatMap((f) =>
    f.geometry.type === "MultiPolygon"
      ? f.geometry.coordinates.flat(2)
      : f.geometry.coordinates.flat(1)
  );

const places = {
  texas: {
    hospitals: [["Austin", 30.27, -97.74, "America/Chicago"], [
      "San Antonio",
      29.42,
      -98.49,
      "America/Chicago",
    ]],
    land: [[-97.74, 30.27], [-98.49, 29.42]],
    sea: [[-96.5, 27.5]], // the Gulf of Mexico off Corpus Christi
    borders: ["county-border"],
  },
  ontario: {
    hospitals: [["Toronto", 43.65, -79.38, "America/Toronto"], [
      "Hamilton",
      43.26,
      -79.87,
      "America/Toronto",
    ]],
    land: [[-79.38, 43.67], [-79.87, 43.26], [-77.61, 43.16]],
    // Natural Earth's countries include the Great Lakes: no water to find here, but the
    // Canada–US border runs through Lake Ontario, and Rochester NY is across it.
    sea: [],
    borderNear: [-78.0, 43.6],
    borders: ["country-border", "state-border"],
  },
  nsw: {
    hospitals: [["Sydney", -33.87, 151.21, "Australia/Sydney"], [
      "Newcastle",
      -32.93,
      151.75,
      "Australia/Sydney",
    ]],
    land: [[151.0, -33.8], [151.6, -32.9]],
    sea: [[152.5, -33.5]], // the Tasman Sea
    borders: [],
  },
} as const;

async function orgAt(s: Services, app: Awaited<ReturnType<typeof buildTestApp>>, label: string) {
  const [{ id }] = await s.db.query<{ id: string }>(
    "INSERT INTO orgs (name) VALUES ($1) RETURNING id",
    [unique(`map-${label}`)],
  );
  const admin = await addUser(s, id, "admin");
  for (const [name, lat, lon, timezone] of places[label as keyof typeof places].hospitals) {
    const res = await app.request(
      "/api/hospitals",
      jsonInit("POST", {
        id: unique(name.toLowerCase().replace(" ", "-")),
        name,
        lat,
        lon,
        edBeds: 20,
        timezone,
      }, bearer(admin.token)),
    );
    expect(res.status).toBe(201);
    await res.body?.cancel();
  }
  return admin;
}

dbTest(
  "base map: Texas, Ontario and New South Wales organisations get their own geography",
  async (s) => {
    const app = await buildTestApp(s);
    for (const label of Object.keys(places) as (keyof typeof places)[]) {
      const want = places[label];
      const admin = await orgAt(s, app, label);
      const b = browser(app);
      b.jar.set("fs_access", admin.token);
      const html = await (await b.get("/")).text();
      // The pan-and-zoom map's base map URL, from the island's props.
      const url = html.match(/basemapUrl&quot;:&quot;([^&]+)&quot;/)?.[1];
      expect([label, url]).toEqual([label, expect.stringMatching(/^\/map\/base\?bbox=/)]);
      const [west, south, east, north] = url!.split("=")[1].split(",").map(Number);
      for (const [, lat, lon] of want.hospitals) {
        expect(lon > west && lon < east && lat > south && lat < north).toBe(true);
      }
      const res = await app.request(url!);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/geo+json");
      const body = await res.text();
      // Clipped and simplified: tens of kilobytes, not the packages' megabytes.
      expect([label, body.length < 80_000]).toEqual([label, true]);
      const map: Basemap = JSON.parse(body);
      expect(kinds(map).has("land")).toBe(true);
      for (const kind of want.borders) expect([label, kinds(map).has(kind)]).toEqual([label, true]);
      const pts = allPositions(map);
      expect(pts.length).toBeGreaterThan(20);
      // Every vertex lies inside the extent (clipped), and geography is where it should be.
      for (const [lon, lat] of pts) {
        expect(lon >= west && lon <= east && lat >= south && lat <= north).toBe(true);
      }
      for (const p of want.land) {
        expect([label, p, onLand(map, p as Position)]).toEqual([
          label,
          p,
          true,
        ]);
      }
      for (const p of want.sea) {
        expect([label, p, onLand(map, p as Position)]).toEqual([
          label,
          p,
          false,
        ]);
      }
      if ("borderNear" in want) {
        const [x, y] = want.borderNear;
        const border = map.features.find((f) => f.properties.kind === "country-border");
        const near = (border?.geometry.coordinates as Position[][] ?? []).some((line) =>
          line.some((p, i) => i > 0 && distance([x, y], line[i - 1], p) < 0.2)
        );
        expect([label, near]).toEqual([label, true]);
      }
      // The server-drawn SVG map carries the same outlines.
      // (clipped to the picture: inland, land is the whole frame; the borders carry the detail)
      const land = html.match(/<path d="(M[^"]+)"[^>]*data-kind="land"/)?.[1] ?? "";
      expect([label, land.length > 20]).toEqual([label, true]);
      const svg = html.slice(html.indexOf('data-testid="region-svg-map"'));
      const drawn = [...svg.slice(0, svg.indexOf("</svg>")).matchAll(/<path d="(M[^"]*)"/g)]
        .reduce((n, m) => n + m[1].length, 0);
      expect([label, drawn > 200]).toEqual([label, true]);
      // The hospital picker opens on the organisation's hospitals, on the same base map.
      const picker = await (await b.get("/hospitals/new")).text();
      expect(picker).toContain(url!.replaceAll("&", "&amp;"));
      expect(picker).toMatch(/bounds&quot;:\[\[/);
    }
  },
);

dbTest("base map: a bad bbox is a 422 naming it; no places gives the world", async (s) => {
  const app = await buildTestApp(s);
  for (const bbox of ["", "1,2,3", "10,0,5,5", "0,0,200,10", "a,b,c,d", "0.5,0,1,1"]) {
    const res = await app.request(`/map/base?bbox=${bbox}`);
    expect([bbox, res.status]).toEqual([bbox, 422]);
    expect((await res.json()).error.details[0].path).toBe("bbox");
  }
  const world: Basemap = await (await app.request("/map/base?bbox=-180,-85,180,85")).json();
  expect(onLand(world, [2.35, 48.86])).toBe(true); // Paris
  expect(onLand(world, [-30, 0])).toBe(false); // the Atlantic
  expect(kinds(world).has("state-border")).toBe(false);
});

browserTest(
  "browser: the hospital picker draws the base map in Texas, Ontario and New South Wales",
  async ({ page, base, services: s }) => {
    const app = await buildTestApp(s);
    const shares: string[] = [];
    for (const label of Object.keys(places) as (keyof typeof places)[]) {
      const admin = await orgAt(s, app, label);
      await page.context().clearCookies();
      await page.context().addCookies([{ name: ACCESS_COOKIE, value: admin.token, url: base }]);
      const basemap = page.waitForResponse((r) => new URL(r.url()).pathname === "/map/base");
      await page.goto(`${base}/hospitals/new`);
      expect((await basemap).status()).toBe(200);
      await page.locator('[data-testid="location-map"] canvas').waitFor();
      await page.waitForTimeout(2500); // tiles of GeoJSON are drawn by the map's worker
      const png = await page.getByTestId("location-map").screenshot();
      // Share of pixels in the land colour (#fbfcfd) and in the sea colour (#dfe5ec).
      const [land, sea] = await page.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement("canvas");
        c.width = img.width;
        c.height = img.height;
        const g = c.getContext("2d")!;
        g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let l = 0, w = 0;
        const near = (i: number, [r, gr, bl]: number[]) =>
          Math.abs(d[i] - r) + Math.abs(d[i + 1] - gr) + Math.abs(d[i + 2] - bl) < 12;
        for (let i = 0; i < d.length; i += 4) {
          if (near(i, [0xfb, 0xfc, 0xfd])) l++;
          else if (near(i, [0xdf, 0xe5, 0xec])) w++;
        }
        return [l / (d.length / 4), w / (d.length / 4)];
      }, png.toString("base64"));
      shares.push(`${label}: land ${(land * 100).toFixed(0)} %, water ${(sea * 100).toFixed(0)} %`);
      // Land is drawn where the organisation is (it was all background outside California).
      expect([label, land > 0.2]).toEqual([label, true]);
      if (label === "nsw") expect([label, sea > 0.02]).toEqual([label, true]); // the Tasman Sea
      // Inland, the drawn area covers the whole view (no blank beyond the served extent).
      else expect([label, sea < 0.05]).toEqual([label, true]);
    }
    console.log(`picker map: ${shares.join("; ")}`);
  },
);
