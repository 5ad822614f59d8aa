import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";

const labels: Record<string, string> = {
  observation: "new ED arrivals data",
  forecast: "a new forecast",
  plan: "an updated action plan",
  alert: "a new alert",
  feed: "a feed status change",
};

/**
 * Subscribes to GET /api/live (Server-Sent Events; the browser reconnects by itself) and tells
 * the user when the page's figures have changed, with a button to reload them.
 */
export default function LiveUpdates() {
  const state = useSignal<"connecting" | "live" | "offline">("connecting");
  const latest = useSignal<string[]>([]);
  useEffect(() => {
    const source = new EventSource("/api/live");
    source.addEventListener("hello", () => state.value = "live");
    source.onerror = () => state.value = "offline";
    for (const type of Object.keys(labels)) {
      source.addEventListener(type, () => {
        state.value = "live";
        if (!latest.value.includes(type)) latest.value = [...latest.value, type];
      });
    }
    return () => source.close();
  }, []);
  return (
    <div class="live" data-testid="live-updates" data-state={state.value} role="status">
      <span class={`live-dot live-${state.value}`} aria-hidden="true" />
      {state.value === "live"
        ? "Live"
        : state.value === "offline"
        ? "Reconnecting…"
        : "Connecting…"}
      {latest.value.length > 0 && (
        <>
          {" — "}
          {latest.value.map((t) => labels[t]).join(", ")} since this page loaded.{" "}
          <button type="button" data-testid="live-reload" onClick={() => location.reload()}>
            Reload
          </button>
        </>
      )}
    </div>
  );
}
