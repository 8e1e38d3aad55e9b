/**
 * Grammar-aware generation of Weaviate `Get` documents over the fuzz schema (schema_model.ts):
 * class fields with aliases and every search argument (nearText, nearVector, nearObject, bm25,
 * hybrid, where, limit, offset, autocut, after, sort, groupBy, group), selections with properties,
 * `_additional { rerank(...) { score } distance ... group { hits } }`, fragments, inline fragments,
 * directives and variables; plus the known attack shapes (fragment chains, alias floods, deep
 * nesting, wildcard `Like` on `id`) and text-level mutations of the rendered document.
 * @module
 */
import fc from "npm:fast-check@4.11.0";
import { CLASSES, type ClassModel, type PropertyModel } from "./schema_model.ts";
import {
  bool,
  date,
  float,
  id,
  int,
  JSON_INFINITY,
  likePattern,
  list,
  obj,
  raw,
  stringLit,
  text,
  textString,
  type Value,
  vectorJson,
  vectorLit,
  vectorSpec,
} from "./values.ts";

/** A rendered document. */
export interface GeneratedDoc {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
  /** What the document exercises (for grouping failures). */
  readonly tags: readonly string[];
}

type Args = readonly (readonly [string, Value])[];

/** One class field under `Get`. */
interface ClassField {
  readonly alias?: string;
  readonly cls: ClassModel;
  readonly args: Args;
  readonly selection: Selection;
}

const OPERATORS = [
  "Equal",
  "NotEqual",
  "GreaterThan",
  "GreaterThanEqual",
  "LessThan",
  "LessThanEqual",
  "Like",
  "IsNull",
  "ContainsAny",
  "ContainsAll",
  "ContainsNone",
  "WithinGeoRange",
] as const;

const VALUE_KEYS = [
  "valueText",
  "valueString",
  "valueInt",
  "valueNumber",
  "valueBoolean",
  "valueDate",
] as const;

function valueFor(key: string): fc.Arbitrary<Value> {
  switch (key) {
    case "valueInt":
      return int;
    case "valueNumber":
      return float;
    case "valueBoolean":
      return bool;
    case "valueDate":
      return date;
    default:
      return text;
  }
}

function keyFor(p: PropertyModel | undefined): string {
  if (!p) return "valueText";
  const base = p.type.replace("[]", "");
  return base === "int"
    ? "valueInt"
    : base === "number"
    ? "valueNumber"
    : base === "boolean"
    ? "valueBoolean"
    : base === "date"
    ? "valueDate"
    : "valueText";
}

const name = fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,8}$/);

interface FilterPath {
  readonly path: readonly string[];
  readonly prop?: PropertyModel;
}

function pathArb(cls: ClassModel): fc.Arbitrary<FilterPath> {
  const known: fc.Arbitrary<FilterPath> = fc.constantFrom(...cls.properties).map((p) => ({
    path: [p.name],
    prop: p,
  }));
  const odd: fc.Arbitrary<FilterPath> = fc.constantFrom<readonly string[]>(
    ["id"],
    ["_id"],
    ["nope"],
    [],
    ["a", "b", "c"],
  ).map((path) => ({ path }));
  return fc.oneof(
    { weight: 6, arbitrary: known },
    { weight: 2, arbitrary: odd },
  );
}

function leafArb(cls: ClassModel): fc.Arbitrary<Value> {
  return fc.tuple(pathArb(cls), fc.constantFrom(...OPERATORS), fc.boolean(), fc.nat(5))
    .chain(([{ path, prop }, operator, matching, listLen]) => {
      const key = matching ? keyFor(prop) : VALUE_KEYS[listLen % VALUE_KEYS.length];
      const one = operator === "Like" ? likePattern.map(stringLit) : valueFor(key);
      const value = operator.startsWith("Contains")
        ? fc.array(one, { maxLength: listLen }).map(list)
        : one;
      return value.map((v) =>
        obj([
          ["path", list(path.map(stringLit))],
          ["operator", raw(operator)],
          [key, v],
        ])
      );
    });
}

/** A `where` filter tree of at most `depth` levels of And/Or/Not. */
function whereArb(cls: ClassModel, depth: number): fc.Arbitrary<Value> {
  if (depth === 0) return leafArb(cls);
  return fc.oneof(
    { weight: 3, arbitrary: leafArb(cls) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("And", "Or", "Not"),
        fc.array(whereArb(cls, depth - 1), { maxLength: 3 }),
      ).map(([op, operands]) => obj([["operator", raw(op)], ["operands", list(operands)]])),
    },
  );
}

