/**
 * The table a pgvector collection maps to: quoted identifiers from the config, one column per
 * configured property. Property names from a query are accepted only when they are configured.
 * @module
 */
import { stopwordSet } from "../../search/stopwords.ts";
import type {
  CollectionConfig,
  DataType,
  DistanceMetric,
  PropertyConfig,
} from "../../config/types.ts";
import type { PgvectorStoreConfig } from "./config.ts";
import { quoteIdent } from "./sql.ts";

/** One configured property and its (quoted) column. */
export interface PgColumn {
  readonly property: PropertyConfig;
  /** The quoted column identifier. */
  readonly sql: string;
  readonly dataType: DataType;
  readonly isArray: boolean;
}

/** The resolved table of one collection. */
export interface PgTable {
  readonly className: string;
  /** Quoted, schema-qualified table name. */
  readonly table: string;
  readonly id: string;
  readonly vector: string;
  readonly metric: DistanceMetric;
  /** `'english'::regconfig`: a validated config value, never query input. */
  readonly textConfig: string;
  readonly properties: readonly PropertyConfig[];
  readonly columns: ReadonlyMap<string, PgColumn>;
  /** The class's stop words, dropped from `word` filter values (`search/stopwords.ts`). */
  readonly stopwords: ReadonlySet<string>;
}

const TEXT_CONFIG_RE = /^[a-z_][a-z0-9_]*$/;

/** Resolves the table of `collection` from its pgvector `store`. */
export function pgTable(collection: CollectionConfig, store: PgvectorStoreConfig): PgTable {
  if (!TEXT_CONFIG_RE.test(store.textSearchConfig)) {
    throw new Error(`invalid textSearchConfig ${JSON.stringify(store.textSearchConfig)}`);
  }
  const columns = new Map<string, PgColumn>();
  for (const p of collection.properties) {
    const dataType = p.dataType[0];
    columns.set(p.name, {
      property: p,
      sql: quoteIdent(store.columns[p.name] ?? p.name),
      dataType,
      isArray: dataType.endsWith("[]"),
    });
  }
  const table = store.schema
    ? `${quoteIdent(store.schema)}.${quoteIdent(store.table)}`
    : quoteIdent(store.table);
  return {
    className: collection.class,
    table,
    id: quoteIdent(store.idColumn),
    vector: quoteIdent(store.vectorColumn),
    metric: collection.vectorIndexConfig.distance,
    textConfig: `'${store.textSearchConfig}'::regconfig`,
    properties: collection.properties,
    columns,
    stopwords: stopwordSet(collection.invertedIndexConfig?.stopwords),
  };
}

/** The column of a configured property; anything else is refused with Weaviate's text. */
export function columnOf(table: PgTable, name: string): PgColumn {
  const column = table.columns.get(name);
  if (!column) {
    throw new Error(
      `no such prop with name '${name}' found in class '${table.className}' in the schema. ` +
        `Check your schema files for which properties in this class are available`,
    );
  }
  return column;
}

/** Text properties searchable by bm25 (Weaviate: `indexSearchable` text / string types). */
export function searchableColumns(table: PgTable): PgColumn[] {
  return [...table.columns.values()].filter((c) =>
    c.property.indexSearchable && /^(text|string)(\[\])?$/.test(c.dataType)
  );
}
