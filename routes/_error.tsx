import type { ErrorPageProps } from "../lib/define.ts";

/** Shown for every page error; API routes answer JSON instead. */
export default function ErrorPage({ status, message }: ErrorPageProps) {
  return (
    <section class="error-page">
      <h1>{status === 404 ? "Not found" : `Error ${status}`}</h1>
      <p>{message}</p>
      <p>
        <a href="/">Back to the overview</a>
      </p>
    </section>
  );
}