/** `Like` with only wildcards on `id`: linear in a matcher, exponential in a backtracking regex. */
function likeOnIdArb(): fc.Arbitrary<Value> {
  return likePattern.map((pattern) =>
    obj([
      ["path", list([stringLit("id")])],
      ["operator", raw("Like")],
      ["valueText", stringLit(pattern)],
    ])
  );
}

/** An `And` nested `depth` times (deep nesting in one argument), built without recursion. */
function deepWhere(cls: ClassModel, depth: number): Value {
  const leaf = `{path: ["${cls.properties[0].name}"], operator: Equal, valueText: "x"}`;
  return raw("{operator: And, operands: [".repeat(depth) + leaf + "]}".repeat(depth));
}

function moveArb(): fc.Arbitrary<Value> {
  return fc.tuple(fc.array(text, { maxLength: 2 }), float, fc.array(id, { maxLength: 2 })).map((
    [concepts, force, ids],
  ) =>
    obj([
      ["concepts", list(concepts)],
      ["force", force],
      ...(ids.length
        ? [["objects", list(ids.map((i) => obj([["id", stringLit(i)]])))] as const]
        : []),
    ])
  );
}

const opt = <T>(a: fc.Arbitrary<T>, weight = 1) => fc.option(a, { freq: weight, nil: undefined });

function searchArb(cls: ClassModel): fc.Arbitrary<[string, Value]> {
  const threshold = fc.option(
    fc.tuple(fc.constantFrom("certainty", "distance"), float),
    { nil: undefined, freq: 2 },
  );
  const withThreshold = (fields: [string, Value][], t?: [string, Value]) =>
    obj(t ? [...fields, t] : fields);
  const nearText = fc.tuple(
    fc.array(text, { maxLength: 3 }),
    threshold,
    opt(moveArb(), 4),
    opt(moveArb(), 4),
  ).map(([concepts, t, to, away]): [string, Value] => [
    "nearText",
    withThreshold(
      [
        ["concepts", list(concepts)],
        ...(to ? [["moveTo", to] as [string, Value]] : []),
        ...(away ? [["moveAwayFrom", away] as [string, Value]] : []),
      ],
      t as [string, Value] | undefined,
    ),
  ]);
  const nearVectorVar = fc.boolean();
  const nearVector = fc.tuple(vectorSpec(cls.dims), threshold, nearVectorVar).map((
    [v, t, asVar],
  ): [string, Value] => [
    "nearVector",
    withThreshold(
      [["vector", asVar ? { t: "var", type: "Vector", json: vectorJson(v) } : vectorLit(v)]],
      t as [string, Value] | undefined,
    ),
  ]);
  const nearObject = fc.tuple(id, threshold).map(([i, t]): [string, Value] => [
    "nearObject",
    withThreshold([["id", stringLit(i)]], t as [string, Value] | undefined),
  ]);
  const props = fc.subarray(cls.properties.map((p) => p.name)).map((ps) =>
    list(ps.map((p) => stringLit(p.length % 2 ? `${p}^2` : p)))
  );
  const bm25 = fc.tuple(textString, opt(props, 2), fc.boolean()).map((
    [q, ps, asVar],
  ): [string, Value] => [
    "bm25",
    obj([
      ["query", asVar ? { t: "var", type: "String", json: q } : stringLit(q)],
      ...(ps ? [["properties", ps] as [string, Value]] : []),
    ]),
  ]);
  const hybrid = fc.tuple(
    text,
    opt(float, 2),
    opt(fc.constantFrom("rankedFusion", "relativeScoreFusion").map(raw), 2),
    opt(vectorSpec(cls.dims), 3),
    opt(props, 3),
  ).map(([q, alpha, fusion, v, ps]): [string, Value] => [
    "hybrid",
    obj([
      ["query", q],
      ...(alpha ? [["alpha", alpha] as [string, Value]] : []),
      ...(fusion ? [["fusionType", fusion] as [string, Value]] : []),
      ...(v ? [["vector", vectorLit(v)] as [string, Value]] : []),
      ...(ps ? [["properties", ps] as [string, Value]] : []),
    ]),
  ]);
  // A class without a vectorizer has no nearText argument; once in a while it gets one anyway.
  return fc.oneof(
    { weight: cls.vectorizer ? 4 : 1, arbitrary: nearText },
    { weight: 4, arbitrary: nearVector },
    { weight: 2, arbitrary: nearObject },
    { weight: 4, arbitrary: bm25 },
    { weight: 4, arbitrary: hybrid },
  );
}

