import type { BacktestFigures, BacktestSummary } from "../../ml/report.ts";

const three = new Intl.NumberFormat("en-GB", {
  minimumFractionDigits: 3,
  maximumFractionDigits: 3,
});
const percent = new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 1 });
const num = (v: number | null) => v === null ? "–" : three.format(v);
const pct = (v: number | null) => v === null ? "–" : percent.format(v);

const columns = [
  { key: "mase", words: "hourly error" },
  { key: "pinball", words: "range error" },
  { key: "coverage80", words: "80 % range coverage" },
  { key: "dailyMape", words: "daily error" },
] as const;

/**
 * Which columns this version does better or worse on than a baseline, compared column by column
 * (lower error is better; coverage is better the closer it is to 80 %), so a baseline better on
 * two of four is never simply "beaten".
 */
export function compareFigures(mine: BacktestFigures, base: BacktestFigures) {
  const better: string[] = [], worse: string[] = [];
  for (const c of columns) {
    const a = mine[c.key], b = base[c.key];
    if (a === null || b === null) continue;
    const [x, y] = c.key === "coverage80" ? [Math.abs(a - 0.8), Math.abs(b - 0.8)] : [a, b];
    if (x < y) better.push(c.words);
    else if (x > y) worse.push(c.words);
  }
  return { better, worse };
}

/** "this version better on hourly error, range error; worse on daily error". */
function comparison(mine: BacktestFigures, base: BacktestFigures): string {
  const { better, worse } = compareFigures(mine, base);
  if (!better.length && !worse.length) return "no figures to compare";
  return [
    better.length ? `this version better on ${better.join(", ")}` : "",
    worse.length ? `worse on ${worse.join(", ")}` : "",
  ].filter(Boolean).join("; ");
}

function Row({ name, f, note }: { name: string; f: BacktestFigures; note?: string }) {
  return (
    <tr>
      <td>{name}</td>
      <td class="num">{num(f.mase)}</td>
      <td class="num">{num(f.pinball)}</td>
      <td class="num">{pct(f.coverage80)}</td>
      <td class="num">{pct(f.dailyMape)}</td>
      <td>{note ?? ""}</td>
    </tr>
  );
}

/**
 * A version's backtest next to the baselines (seasonal naive and the calendar GLM), compared
 * column by column; it may be activated when its MASE beats the strongest of them (as `deno task
 * train` and the automatic selection decide). What the columns mean: /how-computed.
 */
export function BacktestTable({ b }: { b: BacktestSummary }) {
  const rule = (ok: boolean) => ok ? "passes the activation rule" : "fails the activation rule";
  return (
    <table class="backtest" data-testid="backtest">
      <caption>
        Backtest {b.from?.slice(0, 10)} – {b.to?.slice(0, 10)}: {b.origins ?? "?"}{" "}
        rolling 72 h forecasts, each from what was known at its start ·{" "}
        <a href="/how-computed#model-errors">how is this computed</a>
      </caption>
      <thead>
        <tr>
          <th>model</th>
          <th>hourly error (MASE; lower is better)</th>
          <th>range error (pinball; lower is better)</th>
          <th>80 % range coverage (best at 80 %)</th>
          <th>daily error (MAPE; lower is better)</th>
          <th>compared column by column</th>
        </tr>
      </thead>
      <tbody>
        <Row name="this version" f={b} />
        <Row
          name="seasonal naive (same hour last week)"
          f={b.baselines.seasonalNaive}
          note={`${comparison(b, b.baselines.seasonalNaive)} (${rule(b.beatsSeasonalNaive)})`}
        />
        <Row
          name="calendar GLM (hour of week, season, holidays, your calendar)"
          f={b.baselines.poissonGlm}
          note={`${comparison(b, b.baselines.poissonGlm)} (${rule(b.beatsGlmBaseline)})`}
        />
      </tbody>
    </table>
  );
}
