import type { ComponentChildren } from "preact";

/** A POST form to /admin carrying the CSRF token and the action it performs. */
export function AdminForm(
  { csrf, action, inline, children }: {
    csrf: string;
    action: string;
    inline?: boolean;
    children: ComponentChildren;
  },
) {
  return (
    <form method="post" action="/admin" class={inline ? "inline-form" : undefined}>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="action" value={action} />
      {children}
    </form>
  );
}
