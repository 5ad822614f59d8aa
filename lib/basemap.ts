/**
 * The offline base map for wherever an organisation is (issue 22: only Southern California's
 * county outlines shipped, so maps elsewhere were blank). Natural Earth land and country borders
 * (npm world-atlas: 1:110m, 1:50m or 1:10m by the extent's size) everywhere, plus US state and
 * county borders (npm us-atlas, US Census 1:10m) where the extent reaches the United States.
 * Neither package has other countries' first-level divisions (Canadian provinces, Australian
 * states), and the npm package that has some (world-geojson) is GPL-3.0 and 13 MB: outside the
 * US the map shows land, coast and national borders only.
 *
 * Each answer is clipped to the extent (lineclip) and simplified to about a pixel of an 800 px
 * map (simplify-js), so a page carries tens of kilobytes, not the packages' megabytes. Extents
 * are snapped outward to whole degrees, which bounds the distinct answers the cache holds.
 */
import { feature, mesh } from "topojson-client";
import { clipPolygon, clipPolyline } from "lineclip";
import simplify from "simplify-js";

export interface Extent {
  west: number;
  south: number;
  east: number;
  north: number;
}

type Position = [number, number];
export interface BaseFeature {
  type: "Feature";
  properties: { kind: "land" | "country-border" | "state-border" | "county-border" };
  geometry:
    | { type: "MultiPolygon"; coordinates: Position[][][] }
    | { type: "MultiLineString"; coordinates: Position[][] };
}
export interface Basemap {
  type: "FeatureCollection";
  bbox: [number, number, number, number];
  features: BaseFeature[];
}

// deno-lint-ignore no-explicit-any
type Topology = any;
const sources: Record<string, () => Promise<Topology>> = {
  "countries-110m": () => import("world-atlas/countries-110m.json", { with: { type: "json" } }),
  "countries-50m": () => import("world-atlas/countries-50m.json", { with: { type: "json" } }),
  "countries-10m": () => import("world-atlas/countries-10m.json", { with: { type: "json" } }),
  "states-10m": () => import("us-atlas/states-10m.json", { with: { type: "json" } }),
  "counties-10m": () => import("us-atlas/counties-10m.json", { with: { type: "json" } }),
};
const loaded = new Map<string, Promise<Topology>>();
const topology = (name: string) => {
  let t = loaded.get(name);
  if (!t) loaded.set(name, t = sources[name]().then((m) => m.default));
  return t;
};

/** The United States' extent, Alaska and Hawaii included (us-atlas covers it). */
const US: Extent = { west: -180, south: 17, east: -64, north: 72 };
const overlaps = (a: Extent, b: Extent) =>
  a.west < b.east && b.west < a.east && a.south < b.north && b.south < a.north;
const width = (e: Extent) =>
  Math.max(
    (e.east - e.west) * Math.cos(((e.north + e.south) / 2) * Math.PI / 180),
    e.north - e.south,
  );

/**
 * The extent to draw for some places: their box with a margin of half its size and at least
 * 1.5°, snapped outward to whole degrees; the whole world when there is no place yet.
 */
export function extentOf(places: { lat: number; lon: number }[]): Extent {
  const ok = places.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
  if (!ok.length) return { west: -180, south: -85, east: 180, north: 85 };
  const lats = ok.map((p) => p.lat), lons = ok.map((p) => p.lon);
  const [s, n, w, e] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const pad = Math.max(3, (n - s) / 2, (e - w) / 2);
  return snap({ west: w - pad, south: s - pad, east: e + pad, north: n + pad });
}

/** Whole degrees outward, inside the map's world (−180…180, −85…85). */
export function snap(e: Extent): Extent {
  return {
    west: Math.max(-180, Math.floor(e.west)),
    south: Math.max(-85, Math.floor(e.south)),
    east: Math.min(180, Math.ceil(e.east)),
    north: Math.min(85, Math.ceil(e.north)),
  };
}

/** The URL of the base map for some places (routes/map/base.ts). */
export function basemapUrl(places: { lat: number; lon: number }[]): string {
  const e = extentOf(places);
  return `/map/base?bbox=${e.west},${e.south},${e.east},${e.north}`;
}

function simplified(line: Position[], tolerance: number): Position[] {
  const pts = simplify(line.map(([x, y]) => ({ x, y })), tolerance);
  return pts.map((p) => [Math.round(p.x * 1e4) / 1e4, Math.round(p.y * 1e4) / 1e4]);
}

