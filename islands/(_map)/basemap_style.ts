/**
 * maplibre-gl layers for the offline base map (lib/basemap.ts): land filled, then national,
 * state and county borders as lines of decreasing weight.
 */
export function basemapLayers(source: string) {
  const line = (kind: string, color: string, width: number, dash?: number[]) => ({
    id: kind,
    type: "line" as const,
    source,
    filter: ["==", ["get", "kind"], kind] as ["==", ["get", string], string],
    paint: {
      "line-color": color,
      "line-width": width,
      ...(dash ? { "line-dasharray": dash } : {}),
    },
  });
  return [
    {
      id: "land",
      type: "fill" as const,
      source,
      filter: ["==", ["get", "kind"], "land"] as ["==", ["get", string], string],
      paint: { "fill-color": "#fbfcfd", "fill-outline-color": "#8a93a0" },
    },
    line("county-border", "#c3c9d1", 0.6),
    line("state-border", "#8a93a0", 1.2),
    line("country-border", "#5b6270", 1.6, [3, 2]),
  ];
}
