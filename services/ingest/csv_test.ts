import { expect } from "expect";
import { MAX_RECORD_CHARS, readCsv } from "./csv.ts";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return ReadableStream.from(chunks.map((c) => enc.encode(c)));
}

async function all(chunks: string[], limit = 1e9) {
  const out = [];
  for await (const r of readCsv(streamOf(chunks), limit)) out.push(r);
  return out;
}

Deno.test("readCsv handles quotes, doubled quotes, CRLF and newlines in quotes across chunks", async () => {
  const rows = await all([
    'a,b,c\r\n1,"x, y",3\n',
    '2,"he said ""hi""',
    '",4\n\n5,"multi\nline",6',
  ]);
  expect(rows).toEqual([
    { line: 1, fields: ["a", "b", "c"] },
    { line: 2, fields: ["1", "x, y", "3"] },
    { line: 3, fields: ["2", 'he said "hi"', "4"] },
    { line: 5, fields: ["5", "multi\nline", "6"] },
  ]);
});

Deno.test("readCsv splits records that straddle chunk boundaries", async () => {
  const rows = await all(["h1,h2\nfirst,se", "cond\nthird,fourth"]);
  expect(rows.map((r) => r.fields)).toEqual([["h1", "h2"], ["first", "second"], [
    "third",
    "fourth",
  ]]);
});

Deno.test("readCsv stops with 413 past its byte limit", async () => {
  await expect(all(["a,b\n", "1,2\n".repeat(100)], 50)).rejects.toMatchObject({ status: 413 });
});

Deno.test("readCsv refuses a file that ends inside quotes", async () => {
  await expect(all(['a\n"open'])).rejects.toMatchObject({ status: 422 });
});

Deno.test("readCsv refuses an endless record with 422 naming its line, quoted or not, without reading on", async () => {
  for (const open of ["", '"']) {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        sent++;
        c.enqueue(
          new TextEncoder().encode(sent === 1 ? `h1,h2\n1,2\n3,${open}` : "x".repeat(16_384)),
        );
      },
    });
    const rows: unknown[] = [];
    const err = await (async () => {
      for await (const r of readCsv(endless, 1e9)) rows.push(r);
    })().catch((e) => e);
    expect({ status: err.status, message: err.message }).toEqual({
      status: 422,
      message: `line 3: a record longer than ${
        MAX_RECORD_CHARS.toLocaleString("en-US")
      } characters`,
    });
    expect(rows).toHaveLength(2);
    expect(sent).toBeLessThan(MAX_RECORD_CHARS / 16_384 + 3);
  }
});
