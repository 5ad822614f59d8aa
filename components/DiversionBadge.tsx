/** A reported ambulance diversion: shown instead of any "open" wording. */
export function DiversionBadge({ reason, since }: { reason: string | null; since?: string }) {
  return (
    <span data-testid="diversion">
      <span class="badge badge-critical">on diversion</span>
      {reason || since
        ? (
          <span class="muted">
            {" "}
            {reason ?? ""}
            {reason && since ? " · " : ""}
            {since ? `reported ${since}` : ""}
          </span>
        )
        : null}
    </span>
  );
}
