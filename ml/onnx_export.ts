/**
 * Writes the network of ./mlp.ts as an ONNX model with onnx-proto: IR 8, opset 17 (accepted by
 * onnxruntime-web 1.30, see STACK_NOTES.md). Inputs `features` [N, F] (already scaled by
 * ./features.ts) and `scale` [N, 1]; output `quantiles` [N, 3] = p10, p50, p90.
 * Ops: Gemm (transB = 1, weights [out, in]), Relu, Softplus, Exp, Mul, Add, Sub, Concat.
 */
import onnxProto from "onnx-proto";
import type { onnx as OnnxTypes } from "onnx-proto";
import type { MlpWeights } from "./mlp.ts";
import { type EnsembleWeights, type HourBand, hourGemm } from "./ensemble.ts";

const { onnx } = onnxProto;

const FLOAT = onnx.TensorProto.DataType.FLOAT;

function tensor(
  name: string,
  dims: number[],
  values: Float32Array | number[],
): OnnxTypes.ITensorProto {
  const data = Float32Array.from(values);
  // rawData must be little-endian float32 bytes starting at offset 0 (a copy guarantees it).
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims, dataType: FLOAT, rawData: bytes };
}

function valueInfo(name: string, dims: (number | string)[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: {
          dim: dims.map((d) => typeof d === "string" ? { dimParam: d } : { dimValue: d }),
        },
      },
    },
  };
}

function node(
  op: string,
  inputs: string[],
  output: string,
  attrs: OnnxTypes.IAttributeProto[] = [],
) {
  return { opType: op, input: inputs, output: [output], name: output, attribute: attrs };
}

const transB = { name: "transB", type: onnx.AttributeProto.AttributeType.INT, i: 1 };
const axis1 = { name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: 1 };

