import { expect } from "expect";
import { datasetFromCsvDir } from "./data_dir.ts";

const HOSPITALS = "id,name,lat,lon,edBeds,icuBeds,staffBaseline,timezone\n" +
  "h1,Cardiff General,51.5,-3.2,60,10,100,Europe/London\n";

/** Writes a --data folder with the given observations (and hospitals) and loads it. */
async function load(observations: string, opts = {}, hospitals = HOSPITALS) {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/hospitals.csv`, hospitals);
    await Deno.writeTextFile(`${dir}/observations.csv`, observations);
    return await datasetFromCsvDir(dir, opts);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function hourly(hours: number, ts: (i: number) => string) {
  let csv = "hospitalId,ts,edArrivals\n";
  for (let i = 0; i < hours; i++) csv += `h1,${ts(i)},${10 + (i % 5)}\n`;
  return csv;
}

const iso = (i: number) => new Date(Date.UTC(2018, 6, 1) + i * 3_600_000).toISOString();

Deno.test("--data accepts hourly observations with offsets", async () => {
  const d = await load(hourly(48, iso));
  expect(d.hours).toBe(48);
  expect(d.hospitals[0].arrivals[0]).toBe(10);
  expect(d.hospitals[0].timezone).toBe("Europe/London");
});

Deno.test("--data refuses daily totals with one line", async () => {
  let csv = "hospitalId,ts,edArrivals\n";
  for (let i = 0; i < 60; i++) {
    csv += `h1,${new Date(Date.UTC(2018, 0, 1 + i)).toISOString()},350\n`;
  }
  const err = await load(csv).catch((e) => e);
  expect(err).toBeInstanceOf(Error);
  expect(err.message).toBe(
    "observations.csv: hospital h1 has one row every 24 h; --data needs hourly arrivals " +
      "(one row per hospital and hour), not daily totals",
  );
});

Deno.test("--data refuses timestamps without an offset with one line", async () => {
  const err = await load(hourly(48, (i) => iso(i).slice(0, 19))).catch((e) => e);
  expect(err).toBeInstanceOf(Error);
  expect(err.message.split("\n")).toHaveLength(1);
  expect(err.message).toMatch(
    /^observations\.csv line 2: ts "2018-07-01T00:00:00" has no UTC offset; write it as /,
  );
});

Deno.test("--local-times reads naive timestamps in the hospital's timezone (never the server's)", async () => {
  // 2018-07-01 00:00 in London (BST, UTC+1) is 2018-06-30T23:00Z.
  const d = await load(hourly(48, (i) => iso(i).slice(0, 19)), { naiveTimes: "hospital" });
  expect(new Date(d.start).toISOString()).toBe("2018-06-30T23:00:00.000Z");
  expect(d.hours).toBe(48);
});

Deno.test("--data names unknown and snake_case columns", async () => {
  const snake = await load("hospital_id,ts,ed_arrivals\nh1,2018-07-01T00:00:00Z,3\n")
    .catch((e) => e);
  expect(snake.message).toBe(
    'observations.csv: column "hospital_id" should be named "hospitalId" (the API\'s field names, camelCase)',
  );
  const unknown = await load("hospitalId,ts,edArrivals,waitMinutes\nh1,2018-07-01T00:00:00Z,3,4\n")
    .catch((e) => e);
  expect(unknown.message).toMatch(/^observations\.csv: unknown column "waitMinutes" \(expected /);
});

Deno.test("--data rows go through the API's schemas, with line numbers", async () => {
  const err = await load(
    "hospitalId,ts,edArrivals\nh1,2018-07-01T00:00:00Z,3\nh1,2018-07-01T01:00:00Z,2.5\n",
  )
    .catch((e) => e);
  expect(err.message).toBe("observations.csv line 3: edArrivals: must be a whole number");
  const hospital = await load(
    hourly(2, iso),
    {},
    "id,name,lat,lon,edBeds,timezone\nh1,X,95,0,10,Europe/London\n",
  ).catch((e) => e);
  expect(hospital.message).toMatch(/^hospitals\.csv line 2: lat: /);
  const unknownId = await load("hospitalId,ts,edArrivals\nh9,2018-07-01T00:00:00Z,3\n")
    .catch((e) => e);
  expect(unknownId.message).toBe(
    'observations.csv line 2: hospitalId "h9" is not an id in hospitals.csv',
  );
});

Deno.test("deno task train --data: daily data and naive timestamps stop with one line each", async () => {
  for (
    const [observations, expected] of [
      [
        "hospitalId,ts,edArrivals\n" +
        Array.from(
          { length: 40 },
          (_, i) => `h1,${new Date(Date.UTC(2018, 0, 1 + i)).toISOString()},350\n`,
        ).join(""),
        /^train: observations\.csv: hospital h1 has one row every 24 h; /,
      ],
      [
        hourly(48, (i) => iso(i).slice(0, 19)),
        /^train: observations\.csv line 2: ts "2018-07-01T00:00:00" has no UTC offset/,
      ],
    ] as const
  ) {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/hospitals.csv`, HOSPITALS);
      await Deno.writeTextFile(`${dir}/observations.csv`, observations);
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "ml/train_cli.ts", "--data", dir, "--no-register", "--out", dir],
        cwd: new URL("..", import.meta.url).pathname,
        env: { RUST_BACKTRACE: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      expect(out.code).toBe(1);
      const lines = new TextDecoder().decode(out.stderr).split("\n").filter((l) => l.trim());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(expected);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
});