/** Clipped, simplified border lines of a TopoJSON object (shared borders only). */
function borders(
  topo: Topology,
  object: string,
  box: [number, number, number, number],
  tolerance: number,
  filter: (a: unknown, b: unknown) => boolean = (a, b) => a !== b,
): Position[][] {
  const out: Position[][] = [];
  for (const line of mesh(topo, topo.objects[object], filter).coordinates as Position[][]) {
    for (const part of clipPolyline(line, box) as Position[][]) {
      const s = simplified(part, tolerance);
      if (s.length >= 2) out.push(s);
    }
  }
  return out;
}

/** Clipped, simplified land polygons of the countries. */
function land(topo: Topology, box: [number, number, number, number], tolerance: number) {
  const polygons: Position[][][] = [];
  const all = feature(topo, topo.objects.countries) as unknown as {
    features: { geometry: { type: string; coordinates: unknown } | null }[];
  };
  for (const f of all.features) {
    if (!f.geometry) continue;
    const polys = (f.geometry.type === "Polygon"
      ? [f.geometry.coordinates]
      : f.geometry.coordinates) as Position[][][];
    for (const rings of polys) {
      const clipped: Position[][] = [];
      for (const ring of rings) {
        const c = clipPolygon(ring, box) as Position[];
        if (c.length < 4) {
          continue;
        }
        const s = simplified(c, tolerance);
        if (s.length >= 4) {
          clipped.push(s);
        }
      }
      if (clipped.length) {
        polygons.push(clipped);
      }
    }
  }
  return polygons;
}

const cache = new Map<string, Promise<Basemap>>();
/** Distinct extents kept; beyond it the oldest answer is dropped. */
const CACHE_SIZE = 64;

/** The base map of an extent (snapped first); built once per extent and kept. */
export function basemapFor(extent: Extent): Promise<Basemap> {
  const e = snap(extent);
  const key = `${e.west},${e.south},${e.east},${e.north}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = build(e);
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return hit;
}

async function build(e: Extent): Promise<Basemap> {
  const box: [number, number, number, number] = [e.west, e.south, e.east, e.north];
  const size = width(e);
  const tolerance = size / 800;
  const countries = await topology(
    size > 60 ? "countries-110m" : size > 12 ? "countries-50m" : "countries-10m",
  );
  const features: BaseFeature[] = [];
  const polygons = land(countries, box, tolerance);
  if (polygons.length) {
    features.push({
      type: "Feature",
      properties: { kind: "land" },
      geometry: { type: "MultiPolygon", coordinates: polygons },
    });
  }
  const lines = (kind: BaseFeature["properties"]["kind"], coordinates: Position[][]) => {
    if (coordinates.length) {
      features.push({
        type: "Feature",
        properties: { kind },
        geometry: { type: "MultiLineString", coordinates },
      });
    }
  };
  lines("country-border", borders(countries, "countries", box, tolerance));
  if (size <= 60 && overlaps(e, US)) {
    lines("state-border", borders(await topology("states-10m"), "states", box, tolerance));
    if (size <= 12) {
      // County borders inside states only: the state borders are drawn above.
      const counties = await topology("counties-10m");
      lines(
        "county-border",
        borders(
          counties,
          "counties",
          box,
          tolerance,
          (a, b) =>
            a !== b &&
            String((a as { id: string }).id).slice(0, 2) ===
              String((b as { id: string }).id).slice(0, 2),
        ),
      );
    }
  }
  return { type: "FeatureCollection", bbox: box, features };
}

/** Point in polygon (ray casting over every ring; holes flip it back). */
function inside(polys: Position[][][], [lon, lat]: Position): boolean {
  let hit = false;
  for (const rings of polys) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i], [xj, yj] = ring[j];
        if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
          hit = !hit;
        }
      }
    }
  }
  return hit;
}

let countryShapes: Promise<{ id: string; polys: Position[][][] }[]> | undefined;

/**
 * The country at a place (ISO 3166-1 numeric, from Natural Earth 1:50m via world-atlas), or null
 * at sea: what decides °F and miles (domain/units.ts). Offline, like the base map.
 */
export async function countryAt(lat: number, lon: number): Promise<string | null> {
  countryShapes ??= topology("countries-50m").then((topo) =>
    (feature(topo, topo.objects.countries) as unknown as {
      features: { id?: string; geometry: { type: string; coordinates: unknown } | null }[];
    }).features.filter((f) => f.geometry && f.id).map((f) => ({
      id: String(f.id),
      polys: (f.geometry!.type === "Polygon"
        ? [f.geometry!.coordinates]
        : f.geometry!.coordinates) as Position[][][],
    }))
  );
  for (const c of await countryShapes) if (inside(c.polys, [lon, lat])) return c.id;
  return null;
}
