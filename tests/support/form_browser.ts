import type { buildTestApp } from "./app.ts";

type App = Awaited<ReturnType<typeof buildTestApp>>;

/** A tiny cookie jar over app.request, like a browser without JavaScript. */
export function browser(app: App) {
  const jar = new Map<string, string>();
  const store = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const value = pair.slice(i + 1);
      if (value) jar.set(pair.slice(0, i), value);
      else jar.delete(pair.slice(0, i));
    }
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return {
    jar,
    get: async (path: string) => store(await app.request(path, { headers: { cookie: cookie() } })),
    post: async (path: string, form: Record<string, string>) =>
      store(
        await app.request(path, {
          method: "POST",
          headers: {
            cookie: cookie(),
            "content-type": "application/x-www-form-urlencoded",
            origin: "http://localhost",
          },
          body: new URLSearchParams(form).toString(),
        }),
      ),
  };
}
