import type { ComponentChildren } from "preact";

/**
 * A table that scrolls inside its own box on narrow screens instead of widening the page. The
 * box is a labelled, focusable region so keyboard users can scroll it too (WCAG 2.1.1).
 */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
