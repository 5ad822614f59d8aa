import { define, type Handlers, type PageProps } from "../lib/define.ts";
import { unmaskCsrf } from "../lib/auth/csrf.ts";
import { anyone } from "../lib/access.ts";
import { HttpError } from "../framework/http_error.ts";
import { authenticatePassword, clientIp } from "../lib/auth/login.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { sessionCookies } from "../lib/auth/cookies.ts";
import { readForm, safeNext, seeOther } from "../lib/auth/page_forms.ts";

interface Data {
  next: string;
  email?: string;
  error?: string;
}

export const config = define.config({ access: anyone, audit: false });

export const handler: Handlers<Data> = {
  GET(ctx) {
    return ctx.render({ next: safeNext(ctx.url.searchParams.get("next")) });
  },
  /** Plain form post: sets the session cookies and redirects, no JavaScript needed. */
  async POST(ctx) {
    const form = await readForm(ctx.req);
    const next = safeNext(form.next);
    try {
      const user = await authenticatePassword(
        ctx.state,
        form.email ?? "",
        form.password ?? "",
        clientIp(ctx.hono),
      );
      const pair = await startSession(ctx.state, user);
      // The cookie holds the token itself; the page carried it masked (lib/auth/csrf.ts).
      return seeOther(next, sessionCookies(ctx.url, pair, unmaskCsrf(ctx.state.csrf!)));
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      const res = ctx.render({ next, email: form.email, error: err.message }, {
        status: err.status,
      });
      for (const [k, v] of Object.entries(err.headers)) res.headers.set(k, v);
      return res;
    }
  },
};

/** Sign-in form. */
export default function Login({ data, state }: PageProps<Data>) {
  return (
    <section class="login">
      <h1>Sign in</h1>
      {state.user && <p>Signed in as {state.user.email}.</p>}
      {data.error && <p class="error" role="alert">{data.error}</p>}
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value={state.csrf} />
        <input type="hidden" name="next" value={data.next} />
        <label>
          E-mail{" "}
          <input type="email" name="email" value={data.email} required autocomplete="username" />
        </label>
        <label>
          Password{" "}
          <input type="password" name="password" required autocomplete="current-password" />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}
