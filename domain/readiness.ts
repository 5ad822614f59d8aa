/** Readiness of an ED from its latest occupancy against its staffed beds. */
export type Readiness = "normal" | "elevated" | "strained" | "unknown";

/**
 * Thresholds follow the common "occupancy over staffed beds" reading used on regional status
 * boards (EMResource-style labels, DOMAIN.md): ≥ 85 % elevated, ≥ 100 % strained.
 */
export function readinessOf(occupancy: number | null, edBeds: number): Readiness {
  if (occupancy === null || edBeds <= 0) return "unknown";
  const ratio = occupancy / edBeds;
  if (ratio >= 1) return "strained";
  if (ratio >= 0.85) return "elevated";
  return "normal";
}
