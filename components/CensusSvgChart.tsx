import { formatTick, localHour, zoneAbbreviation } from "../domain/time_format.ts";

export interface CensusSvgPoint {
  ts: string | Date;
  p10: number;
  p50: number;
  p90: number;
}

const W = 720, H = 250;
const PAD = { left: 36, right: 92, top: 10, bottom: 34 };
/** Hours between labelled ticks (local 00:00 and 12:00). */
const TICK_EVERY_HOURS = 12;

const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

/**
 * The census forecast as a static inline SVG, drawn on the server so that it prints without
 * JavaScript: the p10–p90 band and median of patients in the ED, the median of arrivals per hour
 * when given, and the staffed-beds and beds + surge lines. Hour ticks are local to `timeZone`
 * (domain/time_format.ts), the axis names the zone once.
 */
export function CensusSvgChart(
  { census, arrivals, beds, surgeBeds, timeZone, title }: {
    census: CensusSvgPoint[];
    arrivals?: CensusSvgPoint[];
    beds: number;
    surgeBeds: number;
    timeZone: string;
    title: string;
  },
) {
  if (!census.length) return null;
  const t0 = new Date(census[0].ts).getTime();
  const t1 = new Date(census[census.length - 1].ts).getTime();
  const span = Math.max(1, t1 - t0);
  const top = Math.max(beds + surgeBeds, ...census.map((c) => c.p90), 1) * 1.1;
  const x = (ts: string | Date) =>
    PAD.left + (new Date(ts).getTime() - t0) / span * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const line = (pts: CensusSvgPoint[], pick: (p: CensusSvgPoint) => number) =>
    pts.map((p, i) => `${i ? "L" : "M"}${f1(x(p.ts))},${f1(y(pick(p)))}`).join("");
  const band = line(census, (p) => p.p90) + [...census].reverse()
    .map((p) => `L${f1(x(p.ts))},${f1(y(p.p10))}`).join("") +
    "Z";
  const ticks = census.filter((c) =>
    localHour(c.ts, timeZone) % TICK_EVERY_HOURS === 0 &&
    new Date(c.ts).getUTCMinutes() === 0
  );
  const step = top > 60 ? 20 : top > 24 ? 10 : 5;
  const yTicks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
  const right = W - PAD.right;
  const peak = census.reduce((a, b) => (b.p90 > a.p90 ? b : a));
  const zone = zoneAbbreviation(t0, timeZone);
  return (
    <figure class="census-svg" data-testid="census-svg">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="census-svg-title census-svg-desc"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id="census-svg-title">{title}</title>
        <desc id="census-svg-desc">
          Patients in the ED likely up to {peak.p50}, with a 1 in 10 chance of more than{" "}
          {peak.p90}, for {beds} staffed beds (+{surgeBeds} surge); times in {timeZone} ({zone}).
        </desc>
        <g class="svg-grid">
          {yTicks.map((v) => (
            <g key={v}>
              <line x1={PAD.left} x2={right} y1={f1(y(v))} y2={f1(y(v))} />
              <text x={PAD.left - 4} y={f1(y(v) + 3.5)} text-anchor="end">{v}</text>
            </g>
          ))}
          {ticks.map((c) => (
            <g key={String(c.ts)}>
              <line x1={f1(x(c.ts))} x2={f1(x(c.ts))} y1={PAD.top} y2={H - PAD.bottom} />
              <text x={f1(x(c.ts))} y={H - PAD.bottom + 13} text-anchor="middle">
                {formatTick(c.ts, timeZone)}
              </text>
            </g>
          ))}
          <text x={(PAD.left + right) / 2} y={H - 4} text-anchor="middle">
            {`Time (${timeZone}, ${zone})`}
          </text>
        </g>
        <path class="svg-band" d={band} data-testid="census-band" />
        <path class="svg-median" d={line(census, (p) => p.p50)} data-testid="census-median" />
        {arrivals?.length
          ? (
            <path
              class="svg-arrivals"
              d={line(arrivals, (p) => p.p50)}
              data-testid="arrivals-median"
            />
          )
          : null}
        <line
          class="svg-beds"
          x1={PAD.left}
          x2={right}
          y1={f1(y(beds))}
          y2={f1(y(beds))}
          data-testid="beds-line"
        />
        <text class="svg-label" x={right + 4} y={f1(y(beds) + 3.5)}>{beds} staffed beds</text>
        {surgeBeds > 0 && (
          <>
            <line
              class="svg-surge"
              x1={PAD.left}
              x2={right}
              y1={f1(y(beds + surgeBeds))}
              y2={f1(y(beds + surgeBeds))}
              data-testid="surge-line"
            />
            <text class="svg-label" x={right + 4} y={f1(y(beds + surgeBeds) + 3.5)}>
              {beds + surgeBeds} with surge
            </text>
          </>
        )}
      </svg>
      <figcaption class="svg-legend">
        <span class="key key-band" aria-hidden="true" /> likely range (8 hours in 10 fall inside)
        {" "}
        <span class="key key-median" aria-hidden="true" /> patients likely in the ED
        {arrivals?.length
          ? (
            <>
              {" "}
              <span class="key key-arrivals" aria-hidden="true" /> arrivals per hour (median)
            </>
          )
          : null} <span class="key key-beds" aria-hidden="true" /> staffed beds {surgeBeds > 0 && (
          <>
            <span class="key key-surge" aria-hidden="true" /> beds + surge
          </>
        )}
      </figcaption>
    </figure>
  );
}
