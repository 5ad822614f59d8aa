/**
 * Encounters full of direct identifiers, through JSON, CSV and FHIR: afterwards no table of the
 * database and no log line contains any of them, and the arrivals reach the hourly aggregates.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { setLogLevel } from "../infra/log.ts";
import type { Services } from "../lib/runtime.ts";

const HOUR = 3_600_000;
const hour = Math.floor(Date.now() / HOUR) * HOUR - 30 * HOUR;
const iso = (minutes: number) => new Date(hour + minutes * 60_000).toISOString();

/** Identifiers that must never be stored or logged. */
const ids = {
  name: "Zebulon Quattlebaum",
  given: "Zebulon",
  family: "Quattlebaum",
  mrn: "MRN-7734921",
  mrn2: "MRN-5518204",
  mrn3: "MRN-6620913",
  address: "1234 Saguaro Lane",
  phone: "+1-760-555-0199",
  email: "zebulon.q@example.org",
  ssn: "123-45-6789",
  birthDate: "1987-03-14",
  birthDate2: "1952-11-30",
  visit: "VISIT-99812345",
  visit2: "VISIT-99812346",
  visit3: "VISIT-99812347",
  fhirPatient: "pat-x81236",
};

/** Every row of every table in the public schema, as text: the database as a dump sees it. */
async function dumpDatabase(s: Services): Promise<string> {
  const tables = await s.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await s.db.query<{ t: string }>(`SELECT t::text AS t FROM "${table_name}" t`);
    parts.push(table_name, ...rows.map((r) => r.t));
  }
  return parts.join("\n");
}

dbTest(
  "encounters through JSON, CSV and FHIR leave no identifier in the database or logs",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "privacy");
    const auth = bearer(org.apiKey);
    const logged: string[] = [];
    const original = { log: console.log, error: console.error, warn: console.warn };
    const capture = (...args: unknown[]) => logged.push(args.map(String).join(" "));
    console.log = console.error = console.warn = capture;
    setLogLevel("debug");
    try {
      const json = await app.request(
        "/api/encounters",
        jsonInit("POST", {
          records: [{
            hospitalId: org.hospital.code,
            encounterId: ids.visit,
            arrivedAt: iso(5),
            patientId: ids.mrn,
            name: ids.name,
            address: ids.address,
            phone: ids.phone,
            email: ids.email,
            ssn: ids.ssn,
            birthDate: ids.birthDate,
            sex: "male",
            complaintCategory: "heat_illness",
            arrivalMode: "ambulance",
          }],
        }, auth),
      );
      expect(json.status).toBe(200);
      expect(await json.json()).toMatchObject({ accepted: 1, rejected: 0, duplicates: 0 });

      const csv = "hospitalId,encounterId,arrivedAt,mrn,givenName,familyName,phone,birthDate," +
        "complaintCategory\n" +
        `${org.hospital.code},${ids.visit2},${iso(20)},${ids.mrn2},${ids.given},"${ids.family}",` +
        `${ids.phone},${ids.birthDate2},intoxication\n`;
      const csvRes = await app.request("/api/encounters", {
        method: "POST",
        headers: { "content-type": "text/csv", ...auth },
        body: csv,
      });
      expect(csvRes.status).toBe(200);
      expect(await csvRes.json()).toMatchObject({ accepted: 1, rejected: 0 });

      const bundle = {
        resourceType: "Bundle",
        type: "collection",
        entry: [
          {
            fullUrl: `urn:uuid:${ids.fhirPatient}`,
            resource: {
              resourceType: "Patient",
              id: ids.fhirPatient,
              identifier: [{ system: "urn:oid:2.16.840.1.113883.19.5", value: ids.mrn3 }],
              name: [{ family: ids.family, given: [ids.given] }],
              telecom: [{ system: "phone", value: ids.phone }, {
                system: "email",
                value: ids.email,
              }],
              address: [{ line: [ids.address], city: "Indio" }],
              gender: "female",
              birthDate: ids.birthDate,
            },
          },
          {
            resource: {
              resourceType: "Encounter",
              id: "enc-1",
              identifier: [{ value: ids.visit3 }],
              status: "finished",
              class: { code: "EMER" },
              subject: { reference: `urn:uuid:${ids.fhirPatient}` },
              period: { start: iso(40) },
              reasonCode: [{
                coding: [{ code: "respiratory" }],
                text: `${ids.name} short of breath`,
              }],
              hospitalization: { dischargeDisposition: { coding: [{ code: "home" }] } },
            },
          },
        ],
      };
      const fhir = await app.request(
        `/api/encounters?hospitalId=${org.hospital.code}`,
        {
          method: "POST",
          headers: { "content-type": "application/fhir+json", ...auth },
          body: JSON.stringify(bundle),
        },
      );
      expect(fhir.status).toBe(200);
      expect(await fhir.json()).toMatchObject({ accepted: 1, rejected: 0 });

      // A refused record: the error names the field but never echoes the value.
      const refused = await app.request(
        "/api/encounters",
        jsonInit("POST", {
          records: [{
            hospitalId: org.hospital.code,
            encounterId: ids.visit,
            arrivedAt: ids.birthDate,
            name: ids.name,
            mrn: ids.mrn,
          }],
        }, auth),
      );
      expect(refused.status).toBe(422);
      const refusedText = await refused.text();
      expect(refusedText).toContain("records.0.arrivedAt");
      for (const v of Object.values(ids)) expect(refusedText).not.toContain(v);

      // Sending the JSON again counts nothing twice.
      const again = await app.request(
        "/api/encounters",
        jsonInit("POST", {
          records: [{ hospitalId: org.hospital.code, encounterId: ids.visit, arrivedAt: iso(5) }],
        }, auth),
      );
      expect(await again.json()).toMatchObject({ accepted: 1, duplicates: 1 });
    } finally {
      Object.assign(console, original);
      setLogLevel("error");
    }

    const rows = await s.db.query<Record<string, unknown>>(
      `SELECT age_band, sex, complaint_category, disposition, patient_pseudonym, encounter_key
     FROM encounters WHERE org_id = $1 ORDER BY arrived_at`,
      [org.id],
    );
    expect(rows.map((r) => [r.age_band, r.sex, r.complaint_category])).toEqual([
      ["35-39", "male", "heat_illness"],
      ["70-74", null, "intoxication"],
      ["35-39", "female", "respiratory"],
    ]);
    expect(rows[2].disposition).toBe("discharged");
    for (const r of rows) {
      expect(r.patient_pseudonym).toMatch(/^[0-9a-f]{32}$/);
      expect(r.encounter_key).toMatch(/^[0-9a-f]{32}$/);
    }
    const [obs] = await s.db.query<{ ed_arrivals: number; source: string }>(
      "SELECT ed_arrivals, source FROM observations WHERE hospital_id = $1 AND ts = $2",
      [org.hospital.id, new Date(hour)],
    );
    expect(obs).toEqual({ ed_arrivals: 3, source: "encounters" });

    const dump = await dumpDatabase(s);
    expect(dump).toContain(rows[0].patient_pseudonym as string); // the dump does see encounters
    const logs = logged.join("\n");
    expect(logs).toContain("/api/encounters"); // the log capture did see the requests
    for (const [what, value] of Object.entries(ids)) {
      expect({ what, inDump: dump.includes(value) }).toEqual({ what, inDump: false });
      expect({ what, inLogs: logs.includes(value) }).toEqual({ what, inLogs: false });
    }
  },
);
