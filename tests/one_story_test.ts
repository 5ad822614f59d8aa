/**
 * One story on every screen (issue 22): a plan built three hours ago (the product's clock is
 * injected through `refreshOrg(…, now)`) is read now. The overview's board and timeline, the
 * plans page, the alerts and the event page must never show an hour already past as upcoming or
 * a deadline already passed; "now" is the occupancy just reported; figures for people are rounded.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, unique } from "./support/accounts.ts";
import { edHistory, historyCsv } from "./support/scenario_data.ts";
import { insertHospital, updateHospital } from "../models/hospitals.ts";
import { refreshOrg } from "../services/refresh.ts";
import { overviewRows, timelineStart } from "../services/overview.ts";
import { formatHour, formatTime } from "../domain/time_format.ts";
import { type Level, levelLabels, levelRank, levelText } from "../domain/readiness.ts";
import { ACCESS_COOKIE } from "../lib/auth/cookies.ts";

const HOUR = 3_600_000;
const TZ = "America/Los_Angeles";

/** The page's text with tags dropped and entities of times decoded, for plain matching. */
const textOf = (html: string) =>
  html.replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"').replace(/\s+/g, " ");

dbTest(
  "one story: a plan read three hours after it was built shows no past hour as upcoming",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "story");
    const h = org.hospital;
    // Few beds for ~7 arrivals an hour staying 3.5 h (≈ 24 patients, peaks near 50, on 12 beds +
    // 2 surge): every forecast hour is over (and 5 × beds keeps the reported occupancy plausible
    // on upload).
    await updateHospital(s.db, org.id, h.id, { edBeds: 12, timezone: TZ });
    const auth = bearer(org.users.admin.token);
    const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
    const rows = edHistory({
      end: new Date(thisHour),
      days: 28,
      meanPerHour: 7,
      timeZone: TZ,
      los: { meanHours: 3.5, cv: 1 },
      seed: 5,
    });
    // The last report (an hour ago): 3 patients in a 12-bed ED — "now" is within the beds.
    rows[rows.length - 1].edOccupancy = 3;
    const upload = await app.request("/api/observations", {
      method: "POST",
      headers: { ...auth, "content-type": "text/csv" },
      body: historyCsv(h.code, rows),
    });
    if (upload.status !== 200) console.log(await upload.text());
    expect(upload.status).toBe(200);
    await upload.body?.cancel();
    // A concert 44 h ahead, with a second hospital nearby that has no data (so no census).
    const quiet = await insertHospital(s.db, org.id, {
      code: unique("quiet"),
      name: "Quiet Valley Hospital",
      lat: 33.75,
      lon: -116.45,
      edBeds: 20,
      icuBeds: 4,
      staffBaseline: 10,
      timezone: TZ,
    });
    expect(quiet).toBeTruthy();
    const eventStart = thisHour + 44 * HOUR;
    const created = await app.request(
      "/api/events",
      jsonInit("POST", {
        id: unique("gig"),
        name: "Valley Concert",
        type: "concert",
        lat: 33.76,
        lon: -116.47,
        startsAt: new Date(eventStart).toISOString(),
        endsAt: new Date(eventStart + 4 * HOUR).toISOString(),
        expectedAttendance: 18_000,
      }, auth),
    );
    expect(created.status).toBe(201);
    const event = await created.json();

    const builtAt = new Date(thisHour - 3 * HOUR + 10 * 60_000);
    await refreshOrg(s, org.id, builtAt);
    const past = [
      ...[1, 2, 3].map((k) => formatHour(thisHour - k * HOUR, TZ)),
      formatHour(builtAt, TZ),
    ];
    const ahead = new Set(
      Array.from({ length: 73 }, (_, i) => formatHour(thisHour + i * HOUR, TZ)),
    );

    // The service behind the board: readiness and timeline from the current hour on.
    const now = new Date();
    const [row] = (await overviewRows(s.db, org.id, now)).filter((r) => r.id === h.id);
    expect(timelineStart(now).getTime()).toBe(thisHour);
    expect(row.readiness).not.toBe("unknown");
    let worst: Level = "normal";
    for (const c of row.timeline) if (c && levelRank(c.level) > levelRank(worst)) worst = c.level;
    expect(row.readiness).toBe(worst);
    if (row.readinessFrom) expect(Date.parse(row.readinessFrom)).toBeGreaterThanOrEqual(thisHour);
    // "Now" is the occupancy just reported, and the current hour is judged on it.
    expect(row.censusNow).toBe(3);
    expect(row.censusNowSource).toBe("reported");
    expect(row.timeline[0]?.reported).toBe(true);
    expect(row.timeline[0]?.level).toBe("normal");

    const page = (path: string) =>
      app.request(path, { headers: { cookie: `${ACCESS_COOKIE}=${org.users.admin.token}` } });

    // The overview: the board's "from" is now or an hour ahead, and the same as the timeline's.
    const overview = await page("/");
    expect(overview.status).toBe(200);
    expect(overview.headers.get("content-type")).toContain("text/html");
    const html = await overview.text();
    const boardRow = html.match(new RegExp(`<tr[^>]*data-hospital="${h.name}"[^]*?</tr>`))![0];
    expect(boardRow).toContain(`data-readiness="${row.readiness}"`);
    const when = textOf(boardRow.match(/data-testid="readiness-when">([^<]*)</)![1]).trim();
    if (when !== "now") {
      expect(when.startsWith("from ")).toBe(true);
      expect(ahead.has(when.slice(5))).toBe(true);
    }
    for (const p of past) expect(when).not.toContain(p);
    expect(textOf(boardRow)).toMatch(/\b3 reported /);
    const timelineRow = html.match(
      new RegExp(`<tr[^>]*data-timeline-hospital="${h.name}"[^]*?</tr>`),
    )![0];
    const levelsShown = [...timelineRow.matchAll(/data-level="(\w+)"/g)].map((m) => m[1]);
    expect(levelsShown[0]).toBe("normal");
    expect(levelsShown.reduce((a, l) => levelRank(l as never) > levelRank(a as never) ? l : a))
      .toBe(row.readiness);
    // One wording per level: the board, the legend and the bars say the same words.
    expect(textOf(boardRow)).toContain(levelLabels[row.readiness]);
    expect(textOf(html)).toContain(levelText(row.readiness));

    // The hospital page and its briefing tell the same story as the board, and the empty
    // heat-index strip says why it is empty.
    const hospitalPage = await page(`/hospitals/${h.code}`);
    expect(hospitalPage.status).toBe(200);
    const hospitalHtml = await hospitalPage.text();
    expect(hospitalHtml).toContain(`data-testid="readiness">${row.readiness}<`);
    const summary = textOf(hospitalHtml.match(/data-testid="forecast-summary">[^]*?<\/p>/)![0]);
    expect(summary).toContain(`${levelLabels[row.readiness]} ${when}.`);
    expect(hospitalHtml).toContain('data-testid="no-heat"');
    expect(textOf(hospitalHtml)).toContain("feeds are off or have not answered yet");
    const briefing = await (await page(`/hospitals/${h.code}/briefing`)).text();
    expect(briefing).toContain(`data-testid="readiness">${row.readiness}<`);

    // Plans: every deadline is now or ahead; no action is "before" an hour already past.
    const plans = await page("/plans");
    expect(plans.status).toBe(200);
    const plansText = textOf(await plans.text());
    const dues = [
      ...plansText.matchAll(/By when: (now \(was due [^)]+\)|by ([^(]+?) \(in \d+ (h|days)\))/g),
    ];
    expect(dues.length).toBeGreaterThan(0);
    for (const d of dues) if (d[2]) expect(ahead.has(d[2].trim())).toBe(true);
    for (const p of past) {
      expect(plansText).not.toContain(`before ${p}`);
      expect(plansText).not.toContain(`from ${p}`);
      expect(plansText).not.toContain(`by ${p}`);
    }
    expect(plansText).toMatch(/now \(was due /); // the build's deadlines have come

    // Alerts: titles name the hour the worst level starts, never a window read from another time.
    const alerts = await app.request("/api/alerts", { headers: auth });
    expect(alerts.status).toBe(200);
    const open = (await alerts.json()) as {
      kind: string;
      hospitalId: string;
      title: string;
      startsAt: string;
      evidence: { level: string };
    }[];
    const capacity = open.find((a) => a.kind === "capacity" && a.hospitalId === h.code)!;
    expect(capacity).toBeTruthy();
    expect(capacity.title).not.toMatch(/within \d+ h/);
    expect(capacity.title).toContain(levelText(capacity.evidence.level as never));
    const alertPage = textOf(await (await page("/alerts")).text());
    expect(alertPage).toContain(capacity.title);
    // The alert's hours began at the build (three hours ago): read now they are under way.
    expect(Date.parse(capacity.startsAt)).toBeLessThan(Date.now());
    expect(alertPage).toContain("(under way)");
    expect(formatTime(capacity.startsAt, TZ)).toBeTruthy();

    // The event 44 h ahead is within the forecast: a hospital without a census says why.
    const eventPage = await page(`/events/${event.id}`);
    expect(eventPage.status).toBe(200);
    const eventText = textOf(await eventPage.text());
    expect(eventText).not.toContain("beyond the 72 h forecast");
    expect(eventText).toContain("no census forecast for this hospital yet");
    // People and rates rounded: no figure with six or more decimals (0.005670000000000001).
    expect(eventText).not.toMatch(/\d\.\d{6,}/);
    expect(eventText).toContain("0.0057 transfers to hospital per 1,000");
    expect(eventText).not.toContain("DOMAIN.md");
  },
);
