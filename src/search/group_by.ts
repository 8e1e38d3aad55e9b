/**
 * Weaviate's `groupBy`: forms groups from candidates already in relevance order.
 *
 * - A candidate joins the group of the string form of its property value; for array values, each
 *   distinct element forms or joins a group (so one object can be a hit of several groups).
 * - Candidates without the property (missing, `null`, empty array) are skipped.
 * - Once `groups` groups exist, values without a group are ignored; a group takes at most
 *   `objectsPerGroup` hits.
 * - `id` is 0-based in creation order; `minDistance`/`maxDistance` span the hits' distances (0 when
 *   the hits carry no distance); `count` is the number of hits.
 * @module
 */
import type { Candidate, Group } from "../core/candidate.ts";
import type { GroupBySpec } from "../core/plan.ts";

interface Building {
  id: number;
  value: string;
  hits: Candidate[];
}

/** Groups `candidates` (in order) by `spec.path`. */
export function groupCandidates(candidates: readonly Candidate[], spec: GroupBySpec): Group[] {
  const groups = new Map<string, Building>();
  if (spec.groups <= 0 || spec.objectsPerGroup <= 0) return [];
  for (const candidate of candidates) {
    for (const value of groupValues(candidate.properties[spec.path])) {
      let group = groups.get(value);
      if (!group) {
        if (groups.size >= spec.groups) continue;
        group = { id: groups.size, value, hits: [] };
        groups.set(value, group);
      }
      if (group.hits.length < spec.objectsPerGroup) group.hits.push(candidate);
    }
  }
  return [...groups.values()].map((g) => {
    const distances = g.hits.map((h) => h.distance ?? 0);
    return {
      id: g.id,
      groupedBy: { path: [spec.path], value: g.value },
      count: g.hits.length,
      minDistance: distances.length ? Math.min(...distances) : 0,
      maxDistance: distances.length ? Math.max(...distances) : 0,
      hits: g.hits,
    };
  });
}

/** The distinct string forms a property value groups under. */
function groupValues(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  const out = new Set<string>();
  for (const v of list) {
    if (v === undefined || v === null) continue;
    out.add(typeof v === "object" ? JSON.stringify(v) : String(v));
  }
  return [...out];
}
