import type { ComponentChildren } from "preact";

/** A POST form to a page, carrying the CSRF token and the action it performs. */
export function PostForm(
  { to, csrf, action, inline, children }: {
    to: string;
    csrf: string;
    action: string;
    inline?: boolean;
    children: ComponentChildren;
  },
) {
  return (
    <form method="post" action={to} class={inline ? "inline-form" : undefined}>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="action" value={action} />
      {children}
    </form>
  );
}
