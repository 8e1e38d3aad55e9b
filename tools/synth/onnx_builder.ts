/**
 * A small ONNX graph builder on top of `onnx-proto` (protobufjs): initializers as raw
 * little-endian bytes, nodes with auto-named outputs, model encoding at opset 17 / IR 8.
 * @module
 */

import onnxProto from "npm:onnx-proto@8.0.1";

const { onnx } = onnxProto;

/** ONNX tensor element types used by the generator (`TensorProto.DataType`). */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;

/** An ONNX element type number from {@link DataType}. */
export type DataTypeId = (typeof DataType)[keyof typeof DataType];

/** A node attribute: number (int unless `float` is set), float, or list of ints. */
export type AttrValue = number | { float: number } | { ints: readonly number[] };

/** Typed array data accepted as an initializer. */
export type TensorData = Float32Array | Int8Array | Uint8Array | Int32Array | BigInt64Array;

/** A graph input or output: element type and symbolic (`string`) or fixed dimensions. */
export interface ValueSpec {
  name: string;
  type: DataTypeId;
  dims: readonly (string | number)[];
}

function elementType(data: TensorData): DataTypeId {
  if (data instanceof Float32Array) return DataType.FLOAT;
  if (data instanceof Int8Array) return DataType.INT8;
  if (data instanceof Uint8Array) return DataType.UINT8;
  if (data instanceof Int32Array) return DataType.INT32;
  return DataType.INT64;
}

function valueInfo(spec: ValueSpec): onnxProto.onnx.IValueInfoProto {
  const dim = spec.dims.map((d) => typeof d === "string" ? { dimParam: d } : { dimValue: d });
  return { name: spec.name, type: { tensorType: { elemType: spec.type, shape: { dim } } } };
}

function attribute(name: string, value: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === "number") return { name, type: T.INT, i: value };
  if ("float" in value) return { name, type: T.FLOAT, f: value.float };
  return { name, type: T.INTS, ints: [...value.ints] };
}

/** Collects initializers and nodes, then encodes an ONNX `ModelProto`. */
export class GraphBuilder {
  readonly #initializers: onnxProto.onnx.ITensorProto[] = [];
  readonly #nodes: onnxProto.onnx.INodeProto[] = [];
  readonly #names = new Set<string>();
  #counter = 0;

  /** Adds an initializer; returns its name. */
  initializer(name: string, dims: readonly number[], data: TensorData): string {
    if (this.#names.has(name)) throw new Error(`duplicate initializer ${name}`);
    this.#names.add(name);
    const rawData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.#initializers.push({ name, dims: [...dims], dataType: elementType(data), rawData });
    return name;
  }

  /** A float32 scalar constant initializer. */
  scalar(name: string, value: number): string {
    return this.initializer(name, [], new Float32Array([value]));
  }

  /** An int64 1-D constant initializer. */
  int64s(name: string, values: readonly number[]): string {
    return this.initializer(name, [values.length], BigInt64Array.from(values.map(BigInt)));
  }

  /** Adds a node with `outputs` outputs (auto-named after `name`); returns the output names. */
  nodeN(
    opType: string,
    inputs: readonly string[],
    opts: { name?: string; outputs?: number; attrs?: Record<string, AttrValue> } = {},
  ): string[] {
    const name = opts.name ?? `${opType}_${this.#counter++}`;
    const count = opts.outputs ?? 1;
    const output = Array.from({ length: count }, (_, i) => count === 1 ? name : `${name}_${i}`);
    const attribute_ = Object.entries(opts.attrs ?? {}).map(([k, v]) => attribute(k, v));
    this.#nodes.push({ name, opType, input: [...inputs], output, attribute: attribute_ });
    return output;
  }

  /** Adds a single-output node; returns its output name. */
  node(
    opType: string,
    inputs: readonly string[],
    opts: { name?: string; attrs?: Record<string, AttrValue> } = {},
  ): string {
    return this.nodeN(opType, inputs, opts)[0];
  }

  /** Renames the last node's single output to `name` (for graph outputs). */
  renameLastOutput(name: string): void {
    const last = this.#nodes[this.#nodes.length - 1];
    if (last?.output?.length !== 1) throw new Error("renameLastOutput: no single-output node");
    last.output = [name];
  }

  /** Encodes the model as ONNX protobuf bytes (opset 17, IR 8). */
  encode(opts: { graphName: string; inputs: ValueSpec[]; outputs: ValueSpec[] }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: "rerank-gateway-synth",
      producerVersion: "1",
      opsetImport: [{ domain: "", version: 17 }],
      graph: {
        name: opts.graphName,
        node: this.#nodes,
        initializer: this.#initializers,
        input: opts.inputs.map(valueInfo),
        output: opts.outputs.map(valueInfo),
      },
    });
    const bytes = onnx.ModelProto.encode(model).finish();
    // protobufjs hands out a Node Buffer under Deno's Node compat; give callers a plain view.
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}
