import { AdminForm } from "./AdminForm.tsx";
import { formatTime } from "../../domain/time_format.ts";
import type { settingsView } from "../../services/settings.ts";
import { nedocsBandLabel, nedocsBandNames } from "../../domain/nedocs.ts";

export type SettingsView = Awaited<ReturnType<typeof settingsView>>;

/** The form fields of the settings, with their units (domain/settings.ts documents each). */
export const numericSettings: { name: string; label: string; step: string }[] = [
  { name: "lengthOfStayHours", label: "Mean ED length of stay (h)", step: "0.1" },
  { name: "lengthOfStayCv", label: "Length-of-stay spread (cv)", step: "0.1" },
  { name: "patientsPerNurse", label: "Patients per nurse", step: "0.5" },
  { name: "patientsPerPhysicianHour", label: "New patients per physician-hour", step: "0.1" },
  { name: "maxSurgeShare", label: "Maximum surge (share of beds)", step: "0.01" },
  { name: "ambulanceCycleHours", label: "Ambulance cycle (h)", step: "0.25" },
  { name: "capacityAlertShare", label: "Capacity alert (median census ÷ beds)", step: "0.05" },
  { name: "heatAlertIndexC", label: "Heat alert (heat index °C)", step: "0.5" },
  { name: "aqiAlert", label: "Air-quality alert (AQI)", step: "1" },
  { name: "dataStaleHours", label: "Data stale after (h)", step: "1" },
  { name: "alertClearMargin", label: "Alert clears below threshold by (share)", step: "0.05" },
  { name: "alertClearHours", label: "Alert clears after (h below)", step: "1" },
];

/** Organisation settings: values, defaults and sources; admins change them here or by API. */
export function SettingsSection(
  { settings, csrf, timeZone }: { settings: SettingsView; csrf: string; timeZone: string },
) {
  const v = settings as unknown as Record<string, unknown>;
  const d = settings.defaults as unknown as Record<string, unknown>;
  return (
    <section id="settings">
      <h2>Planning settings</h2>
      <p class="muted">
        Used by the census, readiness, plans and alerts; every recommendation names the ones it
        used. Empty a field to put it back to its default. {settings.updatedAt
          ? `Last changed ${formatTime(settings.updatedAt, timeZone)}.`
          : "All defaults."}
      </p>
      <AdminForm csrf={csrf} action="update_settings">
        <div class="settings-form">
          {numericSettings.map((f) => (
            <label title={settings.sources[f.name]}>
              {f.label}{" "}
              <input
                type="number"
                name={f.name}
                step={f.step}
                value={String(v[f.name])}
                data-testid={`setting-${f.name}`}
              />{" "}
              <span class="muted">default {String(d[f.name])}</span>
            </label>
          ))}
          <label title={settings.sources.shiftStartHours}>
            Shift start hours{" "}
            <input
              name="shiftStartHours"
              value={settings.shiftStartHours.join(", ")}
              pattern="[0-9, ]+"
              data-testid="setting-shiftStartHours"
            />{" "}
            <span class="muted">default 7, 19</span>
          </label>
          <label title={settings.sources.timezone}>
            Time zone{" "}
            <input name="timezone" value={settings.timezone} data-testid="setting-timezone" />{" "}
            <span class="muted" data-testid="setting-timezone-origin">
              {settings.changed.includes("timezone")
                ? "set here; empty it to follow your hospitals"
                : "from your hospitals (the zone most of them use)"}
            </span>
          </label>
          <label title={settings.sources.nedocsAlertBand}>
            NEDOCS alert from{" "}
            <select name="nedocsAlertBand" data-testid="setting-nedocsAlertBand">
              {[...nedocsBandNames, "off" as const].map((b) => (
                <option value={b} selected={settings.nedocsAlertBand === b}>
                  {b === "off" ? "off" : nedocsBandLabel(b)}
                </option>
              ))}
            </select>
          </label>
          <label title={settings.sources.estimateLengthOfStay}>
            <input type="hidden" name="estimateLengthOfStay" value="false" />
            <input
              type="checkbox"
              name="estimateLengthOfStay"
              value="true"
              checked={settings.estimateLengthOfStay}
            />{" "}
            Measure how long patients stay from each hospital's own occupancy and arrivals
            (<a href="/how-computed#census">how</a>)
          </label>
        </div>
        <button type="submit">Save settings</button>
      </AdminForm>
      <details>
        <summary>Sources of the defaults</summary>
        <dl class="facts">
          {Object.entries(settings.sources).map(([k, src]) => (
            <>
              <dt>{k}</dt>
              <dd>{src}</dd>
            </>
          ))}
        </dl>
      </details>
    </section>
  );
}
