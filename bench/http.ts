/** Measures one URL with bench/load.ts in a separate process. */
export interface LoadResult {
  requests: number;
  failures: number;
  rps: number;
  p50ms: number;
  p99ms: number;
}

export async function measure(
  url: string,
  concurrency = 32,
  requests = 4000,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./load.ts", import.meta.url).pathname,
      url,
      String(concurrency),
      String(requests),
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`load generator failed for ${url}`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** Prints one figure next to its same-run baseline. */
export function report(
  name: string,
  value: number,
  baselineName: string,
  baseline: number,
  unit: string,
) {
  const ratio = value / baseline;
  console.log(
    `${name}: ${value.toFixed(0)} ${unit} | baseline ${baselineName}: ${
      baseline.toFixed(0)
    } ${unit} | ratio ${ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}`,
  );
  return ratio;
}
