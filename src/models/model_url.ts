/**
 * What a model URL (`model: "https://..."` of the local transformer modules) may look like, for
 * the config check and the URL model source alike. No I/O here.
 * @module
 */
import { redactUrl } from "../remote/redact.ts";

/** File names a `modelSha256` pin may name, relative to the model URL (and any `.onnx` graph). */
export const MODEL_URL_FILES: readonly string[] = [
  "model.onnx",
  "model_quantized.onnx",
  "onnx/model.onnx",
  "onnx/model_quantized.onnx",
  "config.json",
  "tokenizer.json",
  "tokenizer_config.json",
  "1_Pooling/config.json",
];

/** True when `name` may be pinned: one of {@link MODEL_URL_FILES} or an `[onnx/]<name>.onnx` graph. */
export function isPinnableFile(name: string): boolean {
  return MODEL_URL_FILES.includes(name) || /^(onnx\/)?[\w.-]+\.onnx$/.test(name);
}

/** True when `model` is an `http(s)://` URL rather than a model id or a folder. */
export function isModelUrl(model: string): boolean {
  return /^https?:\/\//i.test(model);
}

/** Why `model` cannot be a model URL here, or `undefined` when it can. */
export function modelUrlProblem(
  model: string,
  opts: { allowHttp?: boolean } = {},
): string | undefined {
  if (!URL.canParse(model)) return `is not a valid URL: ${redactUrl(model)}`;
  const url = new URL(model);
  if (url.username !== "" || url.password !== "") {
    return "must not contain credentials: model files are read without them (secrets never " +
      "live in the config)";
  }
  if (url.search !== "" || url.hash !== "") {
    return "must not have a query or fragment: it names a folder, the files are <url>/<name>";
  }
  if (url.protocol === "http:" && !opts.allowHttp) {
    return `must use https (http:// only with modules.allowPrivateBaseUrls, for local tests): ${
      redactUrl(model)
    }`;
  }
  return undefined;
}
