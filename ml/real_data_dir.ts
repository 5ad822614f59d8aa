/**
 * Where the real Cardiff ED history (shared/data/real-ed-cardiff, read in place, never copied) is
 * for the tests and the training bench: `FESTSAFE_REAL_ED_DATA` if set, else `shared/` beside this
 * repository, else `shared/` beside the local repository this one was cloned from (a fresh clone
 * in /tmp of /work/main finds /work/shared). Null when none holds it.
 */
const repo = new URL("../", import.meta.url).pathname;
const relative = "shared/data/real-ed-cardiff";

async function originDir(): Promise<string | null> {
  try {
    const out = await new Deno.Command("git", {
      args: ["-C", repo, "remote", "get-url", "origin"],
      stdout: "piped",
      stderr: "null",
    }).output();
    const url = new TextDecoder().decode(out.stdout).trim();
    if (!out.success || !url) return null;
    if (url.startsWith("file://")) return new URL(url).pathname;
    return url.startsWith("/") ? url : null; // a remote host: nothing to look beside
  } catch {
    return null; // no git
  }
}

const holdsData = (dir: string) =>
  Deno.stat(`${dir}/observations.csv`).then((s) => s.isFile, () => false);

export async function realDataDir(): Promise<string | null> {
  const origin = await originDir();
  const candidates = [
    Deno.env.get("FESTSAFE_REAL_ED_DATA"),
    `${repo}../${relative}`,
    origin ? `${origin.replace(/\/\.git\/?$/, "").replace(/\/$/, "")}/../${relative}` : undefined,
  ];
  for (const dir of candidates) if (dir && await holdsData(dir)) return dir;
  return null;
}
