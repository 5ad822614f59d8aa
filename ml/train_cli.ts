/**
 * `deno task train [--out DIR] [--data DIR [--local-times] | --simulate DAYS] [--epochs N]
 *  [--seed N] [--nets N] [--test-from ISO] [--test-to ISO] [--origin-every HOURS]
 *  [--predictions FILE] [--no-register] [--no-refit] [--hour-band]`: trains on the database's history (or
 * CSVs, or a simulated demo region) up to the test period, backtests with rolling origins against
 * the baselines, refits on all history with the same settings (unless --no-refit), writes the
 * refitted model.onnx, model.json, report.json and report.html to --out (default ./out/model),
 * and registers both fits: the validated one as `<version>-validated` and the served refit as
 * `<version>` (activated when it beats the strongest baseline: a lower MASE than both seasonal
 * naive and the calendar GLM on the backtest).
 */
import { loadConfig } from "../infra/config.ts";
import { setLogLevel } from "../infra/log.ts";
import { closeServices, openServices, type Services } from "../lib/runtime.ts";
import { type Dataset, datasetFromCsvDir, datasetFromDb } from "./dataset.ts";
import { simulatedDataset } from "../demo/dataset.ts";
import { HORIZON_HOURS } from "./features.ts";
import { HistoryTooShortError, trainForecaster } from "./train.ts";
import { buildReport, reportHtml } from "./report.ts";
import { activateVersion, registerVersion } from "./registry.ts";
import { prepareDemo } from "../demo/plugin.ts";

const args: Record<string, string | undefined> & { out: string; epochs: string; seed: string } = {
  out: "./out/model",
  epochs: "20",
  seed: "1",
};
for (let i = 0; i < Deno.args.length; i++) {
  const [flag, inline] = Deno.args[i].split(/=(.*)/s, 2);
  const name = flag.replace(/^--/, "");
  if (!flag.startsWith("--")) fail(`unexpected argument ${flag}`, 2);
  if (["no-register", "help", "local-times", "no-events", "no-refit", "hour-band"].includes(name)) {
    args[name] = "true";
  } else if (
    [
      "out",
      "data",
      "epochs",
      "seed",
      "simulate",
      "nets",
      "test-from",
      "test-to",
      "origin-every",
      "predictions",
    ].includes(name)
  ) {
    const value = inline ?? Deno.args[++i];
    if (value === undefined) fail(`${flag} needs a value`, 2);
    args[name] = value;
  } else fail(`unknown option ${flag}`, 2);
}

function fail(message: string, code = 1): never {
  console.error(`train: ${message}`);
  Deno.exit(code);
}

if (args.help) {
  console.log(
    "deno task train [--out DIR] [--data DIR [--local-times] | --simulate DAYS [--no-events]]\n" +
      "  [--epochs N]" +
      "  [--seed N] [--nets N] [--test-from ISO --test-to ISO] [--origin-every HOURS]\n" +
      "  [--predictions FILE] [--no-register] [--no-refit] [--hour-band]",
  );
  Deno.exit(0);
}
const epochs = Number(args.epochs), seed = Number(args.seed);
const nets = args.nets === undefined ? undefined : Number(args.nets);
const originEvery = Number(args["origin-every"] ?? 12);
if (!Number.isInteger(epochs) || epochs < 1) fail("--epochs must be a positive integer", 2);
if (!Number.isInteger(seed)) fail("--seed must be an integer", 2);
if (nets !== undefined && !(Number.isInteger(nets) && nets >= 0)) fail("--nets must be ≥ 0", 2);
if (!Number.isInteger(originEvery) || originEvery < 1) {
  fail("--origin-every must be a whole number of hours", 2);
}
const instantArg = (flag: string) => {
  const v = args[flag];
  if (v === undefined) return undefined;
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(v) || !Number.isFinite(Date.parse(v))) {
    fail(`--${flag} must be an ISO instant with offset, e.g. 2018-03-01T00:00:00Z`, 2);
  }
  return Date.parse(v);
};
const testFrom = instantArg("test-from"), testTo = instantArg("test-to");
if (testTo !== undefined && testFrom === undefined) fail("--test-to needs --test-from", 2);

