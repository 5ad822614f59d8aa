import { useEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { basemapLayers } from "./(_map)/basemap_style.ts";

export interface MapHospital {
  id: string;
  name: string;
  lat: number;
  lon: number;
  readiness: "normal" | "elevated" | "strained" | "critical" | "unknown";
}

export interface MapEvent {
  id: string;
  name: string;
  lat: number;
  lon: number;
  expectedAttendance: number;
  startsAt: string;
}

export interface RegionMapProps {
  hospitals: MapHospital[];
  events: MapEvent[];
  basemapUrl: string;
  workerUrl: string;
  cssUrl: string;
  /** Optional raster tile template (MAP_TILES_URL); the GeoJSON base map is used otherwise. */
  tilesUrl?: string;
}

const readinessColor = [
  "match",
  ["get", "readiness"],
  "critical",
  "#7f1010",
  "strained",
  "#b3261e",
  "elevated",
  "#c98a00",
  "normal",
  "#1d6b34",
  "#6b7280",
];

/**
 * Hospitals (by readiness) and events (by size) on an offline base map, with maplibre-gl: the
 * pan-and-zoom version of the server's SVG map (components/RegionSvgMap.tsx), loaded only when
 * asked for (1.5 MB of map code is most of a page's weight) or when raster tiles are configured.
 */
export default function RegionMap(props: RegionMapProps) {
  const box = useRef<HTMLDivElement>(null);
  const live = useSignal(Boolean(props.tilesUrl));
  const status = useSignal("loading map…");
  const selected = useSignal<string>("");
  useEffect(() => {
    if (!live.value) return;
    box.current?.closest(".map")?.classList.add("map-live");
    let map: { remove(): void } | undefined;
    (async () => {
      if (!document.querySelector(`link[href="${props.cssUrl}"]`)) {
        const link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = props.cssUrl;
        document.head.append(link);
      }
      const maplibregl = await import("maplibre-gl");
      maplibregl.setWorkerUrl(props.workerUrl);
      const point = (lon: number, lat: number, properties: Record<string, unknown>) => ({
        type: "Feature" as const,
        geometry: { type: "Point" as const, coordinates: [lon, lat] },
        properties,
      });
      const hospitals = props.hospitals.map((h) =>
        point(h.lon, h.lat, { id: h.id, name: h.name, readiness: h.readiness, kind: "hospital" })
      );
      const events = props.events.map((e) =>
        point(e.lon, e.lat, {
          id: e.id,
          name: e.name,
          radius: Math.max(5, Math.min(22, Math.sqrt(e.expectedAttendance) / 18)),
          kind: "event",
        })
      );
      // An organisation may have no hospitals or events yet: frame what there is, else the world.
      const all = [...props.hospitals, ...props.events].filter((p) =>
        Number.isFinite(p.lat) && Number.isFinite(p.lon)
      );
      const lons = all.map((p) => p.lon);
      const lats = all.map((p) => p.lat);
      const frame = all.length
        ? {
          bounds: [
            [Math.min(...lons) - 0.15, Math.min(...lats) - 0.1],
            [Math.max(...lons) + 0.15, Math.max(...lats) + 0.1],
          ] as [[number, number], [number, number]],
        }
        : { center: [0, 20] as [number, number], zoom: 1 };
      const m = new maplibregl.Map({
        container: box.current!,
        attributionControl: { compact: true },
        style: {
          version: 8,
          sources: {
            base: props.tilesUrl
              ? { type: "raster", tiles: [props.tilesUrl], tileSize: 256 }
              : { type: "geojson", data: props.basemapUrl },
            hospitals: {
              type: "geojson",
              data: { type: "FeatureCollection", features: hospitals },
            },
            events: { type: "geojson", data: { type: "FeatureCollection", features: events } },
          },
          layers: [
            { id: "bg", type: "background", paint: { "background-color": "#eef1f4" } },
            ...(props.tilesUrl
              ? [{ id: "tiles", type: "raster" as const, source: "base" }]
              : basemapLayers("base")),
            {
              id: "events",
              type: "circle",
              source: "events",
              paint: {
                "circle-radius": ["get", "radius"],
                "circle-color": "#6d28d9",
                "circle-opacity": 0.35,
                "circle-stroke-color": "#6d28d9",
                "circle-stroke-width": 1,
              },
            },
            {
              id: "hospitals",
              type: "circle",
              source: "hospitals",
              paint: {
                "circle-radius": 7,
                // deno-lint-ignore no-explicit-any
                "circle-color": readinessColor as any,
                "circle-stroke-color": "#ffffff",
                "circle-stroke-width": 2,
              },
            },
          ],
        },
        ...frame,
      });
      map = m;
      for (const layer of ["hospitals", "events"]) {
        m.on("click", layer, (e) => {
          const f = e.features?.[0];
          if (f) selected.value = `${f.properties.kind}: ${f.properties.name}`;
        });
      }
      // Labels as DOM markers: the offline style has no glyph server for symbol layers.
      for (const h of props.hospitals) {
        const label = document.createElement("a");
        label.className = "map-label";
        label.href = `/hospitals/${h.id}`;
        label.textContent = h.name;
        new maplibregl.Marker({ element: label, anchor: "left", offset: [10, 0] })
          .setLngLat([h.lon, h.lat]).addTo(m);
      }
      m.on("load", () => status.value = "");
      m.on("error", (e) => status.value = `map error: ${e.error?.message ?? "unknown"}`);
    })().catch((err) => status.value = `map failed: ${err.message}`);
    return () => map?.remove();
  }, [live.value]);
  if (!live.value) {
    return (
      <p class="map-actions no-print">
        <button type="button" data-testid="map-interactive" onClick={() => live.value = true}>
          Pan and zoom
        </button>
      </p>
    );
  }
  return (
    <>
      <div
        ref={box}
        class="map-box"
        data-testid="region-map"
        role="application"
        aria-label="Interactive map of hospitals and events"
      />
      <p class="muted map-status" role="status">{status.value || selected.value}</p>
    </>
  );
}
