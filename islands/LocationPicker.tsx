import { useEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { basemapLayers } from "./(_map)/basemap_style.ts";

export interface LocationPickerProps {
  lat: number | null;
  lon: number | null;
  /** Where the map opens when no location is set yet (the organisation's hospitals). */
  around: { lat: number; lon: number } | null;
  /** The organisation's hospitals' box ([west, south], [east, north]): the map opens on it. */
  bounds?: [[number, number], [number, number]] | null;
  basemapUrl: string;
  workerUrl: string;
  cssUrl: string;
  tilesUrl?: string;
  errors?: { lat?: string; lon?: string };
  /**
   * Suggest the form's time zone (the `timezone` select) from the picked location, until the
   * user chooses one themselves (a new hospital defaulted to UTC: issue 22).
   */
  suggestZone?: boolean;
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;

/**
 * Latitude and longitude fields with a map to pick them (maplibre-gl on the offline base map):
 * a click on the map fills both fields, typing moves the marker. Without JavaScript the two
 * number fields work on their own.
 */
export default function LocationPicker(props: LocationPickerProps) {
  const box = useRef<HTMLDivElement>(null);
  const lat = useSignal(props.lat === null ? "" : String(props.lat));
  const lon = useSignal(props.lon === null ? "" : String(props.lon));
  const status = useSignal("");
  const marker = useRef<{ setLngLat(p: [number, number]): unknown } | null>(null);
  const zoneNote = useSignal("");
  const suggested = useRef("");

  /** Sets the zone select to the location's zone unless the user picked another one. */
  const suggest = async () => {
    if (!props.suggestZone) return;
    const select = document.getElementById("timezone") as HTMLSelectElement | null;
    if (!select || (select.value !== "" && select.value !== suggested.current)) return;
    const { zoneAt } = await import("../domain/zone_at.ts");
    const zone = zoneAt(Number(lat.value), Number(lon.value));
    if (!zone || ![...select.options].some((o) => o.value === zone)) return;
    select.value = zone;
    suggested.current = zone;
    zoneNote.value = `Time zone set from the location: ${zone}.`;
  };

  useEffect(() => {
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
      const start = props.lat !== null && props.lon !== null
        ? { lat: props.lat, lon: props.lon }
        : props.around;
      const placed = props.lat !== null && props.lon !== null;
      // A new place opens on the organisation's hospitals (all of them in view), else the world.
      const view = !placed && props.bounds
        ? { bounds: props.bounds, fitBoundsOptions: { padding: 40, maxZoom: 10 } }
        : {
          center: (start ? [start.lon, start.lat] : [0, 20]) as [number, number],
          zoom: start ? 9 : 1,
        };
      const m = new maplibregl.Map({
        container: box.current!,
        attributionControl: { compact: true },
        ...view,
        style: {
          version: 8,
          sources: {
            base: props.tilesUrl
              ? { type: "raster", tiles: [props.tilesUrl], tileSize: 256 }
              : { type: "geojson", data: props.basemapUrl },
          },
          layers: [
            { id: "bg", type: "background", paint: { "background-color": "#dfe5ec" } },
            ...(props.tilesUrl
              ? [{ id: "tiles", type: "raster" as const, source: "base" }]
              : basemapLayers("base")),
          ],
        },
      });
      map = m;
      const pin = new maplibregl.Marker({ color: "#6d28d9" });
      if (props.lat !== null && props.lon !== null) pin.setLngLat([props.lon, props.lat]).addTo(m);
      marker.current = {
        setLngLat(p) {
          pin.setLngLat(p).addTo(m);
          return pin;
        },
      };
      m.on("click", (e) => {
        lat.value = String(round(e.lngLat.lat));
        lon.value = String(round(e.lngLat.lng));
        pin.setLngLat([Number(lon.value), Number(lat.value)]).addTo(m);
        suggest();
      });
      m.on("error", (e) => status.value = `map error: ${e.error?.message ?? "unknown"}`);
    })().catch((err) => status.value = `map failed: ${err.message}`);
    return () => map?.remove();
  }, []);

  const typed = () => {
    const la = Number(lat.value), lo = Number(lon.value);
    if (lat.value && lon.value && Number.isFinite(la) && Number.isFinite(lo)) {
      marker.current?.setLngLat([lo, la]);
      suggest();
    }
  };
  const field = (
    name: "lat" | "lon",
    label: string,
    value: { value: string },
    min: number,
    max: number,
  ) => {
    const error = props.errors?.[name];
    return (
      <label class="field">
        <span>{label}</span>
        <input
          type="number"
          name={name}
          id={name}
          step="any"
          min={min}
          max={max}
          required
          value={value.value}
          data-testid={`picker-${name}`}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? `${name}-error` : "picker-hint"}
          onInput={(e) => {
            value.value = (e.currentTarget as HTMLInputElement).value;
            typed();
          }}
        />
        {error && <span class="field-error" id={`${name}-error`}>{error}</span>}
      </label>
    );
  };
  return (
    <>
      {field("lat", "Latitude (°N)", lat, -90, 90)}
      {field("lon", "Longitude (°E)", lon, -180, 180)}
      <div
        ref={box}
        class="picker-map"
        data-testid="location-map"
        role="application"
        aria-label="Map: click to set the location"
      />
      <p class="muted wide" id="picker-hint">
        {status.value || "Click the map to fill in latitude and longitude, or type them."}
      </p>
      {props.suggestZone && (
        <p class="muted wide" role="status" data-testid="zone-suggestion">{zoneNote.value}</p>
      )}
    </>
  );
}
