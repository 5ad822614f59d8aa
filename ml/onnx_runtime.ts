/**
 * ONNX Runtime Web (WASM) in the server: one InferenceSession per process, created lazily for the
 * active artifact and reused by every request and job run. A new active version replaces it.
 */
import * as ort from "onnxruntime-web";

interface Loaded {
  key: string;
  session: Promise<ort.InferenceSession>;
}

let current: Loaded | undefined;
let created = 0;

/** Makes a standalone session (tests and export checks); the server uses sharedSession. */
export function createSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  ort.env.wasm.numThreads = 1;
  return ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
}

/** The process's session for the artifact identified by key (its sha256). */
export function sharedSession(key: string, bytes: () => Uint8Array): Promise<ort.InferenceSession> {
  if (current?.key === key) return current.session;
  const previous = current;
  const session = createSession(bytes());
  created++;
  current = { key, session };
  session.catch(() => {
    if (current?.session === session) current = undefined;
  });
  previous?.session.then((s) => s.release()).catch(() => {});
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
