import type { BacktestFigures, BacktestSummary } from "../../ml/report.ts";

const three = new Intl.NumberFormat("en-GB", {
  minimumFractionDigits: 3,
  maximumFractionDigits: 3,
});
const percent = new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 1 });
const num = (v: number | null) => v === null ? "–" : three.format(v);
const pct = (v: number | null) => v === null ? "–" : percent.format(v);

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
 * A version's backtest next to the baselines: it may be activated when its MASE beats the
 * strongest of them (as `deno task train` and the automatic selection decide): seasonal naive
 * and the calendar GLM.
 */
export function BacktestTable({ b }: { b: BacktestSummary }) {
  const yes = (ok: boolean) => ok ? "beaten" : "not beaten";
  return (
    <table class="backtest" data-testid="backtest">
      <caption>
        Backtest {b.from?.slice(0, 10)} – {b.to?.slice(0, 10)}: {b.origins ?? "?"}{" "}
        rolling 72 h forecasts, each from what was known at its start
      </caption>
      <thead>
        <tr>
          <th>model</th>
          <th>MASE</th>
          <th>pinball</th>
          <th>80 % band coverage</th>
          <th>daily MAPE</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        <Row name="this version" f={b} />
        <Row
          name="seasonal naive (same hour last week)"
          f={b.baselines.seasonalNaive}
          note={yes(b.beatsSeasonalNaive)}
        />
        <Row
          name="calendar GLM (hour of week, season, holidays, your calendar)"
          f={b.baselines.poissonGlm}
          note={yes(b.beatsGlmBaseline)}
        />
      </tbody>
    </table>
  );
}
