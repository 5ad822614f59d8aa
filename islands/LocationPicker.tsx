import { useEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";

export interface LocationPickerProps {
  lat: number | null;
  lon: number | null;
  /** Where the map opens when no location is set yet (the organisation's hospitals). */
  around: { lat: number; lon: number } | null;
  basemapUrl: string;
  workerUrl: string;
  cssUrl: string;
  tilesUrl?: string;
  errors?: { lat?: string; lon?: string };
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
      const m = new maplibregl.Map({
        container: box.current!,
        attributionControl: { compact: true },
        center: start ? [start.lon, start.lat] : [0, 20],
        zoom: start ? 9 : 1,
        style: {
          version: 8,
          sources: {
            base: props.tilesUrl
              ? { type: "raster", tiles: [props.tilesUrl], tileSize: 256 }
              : { type: "geojson", data: props.basemapUrl },
          },
          layers: [
            { id: "bg", type: "background", paint: { "background-color": "#dfe5ec" } },
            props.tilesUrl ? { id: "tiles", type: "raster", source: "base" } : {
              id: "counties",
              type: "fill",
              source: "base",
              paint: { "fill-color": "#fbfcfd", "fill-outline-color": "#8a93a0" },
            },
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
      });
      m.on("error", (e) => status.value = `map error: ${e.error?.message ?? "unknown"}`);
    })().catch((err) => status.value = `map failed: ${err.message}`);
    return () => map?.remove();
  }, []);

  const typed = () => {
    const la = Number(lat.value), lo = Number(lon.value);
    if (lat.value && lon.value && Number.isFinite(la) && Number.isFinite(lo)) {
      marker.current?.setLngLat([lo, la]);
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
    </>
  );
}