function argsArb(cls: ClassModel): fc.Arbitrary<Args> {
  const propName = fc.constantFrom(...cls.properties.map((p) => p.name), "_id", "nope");
  return fc.record({
    search: opt(searchArb(cls), 3),
    where: opt(whereArb(cls, 3).map((w): [string, Value] => ["where", w]), 2),
    limit: opt(
      fc.oneof(
        int,
        int.map((v): Value => ({ t: "var", type: "Int", json: Number(v.t === "raw" ? v.s : 0) })),
      )
        .map((v): [string, Value] => ["limit", v]),
      3,
    ),
    offset: opt(int.map((v): [string, Value] => ["offset", v])),
    autocut: opt(int.map((v): [string, Value] => ["autocut", v])),
    after: opt(id.map((v): [string, Value] => ["after", stringLit(v)])),
    sort: opt(
      fc.array(fc.tuple(propName, fc.constantFrom("asc", "desc", "sideways")), { maxLength: 3 })
        .map((
          s,
        ): [string, Value] => [
          "sort",
          list(s.map(([p, o]) => obj([["path", list([stringLit(p)])], ["order", raw(o)]]))),
        ]),
    ),
    groupBy: opt(
      fc.tuple(propName, int, int).map(([p, g, o]): [string, Value] => [
        "groupBy",
        obj([["path", list([stringLit(p)])], ["groups", g], ["objectsPerGroup", o]]),
      ]),
    ),
    group: opt(
      fc.tuple(fc.constantFrom("closest", "merge"), float).map(([t, f]): [string, Value] => [
        "group",
        obj([["type", raw(t)], ["force", f]]),
      ]),
    ),
    unknown: opt(fc.tuple(name, int).map(([n, v]): [string, Value] => [n, v])),
  }).map((r) => Object.values(r).filter((a): a is [string, Value] => a !== undefined));
}

const ADDITIONAL = [
  "id",
  "distance",
  "certainty",
  "score",
  "explainScore",
  "creationTimeUnix",
  "lastUpdateTimeUnix",
  "vector",
] as const;

/** What a class field selects; rendered by {@link Renderer.selection}. */
interface Selection {
  readonly plain: readonly string[];
  readonly additional?: {
    readonly fields: readonly string[];
    readonly rerank?: readonly [string, Value];
    readonly group: boolean;
  };
}

function selectionArb(cls: ClassModel): fc.Arbitrary<Selection> {
  const props = cls.properties.map((p) => p.name);
  const rerank = fc.tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(cls.rerankProperty) },
      { weight: 1, arbitrary: fc.constantFrom(...props, "nope") },
    ),
    fc.oneof(text, textString.map((s): Value => ({ t: "var", type: "String", json: s }))),
  );
  const additional = fc.record({
    // `vector` of the 1024-d sample class is ~20 KB per object: only on the small classes.
    fields: fc.subarray([...ADDITIONAL], { maxLength: 4 }).map((f) =>
      f.filter((x) => x !== "vector" || cls.dims < 100)
    ),
    rerank: opt(rerank, 2),
    group: fc.boolean(),
  });
  return fc.tuple(
    fc.subarray(props),
    opt(fc.constantFrom("nope", "__typename", "_additional")),
    opt(additional, 3),
    fc.array(fc.tuple(name, fc.constantFrom(...props)), { maxLength: 2 }),
  ).map(([ps, odd, add, aliases]) => ({
    plain: [...ps, ...(odd ? [odd] : []), ...aliases.map(([a, p], i) => `al${i}_${a}: ${p}`)],
    ...(add ? { additional: add } : {}),
  }));
}

function classFieldArb(): fc.Arbitrary<ClassField> {
  return fc.constantFrom(...CLASSES).chain((cls) =>
    fc.record({
      alias: opt(name),
      cls: fc.constant(cls),
      args: argsArb(cls),
      selection: selectionArb(cls),
    })
  );
}

