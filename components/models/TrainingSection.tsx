import type { runJson } from "../../services/models.ts";
import TrainingProgress from "../../islands/TrainingProgress.tsx";
import { BacktestTable } from "./BacktestTable.tsx";
import { PostForm } from "./PostForm.tsx";

type Run = ReturnType<typeof runJson>;

/** The train button and the latest run: live progress while it runs, its outcome after. */
export function TrainingSection(
  { runs, csrf, minDays, canTrain }: {
    runs: Run[];
    csrf: string;
    minDays: number;
    canTrain: boolean;
  },
) {
  const latest = runs[0];
  const busy = latest && (latest.status === "queued" || latest.status === "running");
  return (
    <section id="training">
      <h2>Train on your history</h2>
      <p class="muted">
        Trains the forecaster on your hospitals' stored hourly ED arrivals (those with at least{" "}
        {minDays}{" "}
        days; the others keep the global model), your events and your calendar, then backtests it on
        your latest weeks. Nothing changes until you activate the new version.
      </p>
      {canTrain
        ? (
          <PostForm to="/admin/models" csrf={csrf} action="train" inline>
            <label>
              <input type="checkbox" name="fast" /> quick (fewer networks, for a first look)
            </label>{" "}
            <button type="submit" disabled={busy}>Train a model</button>
          </PostForm>
        )
        : (
          <p>
            No hospital has {minDays}{" "}
            days of hourly arrivals yet: upload more history (/upload or POST /api/observations).
          </p>
        )}
      {latest && (
        <div class="training-run" data-testid="training-run" data-status={latest.status}>
          <h3>Latest run ({latest.fast ? "quick" : "full"}), by {latest.requestedBy}</h3>
          {busy
            ? (
              <TrainingProgress
                runId={latest.id}
                status={latest.status}
                stage={latest.stage}
                progress={latest.progress}
              />
            )
            : (
              <p>
                {latest.status === "succeeded"
                  ? `Trained version ${latest.version}.`
                  : `Failed: ${latest.error ?? "unknown error"}`}
              </p>
            )}
          {latest.backtest && <BacktestTable b={latest.backtest} />}
        </div>
      )}
    </section>
  );
}