/** Serialises the weights as ONNX bytes; metadata (e.g. the model version) goes in the model. */
export function exportOnnx(w: MlpWeights, metadata: Record<string, string> = {}): Uint8Array {
  const { inputs: f, hidden: [a, b] } = w.layout;
  const init: OnnxTypes.ITensorProto[] = [
    tensor("W1", [a, f], w.w1),
    tensor("B1", [a], w.b1),
    tensor("W2", [b, a], w.w2),
    tensor("B2", [b], w.b2),
    tensor("WENV", [1, f], w.wEnv),
    tensor("C_LOW", [1], [w.cLow]),
    tensor("C_HIGH", [1], [w.cHigh]),
  ];
  const nodes: OnnxTypes.INodeProto[] = [
    node("Gemm", ["features", "W1", "B1"], "a1", [transB]),
    node("Relu", ["a1"], "h1"),
    node("Gemm", ["h1", "W2", "B2"], "a2", [transB]),
    node("Relu", ["a2"], "h2"),
  ];
  // One head per output keeps every tensor [N, 1] (no Split needed).
  for (let k = 0; k < 3; k++) {
    init.push(
      tensor(`W3_${k}`, [1, b], w.w3.subarray(k * b, (k + 1) * b)),
      tensor(`B3_${k}`, [1], [w.b3[k]]),
      tensor(`WEV_${k}`, [1, f], w.wEv.subarray(k * f, (k + 1) * f)),
    );
    nodes.push(
      node("Gemm", ["h2", `W3_${k}`, `B3_${k}`], `z${k}`, [transB]),
      node("Softplus", [`z${k}`], `s${k}`),
      node("Gemm", ["features", `WEV_${k}`], `ev${k}`, [transB]),
    );
  }
  nodes.push(
    node("Gemm", ["features", "WENV"], "env_log", [transB]),
    node("Exp", ["env_log"], "env_factor"),
    node("Mul", ["s0", "env_factor"], "community"),
    node("Add", ["community", "ev0"], "p50_raw"),
    node("Relu", ["p50_raw"], "p50"),
    node("Add", ["s1", "ev1"], "low_raw"),
    node("Mul", ["low_raw", "C_LOW"], "low_width"),
    node("Sub", ["p50", "low_width"], "p10_raw"),
    node("Relu", ["p10_raw"], "p10"),
    node("Add", ["s2", "ev2"], "high_raw"),
    node("Mul", ["high_raw", "C_HIGH"], "high_width"),
    node("Add", ["p50", "high_width"], "p90"),
    node("Concat", ["p10", "p50", "p90"], "relative", [axis1]),
    node("Mul", ["relative", "scale"], "quantiles"),
  );
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: "", version: 17 }],
    producerName: "festsafe",
    producerVersion: "1",
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: "festsafe_ed_forecast",
      node: nodes,
      initializer: init,
      input: [valueInfo("features", ["N", f]), valueInfo("scale", ["N", 1])],
      output: [valueInfo("quantiles", ["N", 3])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** The p50 (relative to scale) of one network, as nodes with prefixed names. */
function netP50(w: MlpWeights, prefix: string) {
  const { inputs: f, hidden: [a, b] } = w.layout;
  const n = (s: string) => `${prefix}${s}`;
  const init: OnnxTypes.ITensorProto[] = [
    tensor(n("W1"), [a, f], w.w1),
    tensor(n("B1"), [a], w.b1),
    tensor(n("W2"), [b, a], w.w2),
    tensor(n("B2"), [b], w.b2),
    tensor(n("W3"), [1, b], w.w3.subarray(0, b)),
    tensor(n("B3"), [1], [w.b3[0]]),
    tensor(n("WENV"), [1, f], w.wEnv),
    tensor(n("WEV"), [1, f], w.wEv.subarray(0, f)),
  ];
  const nodes: OnnxTypes.INodeProto[] = [
    node("Gemm", ["features", n("W1"), n("B1")], n("a1"), [transB]),
    node("Relu", [n("a1")], n("h1")),
    node("Gemm", [n("h1"), n("W2"), n("B2")], n("a2"), [transB]),
    node("Relu", [n("a2")], n("h2")),
    node("Gemm", [n("h2"), n("W3"), n("B3")], n("z0"), [transB]),
    node("Softplus", [n("z0")], n("s0")),
    node("Gemm", ["features", n("WENV")], n("env_log"), [transB]),
    node("Exp", [n("env_log")], n("env_factor")),
    node("Mul", [n("s0"), n("env_factor")], n("community")),
    node("Gemm", ["features", n("WEV")], n("ev0"), [transB]),
    node("Add", [n("community"), n("ev0")], n("p50_raw")),
    node("Relu", [n("p50_raw")], n("p50")),
  ];
  return { init, nodes, out: n("p50") };
}

/**
 * Serialises the ensemble of ./ensemble.ts as one graph: inputs `features` [N, F] and `scale`
 * [N, 1]; outputs `quantiles` [N, 3] (p10, p50, p90), `quantiles_wide` [N, 2] (p05, p95) and
 * `mean` [N, 1]: the expected arrivals of the row's hour (not rounded; sums over hours add these).
 * The mean is the ensemble's Poisson GLM member, scale · exp(b + w · x): a maximum-likelihood
 * Poisson fit, whose fitted values add up to the observed counts. Not the centre c: the networks
 * in it are fitted to quantiles (pinball loss), and the medians of whole-number counts they learn
 * sat 5–8 % below the expected arrivals on simulated EDs with known rates (the GLM 1–2 %).
 * Ops: Gemm, Relu, Softplus, Exp, Mul, Add, Sqrt, Floor, Min, Max, Concat.
 */
export function exportEnsembleOnnx(
  e: EnsembleWeights,
  metadata: Record<string, string> = {},
): Uint8Array {
  const f = e.glm.w.length;
  const share = e.nets.length ? (1 - e.glmWeight) / e.nets.length : 0;
  const glmWeight = e.nets.length ? e.glmWeight : 1;
  const init: OnnxTypes.ITensorProto[] = [
    tensor("GLM_W", [1, f], e.glm.w),
    tensor("GLM_B", [1], [e.glm.b]),
    tensor("GLM_SHARE", [1], [glmWeight]),
    tensor("NET_SHARE", [1], [share]),
    tensor("DISPERSION", [1], [e.dispersion]),
  ];
  const nodes: OnnxTypes.INodeProto[] = [
    node("Gemm", ["features", "GLM_W", "GLM_B"], "glm_eta", [transB]),
    node("Exp", ["glm_eta"], "glm_rel"),
    node("Mul", ["glm_rel", "GLM_SHARE"], "centre_rel_0"),
  ];
  let acc = "centre_rel_0";
  e.nets.forEach((w, i) => {
    const net = netP50(w, `net${i}_`);
    init.push(...net.init);
    nodes.push(...net.nodes);
    nodes.push(
      node("Mul", [net.out, "NET_SHARE"], `net${i}_weighted`),
      node("Add", [acc, `net${i}_weighted`], `centre_rel_${i + 1}`),
    );
    acc = `centre_rel_${i + 1}`;
  });
  nodes.push(
    node("Mul", [acc, "scale"], "centre"),
    node("Mul", ["centre", "centre"], "centre_sq"),
    node("Mul", ["centre_sq", "DISPERSION"], "extra_var"),
    node("Add", ["centre", "extra_var"], "variance"),
    node("Sqrt", ["variance"], "sd"),
  );
  const names = ["p05", "p10", "p50", "p90", "p95"];
  if (e.byHour) {
    // The local hour as a one-hot [N, 24] from the hour harmonics (ensemble.ts hourOneHot).
    const g = hourGemm(e.byHour, f);
    init.push(tensor("HOUR_W", [24, f], g.w), tensor("HOUR_B", [24], g.b));
    nodes.push(
      node("Gemm", ["features", "HOUR_W", "HOUR_B"], "hour_g", [transB]),
      node("Relu", ["hour_g"], "hour_onehot"),
    );
  }
  e.z.forEach((z, k) => {
    init.push(tensor(`Z_${names[k]}`, [1], [z]));
    const zh = e.byHour?.z[k];
    if (zh && zh.some((v) => v !== 0)) {
      // The offset of the row's local hour: z + one-hot · ZH (the band calibrated per hour).
      init.push(tensor(`ZH_${names[k]}`, [1, 24], zh));
      nodes.push(
        node("Gemm", ["hour_onehot", `ZH_${names[k]}`, `Z_${names[k]}`], `z_${names[k]}`, [transB]),
        node("Mul", ["sd", `z_${names[k]}`], `${names[k]}_shift`),
      );
    } else nodes.push(node("Mul", ["sd", `Z_${names[k]}`], `${names[k]}_shift`));
    nodes.push(node("Add", ["centre", `${names[k]}_shift`], `${names[k]}_raw`));
  });
  // The median is a whole number (floor(x + ½)); the other edges are clamped around it.
  init.push(tensor("HALF", [1], [0.5]));
  nodes.push(
    node("Add", ["p50_raw", "HALF"], "p50_half"),
    node("Floor", ["p50_half"], "p50_int"),
    node("Relu", ["p50_int"], "p50"),
    node("Relu", ["p10_raw"], "p10_pos"),
    node("Min", ["p10_pos", "p50"], "p10"),
    node("Relu", ["p05_raw"], "p05_pos"),
    node("Min", ["p05_pos", "p10"], "p05"),
    node("Max", ["p90_raw", "p50"], "p90"),
    node("Max", ["p95_raw", "p90"], "p95"),
  );
  nodes.push(
    node("Concat", ["p10", "p50", "p90"], "quantiles", [axis1]),
    node("Concat", ["p05", "p95"], "quantiles_wide", [axis1]),
    node("Mul", ["glm_rel", "scale"], "mean"),
  );
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: "", version: 17 }],
    producerName: "festsafe",
    producerVersion: "2",
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: "festsafe_ed_forecast_ensemble",
      node: nodes,
      initializer: init,
      input: [valueInfo("features", ["N", f]), valueInfo("scale", ["N", 1])],
      output: [
        valueInfo("quantiles", ["N", 3]),
        valueInfo("quantiles_wide", ["N", 2]),
        valueInfo("mean", ["N", 1]),
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/**
 * Reads an ensemble back from its ONNX initialisers (bench and tests run the same weights in
 * TypeScript). The networks' band heads are not in the graph: they come back as zeros.
 */
export function ensembleFromOnnx(
  bytes: Uint8Array,
  spec: {
    trunk: number[];
    env: number[];
    event: number;
    hidden: [number, number];
    names: string[];
  },
): EnsembleWeights {
  const model = onnx.ModelProto.decode(bytes);
  const t = new Map(model.graph!.initializer!.map((i) => {
    const raw = i.rawData!;
    const copy = raw.slice();
    return [i.name!, new Float32Array(copy.buffer, 0, copy.byteLength / 4)];
  }));
  const get = (name: string) => {
    const v = t.get(name);
    if (!v) throw new Error(`not an ensemble graph: no initialiser ${name}`);
    return v;
  };
  const f = spec.names.length, [, b] = spec.hidden;
  const nets: MlpWeights[] = [];
  for (let i = 0; t.has(`net${i}_W1`); i++) {
    const p = `net${i}_`;
    const w3 = new Float32Array(3 * b), wEv = new Float32Array(3 * f);
    w3.set(get(`${p}W3`));
    wEv.set(get(`${p}WEV`));
    nets.push({
      layout: {
        inputs: f,
        hidden: spec.hidden,
        trunk: spec.trunk,
        env: spec.env,
        event: spec.event,
      },
      w1: get(`${p}W1`),
      b1: get(`${p}B1`),
      w2: get(`${p}W2`),
      b2: get(`${p}B2`),
      w3,
      b3: Float32Array.from([get(`${p}B3`)[0], 0, 0]),
      wEnv: get(`${p}WENV`),
      wEv,
      cLow: 1,
      cHigh: 1,
    });
  }
  const share = get("NET_SHARE")[0];
  return {
    glm: { w: get("GLM_W"), b: get("GLM_B")[0] },
    nets,
    glmWeight: nets.length ? 1 - share * nets.length : 1,
    dispersion: get("DISPERSION")[0],
    z: ["p05", "p10", "p50", "p90", "p95"].map((q) => get(`Z_${q}`)[0]),
    byHour: hourBandOf(t, spec),
  };
}

/** The hour band back from its initialisers (the hour harmonics' scaling from HOUR_W/HOUR_B). */
function hourBandOf(
  t: Map<string, Float32Array>,
  spec: { names: string[] },
): HourBand | undefined {
  const w = t.get("HOUR_W"), b = t.get("HOUR_B");
  if (!w || !b) return undefined;
  const f = spec.names.length;
  const sinCol = spec.names.indexOf("hour_sin1"), cosCol = spec.names.indexOf("hour_cos1");
  const k = 1 / (1 - (1 + Math.cos((2 * Math.PI) / 24)) / 2);
  // Row h = 0: sin θ_0 = 0, cos θ_0 = 1 → w = k·std_cos, b = k·(mean_cos − T); row h = 6 (90°):
  // w = k·std_sin, b = k·(mean_sin − T).
  const t0 = 1 - 1 / k;
  const cos = { col: cosCol, std: w[cosCol] / k, mean: b[0] / k + t0 };
  const sin = { col: sinCol, std: w[6 * f + sinCol] / k, mean: b[6] / k + t0 };
  const z = ["p05", "p10", "p50", "p90", "p95"].map((q) =>
    Array.from(t.get(`ZH_${q}`) ?? new Float32Array(24))
  );
  return { sin, cos, z };
}
