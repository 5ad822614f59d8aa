/**
 * ONNX Runtime Web (WASM) in the server: one InferenceSession per artifact and process, created
 * lazily and reused by every request and job run that forecasts with that model.
 */
import * as ort from "onnxruntime-web";

/**
 * Sessions by artifact sha256, least recently used first. The global model and a few
 * organisations' own models stay loaded (each session holds its weights, tens of KB).
 */
const sessions = new Map<string, Promise<ort.InferenceSession>>();
const SESSIONS_MAX = 8;
let created = 0;

/** Makes a standalone session (tests and export checks); the server uses sharedSession. */
export function createSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  ort.env.wasm.numThreads = 1;
  return ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
}

/** The process's session for the artifact identified by key (its sha256). */
export function sharedSession(key: string, bytes: () => Uint8Array): Promise<ort.InferenceSession> {
  const hit = sessions.get(key);
  if (hit) {
    sessions.delete(key);
    sessions.set(key, hit);
    return hit;
  }
  const session = createSession(bytes());
  created++;
  sessions.set(key, session);
  session.catch(() => {
    if (sessions.get(key) === session) sessions.delete(key);
  });
  if (sessions.size > SESSIONS_MAX) {
    const [oldKey, oldest] = sessions.entries().next().value!;
    sessions.delete(oldKey);
    // A request may still be running on it: release it a little later.
    oldest.then((s) => setTimeout(() => s.release().catch(() => {}), 30_000)).catch(() => {});
  }
  return session;
}

/** How many sessions this process has created (tests check it stays at one per artifact). */
export function sessionsCreated(): number {
  return created;
}

/** Runs the network on n rows: features [n, f] and scale [n] → quantiles [n, 3]. */
export async function runSession(
  session: ort.InferenceSession,
  features: Float32Array,
  scale: Float32Array,
  n: number,
): Promise<Float32Array> {
  if (n === 0) return new Float32Array(0);
  const f = features.length / n;
  const result = await session.run({
    features: new ort.Tensor("float32", features, [n, f]),
    scale: new ort.Tensor("float32", scale, [n, 1]),
  });
  return result.quantiles.data as Float32Array;
}

/**
 * Runs a forecast graph on n rows → quantiles [n, 3] and the expected arrivals [n] (the graph's
 * `mean` output; graphs exported before it existed give null, and callers fall back to p50).
 */
export async function runForecastSession(
  session: ort.InferenceSession,
  features: Float32Array,
  scale: Float32Array,
  n: number,
): Promise<{ quantiles: Float32Array; mean: Float32Array | null }> {
  if (n === 0) return { quantiles: new Float32Array(0), mean: new Float32Array(0) };
  const f = features.length / n;
  const result = await session.run({
    features: new ort.Tensor("float32", features, [n, f]),
    scale: new ort.Tensor("float32", scale, [n, 1]),
  });
  return {
    quantiles: result.quantiles.data as Float32Array,
    mean: result.mean ? result.mean.data as Float32Array : null,
  };
}
