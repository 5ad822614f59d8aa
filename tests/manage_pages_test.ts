/**
 * Management pages (issue 11) without JavaScript: each form post goes through the API's zod
 * schema and service, refusals come back beside the fields with what was typed, and roles are
 * the API's.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, makeOrg, unique } from "./support/accounts.ts";
import { browser } from "./support/form_browser.ts";
import { getHospital } from "../models/hospitals.ts";
import { getEvent } from "../models/events.ts";

type App = Awaited<ReturnType<typeof buildTestApp>>;

function as(app: App, token: string) {
  const b = browser(app);
  b.jar.set("fs_access", token);
  return b;
}

async function csrfOf(b: ReturnType<typeof browser>, path: string) {
  const page = await b.get(path);
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toContain("text/html");
  await page.body?.cancel();
  return b.jar.get("fs_csrf")!;
}

dbTest("hospital pages: register, refuse with field errors, edit; analysts may not", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "manage-h");
  const b = as(app, org.users.coordinator.token);
  const _csrf = await csrfOf(b, "/hospitals/new");
  const code = unique("mh");

  const bad = await b.post("/hospitals/new", {
    _csrf,
    id: code,
    name: "Mesa General",
    lat: "95",
    lon: "-116.2",
    edBeds: "",
    timezone: "America/Los_Angeles",
  });
  expect(bad.status).toBe(422);
  expect(bad.headers.get("content-type")).toContain("text/html");
  const badHtml = await bad.text();
  expect(badHtml).toContain('id="lat-error"');
  expect(badHtml).toContain('id="edBeds-error"');
  expect(badHtml).toContain('value="Mesa General"'); // what was typed stays
  expect(await getHospital(s.db, org.id, code)).toBeNull();

  const ok = await b.post("/hospitals/new", {
    _csrf,
    id: code,
    name: "Mesa General",
    lat: "33.71",
    lon: "-116.2",
    edBeds: "24",
    icuBeds: "4",
    staffBaseline: "18",
    timezone: "America/Los_Angeles",
  });
  expect(ok.status).toBe(303);
  expect(ok.headers.get("location")).toBe(`/hospitals/${code}`);
  expect(await getHospital(s.db, org.id, code)).toMatchObject({
    name: "Mesa General",
    lat: 33.71,
    edBeds: 24,
    timezone: "America/Los_Angeles",
  });
  const duplicate = await b.post("/hospitals/new", {
    _csrf,
    id: code,
    name: "Again",
    lat: "33",
    lon: "-116",
    edBeds: "1",
  });
  expect(duplicate.status).toBe(409);
  expect(await duplicate.text()).toContain('id="id-error"');

  const edited = await b.post(`/hospitals/${code}/edit`, {
    _csrf,
    name: "Mesa General Hospital",
    lat: "33.71",
    lon: "-116.2",
    edBeds: "30",
    icuBeds: "4",
    staffBaseline: "18",
    timezone: "America/Los_Angeles",
  });
  expect(edited.status).toBe(303);
  expect((await getHospital(s.db, org.id, code))!.edBeds).toBe(30);
  const list = await (await b.get("/hospitals")).text();
  expect(list).toContain("Mesa General Hospital");
  expect(list).toContain(`href="/hospitals/${code}/edit"`);

  const analyst = as(app, org.users.analyst.token);
  const refused = await analyst.get("/hospitals/new");
  expect(refused.status).toBe(403);
  await refused.body?.cancel();
  expect(await (await analyst.get("/hospitals")).text()).not.toContain("/edit");
  // Another organisation's hospital cannot be edited (404, not theirs).
  const other = await makeOrg(s, "manage-h-other");
  const foreign = await b.get(`/hospitals/${other.hospital.code}/edit`);
  expect(foreign.status).toBe(404);
  await foreign.body?.cancel();
});

dbTest("event pages: times are read in the organisation's zone; edit and delete", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "manage-e");
  const organizer = await addUser(s, org.id, "organizer");
  const b = as(app, organizer.token);
  const _csrf = await csrfOf(b, "/events/new");
  const code = unique("me");
  const fields = {
    _csrf,
    id: code,
    name: "Desert Lights",
    type: "concert",
    startsAt: "2025-04-12T18:00",
    endsAt: "2025-04-12T23:30",
    expectedAttendance: "12000",
    lat: "33.72",
    lon: "-116.21",
    timeZone: "America/Los_Angeles",
    bounded: "true",
  };
  const backwards = await b.post("/events/new", { ...fields, endsAt: "2025-04-12T17:00" });
  expect(backwards.status).toBe(422);
  expect(await backwards.text()).toContain('id="endsAt-error"');

  const ok = await b.post("/events/new", fields);
  expect(ok.status).toBe(303);
  const e = (await getEvent(s.db, org.id, code))!;
  expect(new Date(e.startsAt).toISOString()).toBe("2025-04-13T01:00:00.000Z"); // 18:00 PDT
  expect(e).toMatchObject({ type: "concert", bounded: true, alcohol: false, freeWater: false });
  const page = await (await b.get(`/events/${code}`)).text();
  expect(page).toContain("Sat 12 Apr 2025, 18:00 PDT"); // one format: domain/time_format.ts
  expect(page).toContain(`/events/${code}/edit`);

  const form = await (await b.get(`/events/${code}/edit`)).text();
  expect(form).toContain('value="2025-04-12T18:00"');
  const edited = await b.post(`/events/${code}/edit`, { ...fields, expectedAttendance: "15000" });
  expect(edited.status).toBe(303);
  expect((await getEvent(s.db, org.id, code))!.expectedAttendance).toBe(15000);
  const removed = await b.post(`/events/${code}/edit`, { _csrf, action: "delete" });
  expect(removed.status).toBe(303);
  expect(removed.headers.get("location")).toBe("/events");
  expect(await getEvent(s.db, org.id, code)).toBeNull();
});

dbTest("organisations page: the platform admin creates one; others cannot see it", async (s) => {
  const app = await buildTestApp(s);
  const home = await makeOrg(s, "manage-o");
  const root = await addUser(s, home.id, "admin", { platformAdmin: true });
  const b = as(app, root.token);
  const _csrf = await csrfOf(b, "/admin/orgs");
  const name = unique("Valley Health");
  const weak = await b.post("/admin/orgs", {
    _csrf,
    name,
    adminEmail: "chief@valley.test",
    adminPassword: "short",
  });
  expect(weak.status).toBe(422);
  const weakHtml = await weak.text();
  expect(weakHtml).toContain('id="adminPassword-error"');
  expect(weakHtml).not.toContain('value="short"'); // passwords are never echoed
  const email = `${unique("chief")}@valley.test`;
  const ok = await b.post("/admin/orgs", {
    _csrf,
    name,
    adminEmail: email,
    adminPassword: "a long enough password",
  });
  expect(ok.status).toBe(200);
  const html = await ok.text();
  expect(html).toContain(`Created ${name}`);
  expect(html).toContain(`data-org="${name}"`);
  const admin = as(app, home.users.admin.token);
  const refused = await admin.get("/admin/orgs");
  expect(refused.status).toBe(403);
  await refused.body?.cancel();
  expect(await (await admin.get("/admin")).text()).not.toContain('href="/admin/orgs"');
});
