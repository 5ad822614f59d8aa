import type { AppState } from "../lib/define.ts";

/** The signed-in user's e-mail; lib/page_cache.ts swaps it per viewer, so keep it one element. */
export function SessionUser({ email }: { email: string }) {
  return <span class="session-user">{email}</span>;
}

/** Sign-in link, or who is signed in with a sign-out form (works without JavaScript). */
export function SessionNav({ state }: { state: AppState }) {
  const user = state.user;
  if (!user) return <a href="/login">Sign in</a>;
  return (
    <form method="post" action="/logout" class="session-nav no-print">
      <SessionUser email={user.email} />
      <input type="hidden" name="_csrf" value={state.csrf} />
      <button type="submit">Sign out</button>
    </form>
  );
}
