/**
 * A zip archive streamed as it is built (fflate): each file's text is pulled chunk by chunk
 * from its producer and deflated, so an organisation's whole history never sits in memory.
 */
import { Zip, ZipDeflate } from "fflate";

export interface ZipEntry {
  name: string;
  chunks: AsyncIterable<string>;
}

/** The archive of the entries, in order; an entry whose producer fails fails the stream. */
export function zipStream(entries: ZipEntry[], mtime = new Date()): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let zip: Zip;
  let index = 0;
  let file: ZipDeflate | null = null;
  let it: AsyncIterator<string> | null = null;
  let emitted = false;
  let closed = false;
  /** Feeds the archive one step: the next chunk of the current file, or the next file. */
  const step = async () => {
    if (!file) {
      const entry = entries[index++];
      if (!entry) return zip.end();
      file = new ZipDeflate(entry.name, { level: 6 });
      file.mtime = mtime;
      zip.add(file);
      it = entry.chunks[Symbol.asyncIterator]();
    }
    const { value, done } = await it!.next();
    if (done) {
      file.push(new Uint8Array(0), true);
      file = null;
    } else file.push(encoder.encode(value));
  };
  return new ReadableStream({
    start(controller) {
      zip = new Zip((err, data, final) => {
        if (err) return controller.error(err);
        controller.enqueue(data);
        emitted = true;
        if (final) (controller.close(), closed = true);
      });
    },
    // A pull that enqueues nothing is not called again: step until the deflater emits.
    async pull() {
      emitted = false;
      while (!emitted && !closed) await step();
    },
    async cancel() {
      await it?.return?.();
      zip.terminate();
    },
  });
}
