/**
 * The region map drawn on the server as SVG: land and borders of the offline base map, hospitals
 * coloured by readiness and events sized by attendance, each a link to its page. No JavaScript,
 * readable by screen readers (every mark has a name), sharp in print, and light on phones; the
 * RegionMap island swaps in the pan-and-zoom map (maplibre-gl) when someone asks for it.
 */
import type { MapEvent, MapHospital } from "../islands/RegionMap.tsx";
import type { Basemap } from "../lib/basemap.ts";
import { clipPolygon, clipPolyline } from "lineclip";

const WIDTH = 800;
const readinessColour: Record<MapHospital["readiness"], string> = {
  critical: "#7f1010",
  strained: "#b3261e",
  elevated: "#8a5a00",
  normal: "#1d6b34",
  unknown: "#5b6270",
};

/** An equirectangular frame around the places, wide enough to read their surroundings. */
function frame(places: { lat: number; lon: number }[]) {
  const lats = places.map((p) => p.lat), lons = places.map((p) => p.lon);
  const pad = 0.12;
  let minLat = Math.min(...lats) - pad, maxLat = Math.max(...lats) + pad;
  let minLon = Math.min(...lons) - pad, maxLon = Math.max(...lons) + pad;
  const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  // At least a 3:2 frame, so that one hospital does not fill the picture.
  const spanX = Math.max((maxLon - minLon) * k, (maxLat - minLat) * 1.5, 0.5);
  const spanY = Math.max(maxLat - minLat, spanX / 2.2);
  const midLon = (minLon + maxLon) / 2, midLat = (minLat + maxLat) / 2;
  minLon = midLon - spanX / k / 2;
  maxLon = midLon + spanX / k / 2;
  minLat = midLat - spanY / 2;
  maxLat = midLat + spanY / 2;
  const scale = WIDTH / spanX;
  const height = Math.round(spanY * scale);
  const x = (lon: number) => Math.round((lon - minLon) * k * scale * 10) / 10;
  const y = (lat: number) => Math.round((maxLat - lat) * scale * 10) / 10;
  return {
    x,
    y,
    height,
    box: [minLon, minLat, maxLon, maxLat] as [number, number, number, number],
    inside: (lon: number, lat: number) =>
      lon > minLon && lon < maxLon && lat > minLat && lat < maxLat,
  };
}

type Project = {
  x: (lon: number) => number;
  y: (lat: number) => number;
  box: [number, number, number, number];
};
const path = (line: number[][], p: Project) =>
  "M" + line.map(([lon, lat]) => `${p.x(lon)},${p.y(lat)}`).join("L");

/**
 * SVG path data of the base map's land (closed) and of each kind of border (open), clipped to
 * the picture: the base map covers a wider area for panning, the SVG carries only what shows.
 */
function outlines(basemap: Basemap | null, p: Project) {
  const out = { land: "", "country-border": "", "state-border": "", "county-border": "" };
  for (const f of basemap?.features ?? []) {
    if (f.geometry.type === "MultiPolygon") {
      for (const rings of f.geometry.coordinates) {
        for (const ring of rings) {
          const c = clipPolygon(ring, p.box) as number[][];
          if (c.length >= 3) out.land += path(c, p) + "Z";
        }
      }
    } else {
      for (const line of f.geometry.coordinates) {
        for (const part of clipPolyline(line, p.box) as number[][][]) {
          if (part.length >= 2) out[f.properties.kind] += path(part, p);
        }
      }
    }
  }
  return out;
}

/** The map; null when there is nothing to place on it. */
export function RegionSvgMap(
  { hospitals, events, basemap }: {
    hospitals: MapHospital[];
    events: MapEvent[];
    basemap: Basemap | null;
  },
) {
  const places = [...hospitals, ...events].filter((p) =>
    Number.isFinite(p.lat) && Number.isFinite(p.lon)
  );
  if (!places.length) return null;
  const { x, y, height, box } = frame(places);
  const lines = outlines(basemap, { x, y, box });
  return (
    <svg
      class="map-static"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="group"
      aria-label="Map of hospitals and events"
      data-testid="region-svg-map"
    >
      <rect width={WIDTH} height={height} fill="#dfe5ec" />
      <path d={lines.land} fill="#fbfcfd" stroke="#8a93a0" stroke-width="1" data-kind="land" />
      <path d={lines["county-border"]} fill="none" stroke="#c3c9d1" stroke-width=".6" />
      <path d={lines["state-border"]} fill="none" stroke="#8a93a0" stroke-width="1.2" />
      <path
        d={lines["country-border"]}
        fill="none"
        stroke="#5b6270"
        stroke-width="1.6"
        stroke-dasharray="3 2"
      />
      {events.map((e) => (
        <a href={`/events/${e.id}`} aria-label={`Event: ${e.name}`}>
          <circle
            cx={x(e.lon)}
            cy={y(e.lat)}
            r={Math.max(5, Math.min(22, Math.sqrt(e.expectedAttendance) / 18))}
            fill="rgba(109,40,217,.3)"
            stroke="#6d28d9"
          >
            <title>{e.name}</title>
          </circle>
        </a>
      ))}
      {hospitals.map((h) => (
        <a href={`/hospitals/${h.id}`} aria-label={`${h.name}: ${h.readiness}`}>
          <circle
            cx={x(h.lon)}
            cy={y(h.lat)}
            r="7"
            fill={readinessColour[h.readiness]}
            stroke="#fff"
            stroke-width="2"
          />
          <text x={x(h.lon) + 10} y={y(h.lat) + 4} class="map-text">{h.name}</text>
        </a>
      ))}
    </svg>
  );
}
