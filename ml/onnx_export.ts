/**
 * Writes the network of ./mlp.ts as an ONNX model with onnx-proto: IR 8, opset 17 (accepted by
 * onnxruntime-web 1.30, see STACK_NOTES.md). Inputs `features` [N, F] (already scaled by
 * ./features.ts) and `scale` [N, 1]; output `quantiles` [N, 3] = p10, p50, p90.
 * Ops: Gemm (transB = 1, weights [out, in]), Relu, Softplus, Exp, Mul, Add, Sub, Concat.
 */
import onnxProto from "onnx-proto";
import type { onnx as OnnxTypes } from "onnx-proto";
import type { MlpWeights } from "./mlp.ts";

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
    node("Add", ["community", "ev0"], "p50"),
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
