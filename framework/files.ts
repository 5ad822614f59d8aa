/** Build output helpers: content hashes and writes that readers never see half done. */

/** Hex SHA-256 of bytes. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Writes a content-hashed file unless it is already there (same name, same bytes). */
export async function writeOnce(file: URL, bytes: Uint8Array) {
  try {
    if ((await Deno.stat(file)).size === bytes.byteLength) return;
  } catch { /* not there yet */ }
  await writeAtomically(file, bytes);
}

/** Writes to a temporary name beside the file, then renames: readers never see half a file. */
export async function writeAtomically(file: URL, bytes: Uint8Array) {
  const tmp = new URL(`${file.pathname}.${crypto.randomUUID().slice(0, 8)}.tmp`, file);
  await Deno.writeFile(tmp, bytes);
  await Deno.rename(tmp, file);
}
