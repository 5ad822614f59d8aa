/**
 * `deno task train [--out DIR] [--data DIR | --simulate DAYS] [--epochs N] [--seed N]
 *  [--no-register]`: trains on the database's history (or CSVs, or a simulated demo region),
 * backtests, writes model.onnx, model.json, report.json and report.html to --out (default
 * ./out/model), and registers the version (activated when it beats seasonal naive).
 */
import { loadConfig } from "../infra/config.ts";
import { setLogLevel } from "../infra/log.ts";
import { closeServices, openServices, type Services } from "../lib/runtime.ts";
import { type Dataset, datasetFromCsvDir, datasetFromDb, simulatedDataset } from "./dataset.ts";
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
  if (name === "no-register" || name === "help") args[name] = "true";
  else if (["out", "data", "epochs", "seed", "simulate"].includes(name)) {
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
    "deno task train [--out DIR] [--data DIR | --simulate DAYS] [--epochs N] [--seed N] [--no-register]",
  );
  Deno.exit(0);
}
const epochs = Number(args.epochs), seed = Number(args.seed);
if (!Number.isInteger(epochs) || epochs < 1) fail("--epochs must be a positive integer", 2);
if (!Number.isInteger(seed)) fail("--seed must be an integer", 2);

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
    dataset = simulatedDataset(days, 20_240_412, new Date());
    source = `simulated demo region, ${days} days`;
  } else if (args.data) {
    dataset = await datasetFromCsvDir(args.data);
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
  console.log(
    `model ${version}: MASE ${report.mase.toFixed(3)} (seasonal naive 1.000, Poisson GLM ${
      b.poissonGlm.mase.toFixed(3)
    }, event PPR ${b.eventPpr.mase.toFixed(3)}), coverage80 ${report.coverage80.toFixed(3)}, ` +
      `daily MAPE ${(report.dailyMape * 100).toFixed(1)}% (naive ${
        (b.seasonalNaive.dailyMape * 100).toFixed(1)
      }%), ` +
      `event days ${report.eventDay.model.days}: daily MAPE ${
        (report.eventDay.model.dailyMape * 100).toFixed(1)
      }% ` +
      `vs no-event model ${(report.eventDay.noEventModel.dailyMape * 100).toFixed(1)}%`,
  );
  console.log(`wrote ${args.out}/model.onnx, report.json, report.html`);
  if (!args["no-register"]) {
    services ??= await openServices(loadConfig());
    await registerVersion(services.db, {
      version,
      dataFrom: outcome.dataFrom,
      dataTo: outcome.dataTo,
      spec: outcome.model.spec,
      metrics: report,
      artifact: outcome.onnx,
    });
    if (report.mase < 1) {
      await activateVersion(services.db, version, `train (${Deno.env.get("USER") ?? "cli"})`);
      console.log(`registered and activated ${version}`);
    } else console.log(`registered ${version} (not activated: it does not beat seasonal naive)`);
  }
} catch (err) {
  if (err instanceof HistoryTooShortError) fail(err.message, 3);
  fail((err as Error).message);
} finally {
  if (services) await closeServices(services);
}
