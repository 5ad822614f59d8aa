import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";

export interface TrainingProgressProps {
  runId: string;
  status: string;
  stage: string;
  progress: number;
}

/**
 * A training run's progress, live: follows the `training` events of GET /api/live (Server-Sent
 * Events) and reloads the page when the run ends, which then shows its backtest.
 */
export default function TrainingProgress(props: TrainingProgressProps) {
  const status = useSignal(props.status);
  const stage = useSignal(props.stage);
  const progress = useSignal(props.progress);
  useEffect(() => {
    const source = new EventSource("/api/live");
    source.addEventListener("training", (e) => {
      const d = JSON.parse((e as MessageEvent).data);
      if (d.runId !== props.runId) return;
      status.value = d.status;
      stage.value = d.stage;
      progress.value = Math.max(progress.value, d.progress);
      if (d.status === "succeeded" || d.status === "failed") {
        source.close();
        location.reload();
      }
    });
    return () => source.close();
  }, []);
  return (
    <p role="status" data-testid="training-progress" data-progress={progress.value}>
      <progress max={100} value={progress.value} aria-label="training progress" /> {status.value}:
      {" "}
      {stage.value}, {progress.value} %
    </p>
  );
}
