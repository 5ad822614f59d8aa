import { type ComponentType, h, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { collectIslands } from "./islands.ts";
import type { IslandAssets, LayoutProps } from "./types.ts";

export type { IslandAssets };

export interface PageShell<S> {
  // deno-lint-ignore no-explicit-any
  app?: ComponentType<any>;
  layouts: ComponentType<LayoutProps<S>>[];
  assets: IslandAssets;
}

/** Renders a page vnode inside its layouts (innermost first) and _app into a full document. */
export function renderDocument<S>(
  page: VNode,
  shell: PageShell<S>,
  url: URL,
  state: S,
): string {
  // deno-lint-ignore no-explicit-any
  let tree: VNode<any> = page;
  for (const Layout of [...shell.layouts].reverse()) {
    const inner = tree;
    tree = h(Layout, { Component: () => inner, url, state });
  }
  if (shell.app) {
    const inner = tree;
    tree = h(shell.app, { Component: () => inner, url, state });
  }
  const { out: html, islands } = collectIslands(() => renderToString(tree));
  const scripts = islands
    .map((name) => shell.assets.islands[name])
    .filter(Boolean)
    .map((src) => `<script type="module" src="${src}"></script>`)
    .join("");
  const body = html.includes("</body>")
    ? html.replace("</body>", `${scripts}</body>`)
    : html + scripts;
  return "<!DOCTYPE html>" + body;
}
