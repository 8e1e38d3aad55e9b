/**
 * `--only <names> --write`: merges the sections of a partial run into an existing BENCHMARKS.md
 * instead of replacing the file. Sections are matched by title (`## N. <title>`), replaced in
 * place or appended before the closing note, and renumbered; the closing note keeps its other
 * lines and takes the new target lines (a line's key is its text before the first ":"); whatever
 * follows `<!-- bench:workers -->` (written by `deno task bench:workers`) is kept as it is.
 * @module
 */

/** Title of the last section, written by `closingNote` (bench/main_report.ts). */
export const CLOSING_TITLE = "Closing note: ratios against the targets";
/** Start of the part of BENCHMARKS.md that `bench:workers` owns. */
export const WORKERS_MARK = "<!-- bench:workers -->";
const RERUN = "**Re-run alone:**";

interface Section {
  readonly title: string;
  readonly body: string;
}

interface Parsed {
  readonly preamble: string;
  readonly sections: Section[];
  readonly tail: string;
}

function parse(text: string): Parsed {
  const mark = text.indexOf(WORKERS_MARK);
  const head = mark >= 0 ? text.slice(0, mark) : text;
  const tail = mark >= 0 ? text.slice(mark) : "";
  const parts = head.split(/^## \d+\. (.*)$/m);
  const sections: Section[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    sections.push({ title: parts[i].trim(), body: parts[i + 1].trim() });
  }
  return { preamble: parts[0].trim(), sections, tail };
}

/** What `closingNote` writes when no section measured a target; never kept in a merge. */
const NO_TARGETS = "- (no section reported a target)";

/**
 * A target line's key: its text before the first ":", without counts in parentheses, so
 * "cross-encoder (3 queries)" and a re-run's "(10 queries)" are the same target.
 */
const keyOf = (bullet: string) => bullet.split(":")[0].replace(/\s*\(\d[\d,]* [a-z]+\)/g, "");

/** The bullets without the placeholder, one per key (the later one wins, as merges append). */
function distinct(bullets: readonly string[]): string[] {
  const out: string[] = [];
  for (const b of bullets) {
    if (b === NO_TARGETS) continue;
    const at = out.findIndex((o) => keyOf(o) === keyOf(b));
    if (at >= 0) out.splice(at, 1);
    out.push(b);
  }
  return out;
}

function mergeClosing(old: string | undefined, fresh: string | undefined, titles: string): string {
  if (!old) return fresh ?? "";
  if (!fresh) return old;
  const paragraphs = old.split(/\n\n+/).filter((p) => !p.startsWith(RERUN));
  const isList = (p: string) => p.startsWith("- ");
  const bullets = distinct(paragraphs.filter(isList).flatMap((p) => p.split("\n")));
  const freshParagraphs = fresh.split(/\n\n+/);
  const freshLines = freshParagraphs.filter(isList).flatMap((p) => p.split("\n"));
  for (const line of freshLines.filter((l) => l !== NO_TARGETS)) {
    const at = bullets.findIndex((b) => keyOf(b) === keyOf(line));
    if (at >= 0) bullets[at] = line;
    else bullets.push(line);
  }
  const load = freshParagraphs.find((p) => p.startsWith("Load average"));
  const quick = freshParagraphs.some((p) => p.startsWith("**`--quick` run"));
  const rerun = `${RERUN} ${titles}, with \`--only ... --write\`${quick ? " --quick" : ""}` +
    (load ? `. ${load}` : ".");
  const text = paragraphs.filter((p) => !isList(p));
  return [...text, rerun, bullets.join("\n")].join("\n\n");
}

/**
 * Whether a partial run leaves a section out of what it writes, so the measured one already in
 * BENCHMARKS.md stays: true when the fresh section was skipped (it measured nothing).
 */
export function keepsExisting(section: { readonly skipped?: string }, partial: boolean): boolean {
  return partial && section.skipped !== undefined;
}

/**
 * Returns `existing` with the sections of `fresh` (a partial BENCHMARKS.md from `runAll`) merged
 * in, numbered again from 1; the preamble is `fresh`'s.
 */
export function mergeSections(existing: string, fresh: string): string {
  const old = parse(existing), next = parse(fresh);
  const isClosing = (s: Section) => s.title === CLOSING_TITLE;
  const sections = old.sections.filter((s) => !isClosing(s));
  const added = next.sections.filter((s) => !isClosing(s));
  for (const s of added) {
    const at = sections.findIndex((o) => o.title === s.title);
    if (at >= 0) sections[at] = s;
    else sections.push(s);
  }
  const closing = mergeClosing(
    old.sections.find(isClosing)?.body,
    next.sections.find(isClosing)?.body,
    added.map((s) => `"${s.title}"`).join(", "),
  );
  const all = closing ? [...sections, { title: CLOSING_TITLE, body: closing }] : sections;
  const body = all.map((s, i) => `## ${i + 1}. ${s.title}\n\n${s.body}`);
  const head = [next.preamble || old.preamble, ...body].join("\n\n") + "\n";
  return old.tail ? `${head}\n${old.tail}` : head;
}
