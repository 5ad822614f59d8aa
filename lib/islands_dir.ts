/** Where the island bundles are: ISLANDS_DIR (relative to the working directory) or static/_islands. */
export function islandsDir(setting = Deno.env.get("ISLANDS_DIR")): URL {
  if (!setting) return new URL("../static/_islands/", import.meta.url);
  const path = setting.startsWith("/") ? setting : `${Deno.cwd()}/${setting}`;
  return new URL(`file://${path.endsWith("/") ? path : path + "/"}`);
}