/** A one-line progress bar on stderr, redrawn in place. */
function progress(label: string, done: number, total: number, extra: string) {
  const width = 24, filled = Math.round((done / total) * width);
  const bar = "#".repeat(filled) + ".".repeat(width - filled);
  Deno.stderr.writeSync(
    new TextEncoder().encode(`\r${label.padEnd(8)} [${bar}] ${done}/${total} ${extra}   `),
  );
}

setLogLevel("warn");
const started = performance.now();
let services: Services | undefined;
let dataset: Dataset;
let source: string;
try {
  if (args.simulate) {
    const days = Number(args.simulate);
    if (!Number.isInteger(days) || days < 1) fail("--simulate must be a number of days", 2);
    dataset = simulatedDataset(days, 20_240_412, new Date(), { events: !args["no-events"] });
    source = `simulated demo region, ${days} days${args["no-events"] ? ", no events" : ""}`;
  } else if (args.data) {
    dataset = await datasetFromCsvDir(args.data, {
      naiveTimes: args["local-times"] ? "hospital" : "refuse",
    });
    source = `CSV files in ${args.data}`;
  } else {
    services = await openServices(loadConfig(), { prepare: (db) => prepareDemo(db) }).catch((err) =>
      fail(`cannot open the database (is the server holding the PGlite directory?): ${err.message}`)
    );
    dataset = await datasetFromDb(services.db);
    source = `database (${services.db.kind})`;
  }
} catch (err) {
  fail((err as Error).message);
}

