import type { LayoutProps } from "../lib/define.ts";

/** The HTML document around every page. */
export default function App({ Component, state }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>FestSafe — ED readiness for mass gatherings</title>
        <link rel="stylesheet" href={state?.assets?.vendor?.styles ?? "/styles.css"} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <Component />
      </body>
    </html>
  );
}
