import type { versionJson } from "../../services/models.ts";
import { BacktestTable } from "./BacktestTable.tsx";
import { PostForm } from "./PostForm.tsx";

type Version = ReturnType<typeof versionJson>;

/**
 * Every version the organisation may use — its own and the global model's active one — with
 * its backtest; one that beats the strongest baseline may be activated, an earlier one re-activated
 * (rollback), and the global model taken back.
 */
export function VersionsSection(
  { versions, csrf, own }: { versions: Version[]; csrf: string; own: string | null },
) {
  // The validated fit of each refitted version stays in the registry, not in this list.
  const shown = versions.filter((v) =>
    (v.scope === "organisation" || v.active) &&
    (v.metrics as { role?: string }).role !== "validated"
  );
  return (
    <section id="versions">
      <h2>Versions</h2>
      {shown.map((v) => (
        <details
          key={v.version}
          open={v.serving || v === shown[0]}
          data-testid="model-version"
          data-version={v.version}
        >
          <summary>
            <strong>{v.version}</strong> — {v.scope === "global" ? "global model" : "yours"},{" "}
            {v.createdAt.slice(0, 10)}
            {v.serving && <span class="badge badge-normal">serving</span>}
            {v.active && v.scope === "organisation" && " (active)"}
          </summary>
          {v.hospitals && <p class="muted">Trained on: {v.hospitals.join(", ")}</p>}
          {v.backtest ? <BacktestTable b={v.backtest} /> : <p class="muted">No backtest stored.</p>}
          {v.scope === "organisation" && !v.active && (
            v.backtest?.activatable
              ? (
                <PostForm to="/admin/models" csrf={csrf} action="activate" inline>
                  <input type="hidden" name="version" value={v.version} />
                  <button type="submit">Activate {v.version}</button>
                </PostForm>
              )
              : (
                <p class="muted">
                  Cannot be activated: it does not beat the strongest baseline on its backtest.
                </p>
              )
          )}
          {v.scope === "global" && own && (
            <PostForm to="/admin/models" csrf={csrf} action="activate" inline>
              <input type="hidden" name="version" value={v.version} />
              <button type="submit">Use the global model again</button>
            </PostForm>
          )}
        </details>
      ))}
    </section>
  );
}
