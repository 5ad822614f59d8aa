/**
 * In Chromium: a hospital that reports diversion and every NEDOCS input shows "on diversion" and
 * NEDOCS 127.1 (overcrowded) on the hydrated board (also after the island re-sorts its rows) and
 * on its hospital page; nowhere "open".
 */
import { expect } from "expect";
import { browserTest, signInPage } from "./support/browser.ts";
import { makeOrg, TEST_PASSWORD } from "./support/accounts.ts";
import { ingestObservations } from "../services/ingest/observations.ts";
import { updateHospital } from "../models/hospitals.ts";
import { levelLabels } from "../domain/readiness.ts";

const HOUR = 3_600_000;

browserTest(
  "browser: a diverting, overcrowded ED on the board and its page",
  async ({ page, base, services }) => {
    const org = await makeOrg(services, "ed-browser");
    await updateHospital(services.db, org.id, org.hospital.id, { inpatientBeds: 300 });
    const ts = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR).toISOString();
    const outcome = await ingestObservations(services.db, org.id, [{
      row: 0,
      at: ["records", 0],
      input: {
        hospitalId: org.hospital.code,
        ts,
        edArrivals: 5,
        edOccupancy: 36,
        boarders: 6,
        ventilated: 1,
        longestBoardingHours: 8,
        lastBedWaitHours: 2,
        diversion: true,
        diversionReason: "CT down",
      },
    }], { partial: false });
    expect(outcome.accepted).toBe(1);

    await signInPage(page, base, org.users.coordinator.email, TEST_PASSWORD);
    const row = page.locator(`tr[data-hospital="${org.hospital.name}"]`);
    await page.getByTestId("sort-load").click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="sort-load"]')?.textContent === "Sorted by load"
    );
    expect(await row.getByTestId("nedocs").getAttribute("data-nedocs")).toBe("127.1");
    expect(await row.getByTestId("nedocs").textContent()).toBe("NEDOCS 127.1 · overcrowded");
    expect(await row.getByTestId("diversion").textContent()).toContain("CT down");
    expect((await row.textContent())?.toLowerCase()).not.toContain("open");

    await page.goto(`${base}/hospitals/${org.hospital.code}`);
    const status = page.getByTestId("ed-status");
    expect(await status.getByTestId("nedocs").getAttribute("data-band")).toBe("overcrowded");
    expect(await status.getByTestId("diversion").textContent()).toContain("on diversion");
    const body = await page.locator("body").textContent();
    expect(body).not.toContain("open / normal");
    expect(body).not.toContain(levelLabels.normal);
  },
);
