/**
 * Builds the GraphQL schema from the configured collections with Weaviate's type names
 * (`{C}`, `{C}Additional`, `{C}AdditionalReranker`, `GetObjects{C}...InpObj`, `FusionEnum`), so
 * validation messages read exactly as Weaviate's do.
 * @module
 */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLFieldResolver,
  type GraphQLInputFieldConfigMap,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLOutputType,
  GraphQLSchema,
  GraphQLString,
} from "graphql";
import type { CollectionConfig, PropertyConfig } from "../config/types.ts";
import { FloatScalar, VectorScalar, whereValueScalar } from "./scalars.ts";
import { hasReranker } from "../config/collection_modules.ts";
import { ADDITIONAL_FIELDS } from "../core/additional_fields.ts";
import { ADDITIONAL_TABLE } from "./additional_table.ts";

/** Options of {@link buildGatewaySchema}. */
export interface BuildSchemaOptions {
  /** Resolver of one `Get { C }` class field. */
  readonly resolveClass: (collection: CollectionConfig) => GraphQLFieldResolver<unknown, unknown>;
  /** True when the class's store vectorizes `nearText` itself (no gateway vectorizer needed). */
  readonly vectorizesText?: (collection: CollectionConfig) => boolean;
}

const fusionEnum = new GraphQLEnumType({
  name: "FusionEnum",
  values: {
    rankedFusion: { value: "rankedFusion" },
    relativeScoreFusion: { value: "relativeScoreFusion" },
  },
});

const onTimeoutEnum = new GraphQLEnumType({
  name: "RerankOnTimeoutEnum",
  values: { error: { value: "error" }, retrievalOrder: { value: "retrievalOrder" } },
});

/** The extra `rerank(...)` arguments (see `RerankConfig` for their meaning and defaults). */
function rerankExtensionArgs(): GraphQLFieldConfigArgumentMap {
  return {
    properties: {
      type: new GraphQLList(GraphQLString),
      description: "Properties or dotted paths joined into the document (instead of property).",
    },
    window: {
      type: GraphQLInt,
      description: "Rerank the first N candidates, then return the offset/limit page of them.",
    },
    minScore: { type: FloatScalar, description: "Drop results with a lower rerank score." },
    autocut: { type: GraphQLInt, description: "Autocut on the rerank scores (0 = off)." },
    inheritQuery: {
      type: GraphQLBoolean,
      description: "Without query, rerank with the search text (bm25, hybrid, nearText).",
    },
    timeoutMs: { type: GraphQLInt, description: "Longest wait for the reranker in ms." },
    onTimeout: {
      type: onTimeoutEnum,
      description: "error (default), or retrievalOrder: answer unreranked with an error entry.",
    },
  };
}

function propertyType(c: string, p: PropertyConfig): GraphQLOutputType {
  switch (p.dataType[0]) {
    case "int":
      return GraphQLInt;
    case "number":
      return FloatScalar;
    case "boolean":
      return GraphQLBoolean;
    case "text":
    case "string":
    case "date":
    case "uuid":
    case "blob":
      return GraphQLString;
    case "int[]":
      return new GraphQLList(GraphQLInt);
    case "number[]":
      return new GraphQLList(FloatScalar);
    case "boolean[]":
      return new GraphQLList(GraphQLBoolean);
    case "text[]":
    case "string[]":
    case "date[]":
    case "uuid[]":
      return new GraphQLList(GraphQLString);
    case "geoCoordinates":
      return new GraphQLObjectType({
        name: `${c}${p.name}GeoCoordinatesObj`,
        fields: { latitude: { type: FloatScalar }, longitude: { type: FloatScalar } },
      });
    case "phoneNumber":
      return new GraphQLObjectType({
        name: `${c}${p.name}PhoneNumberObj`,
        fields: {
          input: { type: GraphQLString },
          internationalFormatted: { type: GraphQLString },
          nationalFormatted: { type: GraphQLString },
          national: { type: GraphQLInt },
          valid: { type: GraphQLBoolean },
          countryCode: { type: GraphQLInt },
          defaultCountry: { type: GraphQLString },
        },
      });
  }
}

function propertyFields(c: CollectionConfig): GraphQLFieldConfigMap<unknown, unknown> {
  const fields: GraphQLFieldConfigMap<unknown, unknown> = {};
  for (const p of c.properties) {
    fields[p.name] = { type: propertyType(c.class, p), description: p.description };
  }
  return fields;
}