/** Renders values, collecting `$variables`. */
class Renderer {
  readonly defs: string[] = [];
  readonly variables: Record<string, unknown> = {};
  value(v: Value): string {
    switch (v.t) {
      case "raw":
        return v.s;
      case "list":
        return `[${v.items.map((i) => this.value(i)).join(", ")}]`;
      case "obj":
        return `{${v.fields.map(([k, f]) => `${k}: ${this.value(f)}`).join(", ")}}`;
      case "var": {
        const n = `v${this.defs.length}`;
        this.defs.push(`$${n}: ${v.type}`);
        this.variables[n] = v.json;
        return `$${n}`;
      }
    }
  }
  selection(cls: ClassModel, sel: Selection): string {
    const out = [...sel.plain];
    const add = sel.additional;
    if (add) {
      const parts = [...add.fields];
      if (add.rerank) {
        const [property, query] = add.rerank;
        parts.push(
          `rerank(property: ${JSON.stringify(property)}, query: ${this.value(query)}) { score }`,
        );
      }
      if (add.group) {
        parts.push(
          `group { id count groupedBy { path value } hits { ${
            cls.properties[0].name
          } _additional { id distance } } }`,
        );
      }
      out.push(`_additional { ${parts.join(" ") || "id"} }`);
    }
    return out.join(" ");
  }
}

function renderField(r: Renderer, f: ClassField, spreads: readonly string[]): string {
  const args = f.args.length ? `(${f.args.map(([k, v]) => `${k}: ${r.value(v)}`).join(", ")})` : "";
  const sel = [r.selection(f.cls, f.selection), ...spreads].filter(Boolean).join(" ") ||
    "__typename";
  return `${f.alias ? `${f.alias}: ` : ""}${f.cls.name}${args} { ${sel} }`;
}

/** An attack shape added to an otherwise ordinary document. */
type Attack =
  | { readonly kind: "none" }
  | { readonly kind: "fragment-chain"; readonly levels: number; readonly fanout: number }
  | { readonly kind: "alias-flood"; readonly count: number; readonly classFields: boolean }
  | { readonly kind: "deep-where"; readonly depth: number }
  | { readonly kind: "deep-braces"; readonly depth: number }
  | { readonly kind: "like-id"; readonly where: Value };

const attackArb: fc.Arbitrary<Attack> = fc.oneof(
  { weight: 300, arbitrary: fc.constant({ kind: "none" as const }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 1, max: 22 }), fc.integer({ min: 2, max: 4 })).map((
      [levels, fanout],
    ) => ({
      kind: "fragment-chain" as const,
      // At most 2^21 expanded fields, so one case stays within seconds on a naive expander.
      levels: Math.min(levels, Math.floor(21 / Math.log2(fanout))),
      fanout,
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.nat(2000), fc.boolean()).map(([count, classFields]) => ({
      kind: "alias-flood" as const,
      count: classFields ? Math.min(count, 300) : count,
      classFields,
    })),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 5000 }).map((depth) => ({
      kind: "deep-where" as const,
      depth,
    })),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 20000 }).map((depth) => ({
      kind: "deep-braces" as const,
      depth,
    })),
  },
  { weight: 1, arbitrary: likeOnIdArb().map((where) => ({ kind: "like-id" as const, where })) },
);

function fragmentChain(cls: ClassModel, levels: number, fanout: number): [string, string] {
  const defs = [`fragment C0 on ${cls.name} { ${cls.properties[0].name} _additional { id } }`];
  for (let i = 1; i <= levels; i++) {
    defs.push(`fragment C${i} on ${cls.name} { ${Array(fanout).fill(`...C${i - 1}`).join(" ")} }`);
  }
  return [`...C${levels}`, defs.join("\n")];
}

/** The document shell: operation keyword, name, and how it is wrapped. */
interface Shell {
  readonly form: string;
  readonly opName: string;
  readonly sendName: string;
  readonly fragment: boolean;
  readonly inline: boolean;
  readonly directive: string;
}

const weighted = <T>(...pairs: [T, number][]): fc.Arbitrary<T> =>
  fc.oneof(...pairs.map(([v, weight]) => ({ weight, arbitrary: fc.constant(v) })));

const shellArb: fc.Arbitrary<Shell> = fc.record({
  form: weighted<string>(
    ["anonymous", 4],
    ["query", 2],
    ["named", 4],
    ["mutation", 1],
    ["introspection", 1],
  ),
  opName: name,
  // Only a named operation can be selected by name; "other" names one that does not exist.
  sendName: weighted<string>(["none", 6], ["same", 3], ["other", 1]),
  fragment: fc.boolean(),
  inline: fc.boolean(),
  directive: weighted<string>(
    ["none", 8],
    ["skip-true", 1],
    ["include-var", 1],
    ["skip-var-bad", 1],
  ),
});

/** One generated document. */
export const docArb: fc.Arbitrary<GeneratedDoc> = fc.tuple(
  fc.array(classFieldArb(), { minLength: 1, maxLength: 3 }),
  shellArb,
  attackArb,
).map(([fields, shell, attack]) => renderDoc(fields, shell, attack));

