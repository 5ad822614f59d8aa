import type { AppState } from "../lib/define.ts";

/** Sign-in link, or who is signed in with a sign-out form (works without JavaScript). */
export function SessionNav({ state }: { state: AppState }) {
  const user = state.user;
  if (!user) return <a href="/login">Sign in</a>;
  return (
    <form method="post" action="/logout" class="session-nav">
      <span class="muted">{user.email}</span>
      <input type="hidden" name="_csrf" value={state.csrf} />
      <button type="submit">Sign out</button>
    </form>
  );
}
