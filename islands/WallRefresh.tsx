import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { formatTime } from "../domain/time_format.ts";

/** What changes the wall's figures (GET /api/live event types). */
const triggers = ["forecast", "plan", "alert", "feed", "observation"];

/**
 * Keeps a wall screen current without anyone touching it: with an account it follows the live
 * stream (GET /api/live) and reloads the figures a few seconds after they change; without one
 * (the public demo) and as a safety net it reloads every few minutes. The content is fetched
 * and swapped in place so the screen never goes blank; if that fails the page reloads.
 */
export default function WallRefresh(
  { live, timeZone, everySeconds = 300, settleSeconds = 5 }: {
    live: boolean;
    /** The organisation's zone: the "updated" time is shown in it, like every other time. */
    timeZone: string;
    everySeconds?: number;
    settleSeconds?: number;
  },
) {
  const updated = useSignal(new Date());
  const refreshes = useSignal(0);
  const state = useSignal<"live" | "polling" | "offline">(live ? "offline" : "polling");
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const refresh = async () => {
      pending = undefined;
      try {
        const res = await fetch(location.href, { headers: { accept: "text/html" } });
        if (!res.ok) throw new Error(String(res.status));
        const next = new DOMParser().parseFromString(await res.text(), "text/html")
          .getElementById("wall-content");
        const here = document.getElementById("wall-content");
        if (!next || !here) throw new Error("no wall content");
        here.replaceWith(next);
        updated.value = new Date();
        refreshes.value++;
      } catch {
        location.reload();
      }
    };
    const soon = () => {
      if (pending === undefined) pending = setTimeout(refresh, settleSeconds * 1000);
    };
    const timer = setInterval(refresh, everySeconds * 1000);
    let source: EventSource | undefined;
    if (live) {
      source = new EventSource("/api/live");
      source.addEventListener("hello", () => state.value = "live");
      source.onerror = () => state.value = "offline";
      for (const t of triggers) source.addEventListener(t, soon);
    }
    return () => {
      clearInterval(timer);
      clearTimeout(pending);
      source?.close();
    };
  }, []);
  return (
    <p
      class="wall-status"
      role="status"
      data-testid="wall-status"
      data-state={state.value}
      data-refreshes={refreshes.value}
    >
      <span class={`live-dot live-${state.value === "polling" ? "live" : state.value}`} />{" "}
      {state.value === "live"
        ? "Live"
        : state.value === "polling"
        ? `Refreshes every ${Math.round(everySeconds / 60)} min`
        : "Reconnecting…"} · updated {formatTime(updated.value, timeZone)}
    </p>
  );
}
