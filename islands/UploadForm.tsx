import { useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { TableScroll } from "../components/TableScroll.tsx";
import { placeOfPath } from "../domain/problem_words.ts";

export interface UploadFormProps {
  /** The session's CSRF token, echoed in X-CSRF-Token (lib/auth/csrf.ts). */
  csrf: string;
  /** The organisation the page shows: the upload goes there even if another tab switches. */
  orgId: string;
  orgName: string;
}

interface Problem {
  row?: number;
  path: string;
  message: string;
}

interface Outcome {
  ok: boolean;
  status: number;
  accepted?: number;
  rejected?: number;
  message?: string;
  problems: Problem[];
  replayed: boolean;
}

const kinds = {
  observations: {
    label: "Hourly ED aggregates",
    url: "/api/observations",
    header: "hospitalId,ts,edArrivals,ambulanceArrivals,edOccupancy,bedsAvailable",
  },
  encounters: {
    label: "Patient-level ED encounters (pseudonymised on arrival)",
    url: "/api/encounters",
    header: "hospitalId,encounterId,arrivedAt,… (the EncounterRecord fields)",
  },
  environment: {
    label: "Weather and air-quality readings",
    url: "/api/environment",
    header: "lat,lon,ts,temperatureC,relativeHumidity,pm25,pm10,ozone",
  },
} as const;
type Kind = keyof typeof kinds;

const SHOWN_PROBLEMS = 200;
const mb = (n: number) => (n / 1_048_576).toFixed(n < 10_485_760 ? 2 : 1);

/**
 * CSV upload with a progress bar. Each chosen file gets one Idempotency-Key, reused when the
 * upload is retried, so a retry after a dropped connection never stores rows twice; the answer's
 * per-row problems are listed.
 */
export default function UploadForm({ csrf, orgId, orgName }: UploadFormProps) {
  const file = useRef<File | null>(null);
  const kind = useSignal<Kind>("observations");
  const partial = useSignal(false);
  const key = useSignal("");
  const phase = useSignal<"idle" | "sending" | "storing" | "done" | "failed">("idle");
  const sent = useSignal(0);
  const total = useSignal(0);
  const outcome = useSignal<Outcome | null>(null);

  const choose = (e: Event) => {
    file.current = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
    key.value = file.current ? crypto.randomUUID() : "";
    phase.value = "idle";
    outcome.value = null;
  };

  const upload = (e: Event) => {
    e.preventDefault();
    const f = file.current;
    if (!f || phase.value === "sending" || phase.value === "storing") return;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", kinds[kind.value].url + (partial.value ? "?partial=true" : ""));
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.setRequestHeader("x-csrf-token", csrf);
    xhr.setRequestHeader("x-org-id", orgId);
    xhr.setRequestHeader("idempotency-key", key.value);
    phase.value = "sending";
    sent.value = 0;
    total.value = f.size;
    outcome.value = null;
    xhr.upload.onprogress = (p) => {
      sent.value = p.loaded;
      if (p.lengthComputable) total.value = p.total;
    };
    xhr.upload.onload = () => {
      sent.value = total.value;
      phase.value = "storing";
    };
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch { /* not JSON: reported below */ }
      const error = body.error as { message?: string; details?: Problem[] } | undefined;
      outcome.value = {
        ok: xhr.status === 200,
        status: xhr.status,
        accepted: body.accepted as number | undefined,
        rejected: body.rejected as number | undefined,
        message: error?.message ?? (xhr.status === 200 ? undefined : `answer ${xhr.status}`),
        problems: (body.errors as Problem[] | undefined) ?? error?.details ?? [],
        replayed: xhr.getResponseHeader("idempotent-replayed") === "true",
      };
      phase.value = xhr.status === 200 ? "done" : "failed";
    };
    xhr.onerror = () => {
      outcome.value = {
        ok: false,
        status: 0,
        message: "The connection dropped before the answer came.",
        problems: [],
        replayed: false,
      };
      phase.value = "failed";
    };
    xhr.send(f);
  };

  const busy = phase.value === "sending" || phase.value === "storing";
  const o = outcome.value;
  const percent = total.value ? Math.round(sent.value / total.value * 100) : 0;
  return (
    <form class="form upload" onSubmit={upload} data-testid="upload-form">
      <fieldset class="wide">
        <legend>What the file holds</legend>
        {(Object.keys(kinds) as Kind[]).map((k) => (
          <label class="field field-check">
            <input
              type="radio"
              name="kind"
              value={k}
              checked={kind.value === k}
              onChange={() => kind.value = k}
              data-testid={`kind-${k}`}
            />
            <span>
              {kinds[k].label} — header <code>{kinds[k].header}</code>
            </span>
          </label>
        ))}
      </fieldset>
      <label class="field wide">
        <span>CSV file (up to 50 MB), for {orgName}</span>
        <input
          type="file"
          name="file"
          accept=".csv,text/csv"
          required
          onChange={choose}
          data-testid="upload-file"
        />
      </label>
      <label class="field field-check wide">
        <input
          type="checkbox"
          checked={partial.value}
          onChange={(e) => partial.value = (e.currentTarget as HTMLInputElement).checked}
          data-testid="upload-partial"
        />
        <span>Store the valid rows even if some are wrong (otherwise nothing is stored)</span>
      </label>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy} data-testid="upload-submit">
          {phase.value === "failed" && o?.status === 0 ? "Retry upload" : "Upload"}
        </button>
        {key.value && <span class="muted">Upload key {key.value.slice(0, 8)}…</span>}
      </div>
      <div class="wide" role="status" aria-live="polite" data-testid="upload-status">
        {phase.value !== "idle" && (
          <>
            <progress
              class="progress"
              max={100}
              value={phase.value === "storing" ? undefined : percent}
              aria-label="Upload progress"
              data-testid="upload-progress"
            />
            <p>
              {phase.value === "sending" &&
                `Sending: ${mb(sent.value)} of ${mb(total.value)} MB (${percent} %)`}
              {phase.value === "storing" && "Sent; checking and storing the rows…"}
              {phase.value === "done" && o && (
                <span data-testid="upload-result">
                  {o.replayed ? "Already uploaded (nothing stored twice): " : "Stored "}
                  {o.accepted} row(s); {o.rejected} rejected.
                </span>
              )}
              {phase.value === "failed" && o && (
                <span class="field-error" data-testid="upload-error">
                  {o.status === 422
                    ? `Nothing was stored: ${o.message}`
                    : `Upload failed: ${o.message}`}
                  {o.status === 0 &&
                    " Retrying sends the same upload key: rows are never stored twice."}
                </span>
              )}
            </p>
          </>
        )}
      </div>
      {o && o.problems.length > 0 && (
        <div class="wide">
          <TableScroll label="Problems by row">
            <table data-testid="upload-problems">
              <caption>Problems by row</caption>
              <thead>
                <tr>
                  <th class="num">Row (line of your file)</th>
                  <th>Column (as in your file)</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                {o.problems.slice(0, SHOWN_PROBLEMS).map((p) => (
                  <tr>
                    <td class="num">{p.row ?? "—"}</td>
                    <td>
                      <code title={p.path}>{placeOfPath(p.path).column || "(whole row)"}</code>
                    </td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {o.problems.length > SHOWN_PROBLEMS && (
            <p class="muted">… and {o.problems.length - SHOWN_PROBLEMS} more.</p>
          )}
        </div>
      )}
    </form>
  );
}
