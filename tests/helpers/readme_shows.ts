/**
 * Checks that README.md shows an example verbatim: the `sh` block and, right after, the block with
 * its output, so a test that runs an example and the README that shows it cannot drift apart.
 * @module
 */
import assert from "node:assert/strict";

const README = new URL("../../README.md", import.meta.url);

/** Asserts README.md has each `command` as an `sh` block and each `output` as a block's text. */
export async function assertReadmeShows(
  examples: readonly { readonly command: string; readonly output: string }[],
): Promise<void> {
  const readme = await Deno.readTextFile(README);
  for (const { command, output } of examples) {
    const sh = command.replace(/\n$/, "");
    const out = output.replace(/\n$/, "");
    assert.ok(readme.includes("```sh\n" + sh + "\n```"), `README lacks: ${sh}`);
    assert.ok(readme.includes("\n" + out + "\n```"), `README lacks the output: ${out}`);
  }
}
