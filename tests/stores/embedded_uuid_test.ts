import assert from "node:assert/strict";
import {
  generatedId,
  generatedIdSync,
  sha1,
  uuidV5,
  uuidV5Sync,
} from "../../src/stores/embedded/uuid.ts";

Deno.test("uuid: the inline SHA-1 equals WebCrypto's for every padding length", async () => {
  for (let n = 0; n < 200; n++) {
    const bytes = new Uint8Array(n).map((_, i) => (i * 31 + n * 7) & 0xff);
    const expected = new Uint8Array(await crypto.subtle.digest("SHA-1", bytes));
    assert.deepEqual(sha1(bytes), expected, `length ${n}`);
  }
});

Deno.test("uuid: v5 ids are the RFC 4122 values", async () => {
  // Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com")
  assert.equal(
    await uuidV5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "https://example.com"),
    "4fd35a71-71ef-5a55-a9d9-aa75c889a6d0",
  );
  assert.match(await generatedId("Doc", 0), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/);
});

Deno.test("uuid: names beyond ASCII are hashed as UTF-8; generated ids are v5 of class/index", async () => {
  // Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com/é"), and of "Doc/0"
  assert.equal(
    uuidV5Sync("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "https://example.com/é"),
    "20ecd233-a9e7-5067-a96f-fd6600ca3fda",
  );
  assert.equal(generatedIdSync("Doc", 0), "8dbdba06-0a54-5a46-8f77-75e6eec5ec6b");
  assert.equal(await generatedId("Doc", 0), "8dbdba06-0a54-5a46-8f77-75e6eec5ec6b");
});