try {
  const outcome = await trainForecaster(dataset, {
    epochs,
    seed,
    nets,
    testFrom,
    testTo,
    originEvery,
    refit: !args["no-refit"],
    hourBand: !!args["hour-band"],
    onEpoch: (model, e, n, loss, valid) =>
      progress(model, e, n, `loss ${loss.toFixed(4)} valid ${valid.toFixed(4)}`),
    onStage: (stage) => Deno.stderr.writeSync(new TextEncoder().encode(`\n${stage}…`)),
  });
  Deno.stderr.writeSync(new TextEncoder().encode("\n"));
  const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15);
  const version = `v${stamp}-${seed}`;
  const report = buildReport(outcome, {
    version,
    source,
    hospitals: dataset.hospitals.map((h) => h.name),
    epochs,
    seed,
    trainSeconds: (performance.now() - started) / 1000,
  });
  await Deno.mkdir(args.out, { recursive: true });
  await Deno.writeFile(`${args.out}/model.onnx`, outcome.onnx);
  await Deno.writeTextFile(
    `${args.out}/model.json`,
    JSON.stringify({ version, spec: outcome.model.spec, report }, null, 1) + "\n",
  );
  await Deno.writeTextFile(`${args.out}/report.json`, JSON.stringify(report, null, 2) + "\n");
  await Deno.writeTextFile(`${args.out}/report.html`, reportHtml(report, outcome));
  const b = report.baselines;
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  console.log(
    `test ${report.data.holdoutFrom.slice(0, 10)} → ${report.data.holdoutTo.slice(0, 10)}, ` +
      `model ${version}: MASE ${report.mase.toFixed(3)} (seasonal naive 1.000, calendar GLM ${
        b.poissonGlm.mase.toFixed(3)
      }, event PPR ${b.eventPpr.mase.toFixed(3)}), pinball ${report.pinball.toFixed(3)} ` +
      `(48 h ${report.pinball48.toFixed(3)}; calendar GLM ${
        report.slices.h48.poissonGlm.pinball.toFixed(3)
      }), coverage80 ${report.coverage80.toFixed(3)} (by local hour ${
        rangeOf(report.coverageByLocalHour.coverage80)
      }), ` +
      `daily MAPE ${pct(report.dailyMape)} (naive ${pct(b.seasonalNaive.dailyMape)}), ` +
      `holiday-hour MAE ${report.holidayMae?.toFixed(2) ?? "–"}, ` +
      `event days ${report.eventDay.model.days}: daily MAPE ${
        pct(report.eventDay.model.dailyMape)
      } ` +
      `vs no-event model ${pct(report.eventDay.noEventModel.dailyMape)}`,
  );
  if (outcome.coverageByHourFlat) {
    const flat = outcome.metrics.flatBand;
    console.log(
      `diagnostics: one band offset for every hour: coverage80 ${flat.coverage80.toFixed(3)} ` +
        `(by local hour ${rangeOf(outcome.coverageByHourFlat.coverage80)}), pinball ${
          flat.pinball.toFixed(3)
        }; components: GLM part MASE ${outcome.metrics.glmPart.mase.toFixed(3)}, networks ${
          outcome.metrics.netsPart.mase.toFixed(3)
        }`,
    );
  }
  if (args.predictions) {
    await Deno.writeTextFile(args.predictions, predictionsCsv(outcome));
    console.log(`wrote ${args.predictions}`);
  }
  console.log(`wrote ${args.out}/model.onnx, report.json, report.html`);
  console.log(
    `served fit: ${report.served.kind}, trained ${report.served.trainFrom.slice(0, 10)} → ` +
      `${report.served.trainTo.slice(0, 10)}${report.served.refitted ? " (refitted)" : ""}`,
  );
  if (!args["no-register"]) {
    services ??= await openServices(loadConfig());
    const db = services.db;
    if (report.served.refitted) {
      // Both fits stay in the registry: the one the backtest judged, and the served refit.
      await registerVersion(db, {
        version: `${version}-validated`,
        dataFrom: outcome.dataFrom,
        dataTo: outcome.validated.dataTo,
        spec: outcome.validated.model.spec,
        metrics: { ...report, version: `${version}-validated`, role: "validated" },
        artifact: outcome.validated.onnx,
      });
    }
    await registerVersion(db, {
      version,
      dataFrom: outcome.dataFrom,
      dataTo: outcome.dataTo,
      spec: outcome.model.spec,
      metrics: { ...report, role: "served" },
      artifact: outcome.onnx,
    });
    if (report.checks.beatsStrongestBaseline && report.checks.beatsSeasonalNaive) {
      await activateVersion(db, version, `train (${Deno.env.get("USER") ?? "cli"})`);
      console.log(`registered and activated ${version}`);
    } else {
      console.log(
        `registered ${version} (not activated: its MASE ${report.mase.toFixed(3)} does not beat ` +
          `the strongest baseline, ${report.strongestBaseline?.key} at ${
            report.strongestBaseline?.mase.toFixed(3)
          })`,
      );
    }
  }
} catch (err) {
  if (err instanceof HistoryTooShortError) fail(err.message, 3);
  fail((err as Error).message);
} finally {
  if (services) await closeServices(services);
}

/** "min–max" of per-hour shares (hours without data left out). */
function rangeOf(values: (number | null)[]): string {
  const ok = values.filter((v): v is number => v !== null);
  return ok.length ? `${Math.min(...ok).toFixed(3)}–${Math.max(...ok).toFixed(3)}` : "–";
}

/**
 * Every backtest forecast as CSV `origin,ts,p10,p50,p90` (origin = the first forecast hour; only
 * data before it were used); with several hospitals a leading `hospitalId` column is added.
 */
function predictionsCsv(o: Awaited<ReturnType<typeof trainForecaster>>): string {
  const many = o.hospitalIds.length > 1;
  const lines = [(many ? "hospitalId," : "") + "origin,ts,p10,p50,p90"];
  const pred = o.predictions.model;
  const iso = (i: number) => new Date(o.start + i * 3_600_000).toISOString();
  o.cases.forEach((c, ci) => {
    const origin = iso(c.origin);
    for (let k = 0; k < HORIZON_HOURS; k++) {
      const at = (ci * HORIZON_HOURS + k) * 3;
      const q = [pred[at], pred[at + 1], pred[at + 2]].map((v) => Math.round(v * 1000) / 1000);
      lines.push(
        (many ? `${o.hospitalIds[c.hospital]},` : "") +
          `${origin},${iso(c.origin + k)},${q.join(",")}`,
      );
    }
  });
  return lines.join("\n") + "\n";
}