function additionalType(
  c: CollectionConfig,
  props: GraphQLFieldConfigMap<unknown, unknown>,
  collections: readonly CollectionConfig[],
) {
  const C = c.class;
  const ctx = { className: C, properties: props };
  const fields: GraphQLFieldConfigMap<unknown, unknown> = {};
  for (const name of ADDITIONAL_FIELDS) fields[name] = { type: ADDITIONAL_TABLE[name].type(ctx) };
  if (hasReranker(c, collections)) {
    fields.rerank = {
      type: new GraphQLList(
        new GraphQLObjectType({
          name: `${C}AdditionalReranker`,
          fields: { score: { type: FloatScalar } },
        }),
      ),
      args: {
        property: { type: GraphQLString },
        query: { type: GraphQLString },
        // The gateway's extensions appear only when the class enables them (collections[].rerank):
        // Weaviate clients introspect, so a class without them has Weaviate's exact schema.
        ...(c.rerank?.arguments ? rerankExtensionArgs() : {}),
      },
    };
  }
  return new GraphQLObjectType({ name: `${C}Additional`, fields });
}

function whereInput(path: string): GraphQLInputObjectType {
  const operator = new GraphQLEnumType({
    name: `${path}WhereOperatorEnum`,
    values: Object.fromEntries(
      [
        "And",
        "Like",
        "Or",
        "Equal",
        "Not",
        "NotEqual",
        "GreaterThan",
        "GreaterThanEqual",
        "LessThan",
        "LessThanEqual",
        "WithinGeoRange",
        "IsNull",
        "ContainsAny",
        "ContainsAll",
        "ContainsNone",
      ].map((v) => [v, { value: v }]),
    ),
  });
  const geoRange = new GraphQLInputObjectType({
    name: `${path}WhereGeoRangeInpObj`,
    fields: {
      geoCoordinates: {
        type: new GraphQLNonNull(
          new GraphQLInputObjectType({
            name: `${path}WhereGeoRangeGeoCoordinatesInpObj`,
            fields: {
              latitude: { type: new GraphQLNonNull(FloatScalar) },
              longitude: { type: new GraphQLNonNull(FloatScalar) },
            },
          }),
        ),
      },
      distance: {
        type: new GraphQLNonNull(
          new GraphQLInputObjectType({
            name: `${path}WhereGeoRangeDistanceInpObj`,
            fields: { max: { type: new GraphQLNonNull(FloatScalar) } },
          }),
        ),
      },
    },
  });
  const common = (): GraphQLInputFieldConfigMap => ({
    operator: { type: operator },
    path: { type: new GraphQLList(GraphQLString) },
    valueInt: { type: whereValueScalar(`Int${path}`, "Int") },
    valueNumber: { type: whereValueScalar(`Float${path}`, "Float") },
    valueBoolean: { type: whereValueScalar(`Boolean${path}`, "Boolean") },
    valueString: { type: whereValueScalar(`TextString${path}`, "String") },
    valueText: { type: whereValueScalar(`Text${path}`, "String") },
    valueDate: { type: whereValueScalar(`TextDate${path}`, "String") },
    valueGeoRange: { type: geoRange },
    operands: { type: new GraphQLList(operandsType()) },
  });
  // Built once and shared (lazily, as the tree is recursive): one instance per type name.
  let operands: GraphQLInputObjectType | undefined;
  const operandsType = (): GraphQLInputObjectType =>
    operands ??= new GraphQLInputObjectType({
      name: `${path}WhereOperandsInpObj`,
      fields: () => fields,
    });
  const fields = common();
  return new GraphQLInputObjectType({ name: `${path}WhereInpObj`, fields: () => fields });
}