function renderDoc(
  fields: readonly ClassField[],
  shell: Shell,
  attack: Attack,
): GeneratedDoc {
  const r = new Renderer();
  const tags = new Set<string>();
  const fragments: string[] = [];
  const first = fields[0];
  const spreads: string[] = [];
  if (shell.fragment) {
    fragments.push(`fragment F on ${first.cls.name} { ${first.cls.properties[1].name} }`);
    spreads.push("...F");
    tags.add("fragment");
  }
  if (shell.inline) spreads.push(`... on ${first.cls.name} { ${first.cls.properties[0].name} }`);
  if (shell.directive === "skip-true") {
    spreads.push(`${first.cls.properties[2].name} @skip(if: true)`);
  }
  if (shell.directive === "include-var" || shell.directive === "skip-var-bad") {
    r.defs.push(shell.directive === "include-var" ? "$inc: Boolean!" : "$inc: Boolean");
    r.variables.inc = shell.directive === "include-var" ? true : "yes";
    spreads.push(`${first.cls.properties[0].name} @include(if: $inc)`);
  }
  let extraField = "";
  switch (attack.kind) {
    case "fragment-chain": {
      const [spread, defs] = fragmentChain(first.cls, attack.levels, attack.fanout);
      spreads.push(spread);
      fragments.push(defs);
      break;
    }
    case "alias-flood":
      if (attack.classFields) {
        extraField = Array.from(
          { length: attack.count },
          (_, i) => `x${i}: ${first.cls.name}(limit: 1) { ${first.cls.properties[0].name} }`,
        ).join(" ");
      } else {
        spreads.push(
          Array.from({ length: attack.count }, (_, i) => `p${i}: ${first.cls.properties[0].name}`)
            .join(" "),
        );
      }
      break;
    case "deep-where":
      extraField = `deep: ${first.cls.name}(where: ${
        r.value(deepWhere(first.cls, attack.depth))
      }) { ${first.cls.properties[0].name} }`;
      break;
    case "like-id":
      extraField = `like: ${first.cls.name}(where: ${r.value(attack.where)}) { ${
        first.cls.properties[0].name
      } }`;
      break;
    default:
      break;
  }
  if (attack.kind !== "none") tags.add(attack.kind);
  // Later fields get an alias of their own (same-named fields with other arguments cannot merge).
  const aliased = fields.map((f, i) => i === 0 || f.alias ? f : { ...f, alias: `c${i}` });
  const body = [...aliased.map((f, i) => renderField(r, f, i === 0 ? spreads : [])), extraField]
    .filter(Boolean).join(" ");
  let get = `Get { ${body} }`;
  if (attack.kind === "deep-braces") {
    get = "{".repeat(attack.depth) + get + "}".repeat(attack.depth);
  }
  const defs = r.defs.length ? `(${r.defs.join(", ")})` : "";
  let query: string;
  switch (shell.form) {
    case "anonymous":
      query = r.defs.length ? `query${defs} { ${get} }` : `{ ${get} }`;
      break;
    case "mutation":
      query = `mutation ${shell.opName}${defs} { ${get} }`;
      break;
    case "introspection":
      query = `query${defs} { __typename __schema { queryType { name } } ${get} }`;
      break;
    case "named":
      query = `query ${shell.opName}${defs} { ${get} }`;
      break;
    default:
      query = `query${defs} { ${get} }`;
  }
  query = [query, ...fragments].join("\n");
  const vars = JSON.stringify(r.variables);
  if (vars.includes(JSON_INFINITY) || /(^|[^\w.])-?1e999/.test(query)) tags.add("1e999");
  if (/rerank\(/.test(query)) tags.add("rerank");
  // Any Like on the id (`id` or `_id`) with three or more wildcards, wherever it was generated.
  if (/path: \["_?id"\], operator: Like, valueText: "[^"]*[*?][^"]*[*?][^"]*[*?]/.test(query)) {
    tags.add("like-id");
  }
  const operationName = shell.sendName === "same" && shell.form !== "named"
    ? undefined
    : shell.sendName === "same"
    ? shell.opName
    : shell.sendName === "other"
    ? `${shell.opName}X`
    : undefined;
  return {
    query,
    ...(r.defs.length ? { variables: r.variables } : {}),
    ...(operationName ? { operationName } : {}),
    tags: [...tags].sort(),
  };
}
