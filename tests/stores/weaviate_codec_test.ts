/** Weaviate codec units: protojson pitfalls (int64 strings, base64, omitted zeros) and filters. */
import assert from "node:assert/strict";
import type { AdditionalField, QueryPlan } from "../../src/core/plan.ts";
import {
  decodeFloat32,
  encodeFloat32,
  encodeFloat64,
  encodeInt64,
  parseInt64,
} from "../../src/stores/weaviate/bytes.ts";
import { decodeResult, decodeSearchReply } from "../../src/stores/weaviate/decode.ts";
import { toGrpcFilters } from "../../src/stores/weaviate/filters.ts";
import { buildSearchRequest } from "../../src/stores/weaviate/request.ts";
import { connectErrorText } from "../../src/stores/weaviate/store.ts";

const ID = "00000000-0000-4000-8000-000000000001";

Deno.test("weaviate codec: int64 arrive as strings and decode to exact numbers", () => {
  const c = decodeResult({
    metadata: { id: ID, creationTimeUnix: "1719000000000", creationTimeUnixPresent: true },
    properties: {
      nonRefProps: { fields: { year: { intValue: "2021" }, zero: { intValue: "0" } } },
    },
  });
  assert.equal(c.creationTimeUnix, 1719000000000);
  assert.deepEqual(c.properties, { year: 2021, zero: 0 });
  assert.throws(() => parseInt64("9007199254740993"), /beyond 2\^53/);
});

Deno.test("weaviate codec: base64 LE float32 vectors and int64/float64 lists", () => {
  const v = [0.5, -1.25, 3];
  assert.deepEqual(decodeFloat32(encodeFloat32(v)), v);
  assert.equal(encodeFloat32([1]), "AACAPw==");
  const c = decodeResult({
    metadata: { id: ID, vectorBytes: encodeFloat32(v) },
    properties: {
      nonRefProps: {
        fields: {
          ints: { listValue: { intValues: { values: encodeInt64([1, -2, 3]) } } },
          nums: { listValue: { numberValues: { values: encodeFloat64([0.1, 2.5]) } } },
          tags: { listValue: { textValues: { values: ["a", "b"] } } },
          when: { dateValue: "2001-01-01T00:00:00Z" },
          geo: { geoValue: { latitude: 52.5 } },
          gone: { nullValue: null },
        },
      },
    },
  });
  assert.deepEqual(c.vector, v);
  assert.deepEqual(c.properties, {
    ints: [1, -2, 3],
    nums: [0.1, 2.5],
    tags: ["a", "b"],
    when: "2001-01-01T00:00:00Z",
    geo: { latitude: 52.5, longitude: 0 },
  });
});

Deno.test("weaviate codec: omitted zero values count when their *Present flag is set", () => {
  const c = decodeResult({
    metadata: { id: ID, distancePresent: true, certainty: 1, certaintyPresent: true, score: 0.5 },
  });
  assert.equal(c.distance, 0);
  assert.equal(c.certainty, 1);
  assert.equal(c.score, undefined, "no scorePresent: no score");
  assert.throws(() => decodeSearchReply({ results: [{ metadata: {} }] }), /metadata\.id/);
  assert.deepEqual(decodeSearchReply({}), [], "no results field = no results");
});

Deno.test("weaviate codec: filters map to OPERATOR_*, _id, int64 strings, RFC3339 text", () => {
  assert.deepEqual(
    toGrpcFilters({
      operator: "And",
      operands: [
        { operator: "GreaterThanEqual", path: ["year"], value: { type: "int", value: 1980 } },
        { operator: "Equal", path: ["id"], value: { type: "text", value: ID } },
        {
          operator: "LessThan",
          path: ["day"],
          value: { type: "date", value: "2001-01-01T01:00:00+01:00" },
        },
        { operator: "ContainsAny", path: ["tags"], value: { type: "text", value: ["a", "b"] } },
        {
          operator: "WithinGeoRange",
          path: ["geo"],
          value: { type: "geoRange", value: { latitude: 1, longitude: 2, maxDistance: 3 } },
        },
      ],
    }),
    {
      operator: "OPERATOR_AND",
      filters: [
        { operator: "OPERATOR_GREATER_THAN_EQUAL", target: { property: "year" }, valueInt: "1980" },
        { operator: "OPERATOR_EQUAL", target: { property: "_id" }, valueText: ID },
        {
          operator: "OPERATOR_LESS_THAN",
          target: { property: "day" },
          valueText: "2001-01-01T00:00:00.000Z",
        },
        {
          operator: "OPERATOR_CONTAINS_ANY",
          target: { property: "tags" },
          valueTextArray: { values: ["a", "b"] },
        },
        {
          operator: "OPERATOR_WITHIN_GEO_RANGE",
          target: { property: "geo" },
          valueGeo: { latitude: 1, longitude: 2, distance: 3 },
        },
      ],
    },
  );
  assert.throws(
    () =>
      toGrpcFilters({
        operator: "Equal",
        path: ["ref", "C", "p"],
        value: { type: "int", value: 1 },
      }),
    /cross-reference/,
  );
});

Deno.test("weaviate codec: request always sets limit and uses127Api, never rerank or groupBy", () => {
  const plan: QueryPlan = {
    collection: "Doc",
    search: { kind: "hybrid", query: "q", alpha: 0.25, fusionType: "rankedFusion", vector: [1] },
    offset: 2,
    limit: 5,
    autocut: 1,
    properties: ["title"],
    additional: new Set<AdditionalField>(["id", "score"]),
    groupBy: { path: "cat", groups: 2, objectsPerGroup: 2 },
    rerank: { property: "title", query: "x" },
  };
  const req = buildSearchRequest(plan, { collection: "Upstream" });
  assert.deepEqual(req, {
    collection: "Upstream",
    uses127Api: true,
    limit: 5,
    offset: 2,
    autocut: 1,
    properties: { nonRefProperties: ["title"] },
    metadata: { uuid: true, score: true },
    hybridSearch: {
      query: "q",
      alphaParam: 0.25,
      useAlphaParam: true,
      fusionType: "FUSION_TYPE_RANKED",
      vectors: [{ vectorBytes: "AACAPw==", type: "VECTOR_TYPE_SINGLE_FP32" }],
    },
  });
});

Deno.test("weaviate codec: Connect errors read as status, code and message", () => {
  assert.equal(
    connectErrorText(400, '{"code":"invalid_argument","message":"no such prop"}'),
    "status 400 invalid_argument: no such prop",
  );
  assert.equal(
    connectErrorText(502, "<html>bad gateway</html>"),
    "status 502: <html>bad gateway</html>",
  );
  assert.equal(connectErrorText(503, ""), "status 503");
});
