/**
 * Writes static/basemap/southern-california.geojson: county outlines of Southern California from
 * the us-atlas package (US Census cartographic boundaries, 1:10m), decoded from TopoJSON here so
 * that the dashboard map needs no tile server and no internet. Run once; the output is committed.
 */
import counties from "us-atlas/counties-10m.json" with { type: "json" };

type Arc = [number, number][];
interface Topology {
  transform: { scale: [number, number]; translate: [number, number] };
  arcs: Arc[];
  objects: {
    counties: {
      geometries: {
        type: string;
        id: string;
        arcs: number[][] | number[][][];
        properties: { name: string };
      }[];
    };
  };
}

/** Southern California counties by FIPS code. */
const wanted = new Set(["06025", "06037", "06059", "06065", "06071", "06073", "06111", "06029"]);
const topo = counties as unknown as Topology;

const decoded: Arc[] = topo.arcs.map((arc) => {
  let x = 0, y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    const lon = x * topo.transform.scale[0] + topo.transform.translate[0];
    const lat = y * topo.transform.scale[1] + topo.transform.translate[1];
    return [Math.round(lon * 1000) / 1000, Math.round(lat * 1000) / 1000];
  });
});

function ring(indices: number[]): Arc {
  const out: Arc = [];
  for (const i of indices) {
    const arc = i < 0 ? [...decoded[~i]].reverse() : decoded[i];
    out.push(...(out.length ? arc.slice(1) : arc));
  }
  return out;
}

const features = topo.objects.counties.geometries.filter((g) => wanted.has(g.id)).map((g) => ({
  type: "Feature",
  id: Number(g.id),
  properties: { name: g.properties.name, fips: g.id },
  geometry: g.type === "Polygon"
    ? { type: "Polygon", coordinates: (g.arcs as number[][]).map(ring) }
    : { type: "MultiPolygon", coordinates: (g.arcs as number[][][]).map((p) => p.map(ring)) },
}));

const out = new URL("../static/basemap/southern-california.geojson", import.meta.url);
await Deno.writeTextFile(out, JSON.stringify({ type: "FeatureCollection", features }));
console.log(`${features.length} counties written to ${out.pathname}`);