function classArgs(c: CollectionConfig, opts: BuildSchemaOptions): GraphQLFieldConfigArgumentMap {
  const C = c.class;
  const P = `GetObjects${C}`;
  const targets = { type: new GraphQLList(GraphQLString) };
  const searchOperator = () =>
    new GraphQLInputObjectType({
      name: `${P}SearchOperatorInpObj`,
      fields: {
        operator: {
          type: new GraphQLEnumType({
            name: `${P}SearchOperatorEnum`,
            values: { And: { value: "And" }, Or: { value: "Or" } },
          }),
        },
        minimumOrTokensMatch: { type: GraphQLInt },
      },
    });
  const searchOp = searchOperator();
  const nearVectorFields = {
    vector: { type: VectorScalar },
    certainty: { type: FloatScalar },
    distance: { type: FloatScalar },
    targetVectors: targets,
  };
  const args: GraphQLFieldConfigArgumentMap = {
    after: { type: GraphQLString },
    limit: { type: GraphQLInt },
    offset: { type: GraphQLInt },
    autocut: {
      type: GraphQLInt,
      description:
        "Cut off number of results after the Nth extrema. Off by default, negative numbers mean off.",
    },
    sort: {
      type: new GraphQLList(
        new GraphQLInputObjectType({
          name: `${P}SortInpObj`,
          fields: {
            path: { type: new GraphQLList(GraphQLString) },
            order: {
              type: new GraphQLEnumType({
                name: `${P}SortInpObjTypeEnum`,
                values: { asc: { value: "asc" }, desc: { value: "desc" } },
              }),
            },
          },
        }),
      ),
    },
    nearVector: {
      type: new GraphQLInputObjectType({ name: `${P}NearVectorInpObj`, fields: nearVectorFields }),
    },
    nearObject: {
      type: new GraphQLInputObjectType({
        name: `${P}NearObjectInpObj`,
        fields: {
          id: { type: GraphQLString },
          beacon: { type: GraphQLString },
          certainty: { type: FloatScalar },
          distance: { type: FloatScalar },
          targetVectors: targets,
        },
      }),
    },
    where: { type: whereInput(P) },
    group: {
      type: new GraphQLInputObjectType({
        name: `${P}GroupInpObj`,
        fields: {
          type: {
            type: new GraphQLEnumType({
              name: `${P}GroupInpObjTypeEnum`,
              values: { closest: { value: "closest" }, merge: { value: "merge" } },
            }),
          },
          force: { type: new GraphQLNonNull(FloatScalar) },
        },
      }),
    },
    groupBy: {
      type: new GraphQLInputObjectType({
        name: `${P}GroupByInpObj`,
        fields: {
          path: { type: new GraphQLNonNull(new GraphQLList(GraphQLString)) },
          groups: { type: new GraphQLNonNull(GraphQLInt) },
          objectsPerGroup: { type: new GraphQLNonNull(GraphQLInt) },
        },
      }),
    },
    bm25: {
      type: new GraphQLInputObjectType({
        name: `${P}HybridGetBm25InpObj`,
        fields: {
          query: { type: GraphQLString },
          properties: { type: new GraphQLList(GraphQLString) },
          searchOperator: { type: searchOp },
        },
      }),
    },
  };
  // A store such as Weaviate vectorizes nearText upstream (with the cluster's own module).
  const nearText = c.vectorizer !== "none" || opts.vectorizesText?.(c) === true
    ? nearTextInput(P)
    : undefined;
  const searches = new GraphQLInputObjectType({
    name: `${P}HybridSearchesInpObj`,
    fields: {
      ...(nearText ? { nearText: { type: nearText } } : {}),
      nearVector: {
        type: new GraphQLInputObjectType({
          name: `${P}HybridNearVectorInpObj`,
          fields: nearVectorFields,
        }),
      },
    },
  });
  args.hybrid = {
    type: new GraphQLInputObjectType({
      name: `${P}HybridInpObj`,
      fields: {
        query: { type: GraphQLString },
        alpha: { type: FloatScalar },
        fusionType: { type: fusionEnum },
        maxVectorDistance: { type: FloatScalar },
        vector: { type: new GraphQLList(FloatScalar) },
        properties: { type: new GraphQLList(GraphQLString) },
        targetVectors: targets,
        bm25SearchOperator: { type: searchOp },
        searches: { type: new GraphQLList(searches) },
      },
    }),
  };
  if (nearText) args.nearText = { type: nearText };
  return args;
}

function nearTextInput(P: string): GraphQLInputObjectType {
  const objects = new GraphQLInputObjectType({
    name: `${P}NearTextMovementObjectsInpObj`,
    fields: { id: { type: GraphQLString }, beacon: { type: GraphQLString } },
  });
  const move = (name: string) =>
    new GraphQLInputObjectType({
      name: `${P}NearText${name}`,
      fields: {
        concepts: { type: new GraphQLList(GraphQLString) },
        objects: { type: new GraphQLList(objects) },
        force: { type: new GraphQLNonNull(FloatScalar) },
      },
    });
  return new GraphQLInputObjectType({
    name: `${P}NearTextInpObj`,
    fields: {
      concepts: { type: new GraphQLNonNull(new GraphQLList(GraphQLString)) },
      certainty: { type: FloatScalar },
      distance: { type: FloatScalar },
      moveTo: { type: move("MoveTo") },
      moveAwayFrom: { type: move("MoveAwayFrom") },
      targetVectors: { type: new GraphQLList(GraphQLString) },
    },
  });
}

/** Builds the `Get` schema for the given collections. */
export function buildGatewaySchema(
  collections: readonly CollectionConfig[],
  opts: BuildSchemaOptions,
): GraphQLSchema {
  const getFields: GraphQLFieldConfigMap<unknown, unknown> = {};
  for (const c of collections) {
    const props = propertyFields(c);
    const classType = new GraphQLObjectType({
      name: c.class,
      description: c.description,
      fields: { ...props, _additional: { type: additionalType(c, props, collections) } },
    });
    getFields[c.class] = {
      type: new GraphQLList(classType),
      description: c.description,
      args: classArgs(c, opts),
      resolve: opts.resolveClass(c),
    };
  }
  const get = new GraphQLObjectType({
    name: "GetObjectsObj",
    description: "Get Objects on the local Weaviate",
    fields: getFields,
  });
  const query = new GraphQLObjectType({
    name: "WeaviateObj",
    fields: { Get: { type: get, resolve: () => ({}) } },
  });
  return new GraphQLSchema({ query });
}
