import { type ComponentType, h, options, type VNode } from "preact";

/**
 * Server-side island detection, as Fresh does it: every vnode whose component is a registered
 * island is wrapped in <fs-island data-island data-props>, and the client bundle hydrates it
 * from those serialised props.
 */
const islandNames = new Map<ComponentType<unknown>, string>();
let used: Set<string> | null = null;
let innerDepth = 0;

/** Registers the manifest's islands by their file name (islands/ReadinessBoard.tsx → ReadinessBoard). */
// deno-lint-ignore no-explicit-any
export function registerIslands(islands: Record<string, { default: ComponentType<any> }>) {
  for (const [path, mod] of Object.entries(islands)) {
    const name = path.split("/").pop()!.replace(/\.tsx?$/, "");
    islandNames.set(mod.default as ComponentType<unknown>, name);
  }
}

interface MarkerProps {
  name: string;
  island: ComponentType<Record<string, unknown>>;
  islandProps: Record<string, unknown>;
}

function IslandMarker({ name, island, islandProps }: MarkerProps) {
  used?.add(name);
  const { children: _children, ...props } = islandProps;
  innerDepth++;
  const inner = h(island, islandProps);
  innerDepth--;
  return h("fs-island", {
    "data-island": name,
    "data-props": JSON.stringify(props),
    style: "display:contents",
  }, inner);
}

const previous = options.vnode;
options.vnode = (vnode: VNode) => {
  const name = typeof vnode.type === "function"
    ? islandNames.get(vnode.type as ComponentType<unknown>)
    : undefined;
  if (name && innerDepth === 0) {
    const props = vnode.props as Record<string, unknown>;
    (vnode as VNode<MarkerProps>).props = {
      name,
      island: vnode.type as MarkerProps["island"],
      islandProps: props,
      children: undefined,
    };
    vnode.type = IslandMarker as ComponentType<unknown>;
  }
  previous?.(vnode);
};

/** Runs a synchronous render and returns its output together with the islands it used. */
export function collectIslands<T>(render: () => T): { out: T; islands: string[] } {
  const outer = used;
  used = new Set();
  try {
    const out = render();
    return { out, islands: [...used] };
  } finally {
    used = outer;
  }
}
