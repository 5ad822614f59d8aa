import { define, type Handlers, type PageProps } from "../lib/define.ts";
import { ingesters } from "../lib/access.ts";
import { orgOf } from "../lib/caller.ts";
import UploadForm from "../islands/UploadForm.tsx";

export const config = define.config({ access: ingesters, audit: false });

export const handler: Handlers = {
  GET(ctx) {
    orgOf(ctx.state);
    return ctx.render(undefined);
  },
};

/** Uploads of CSV files through the ingestion API, with progress and per-row problems. */
export default function Upload({ state }: PageProps) {
  return (
    <>
      <h1>Upload data</h1>
      <p>
        CSV files with the API's field names as their header row: the same checks as{" "}
        <code>POST /api/observations</code>, <code>/api/encounters</code> and{" "}
        <code>/api/environment</code>. Patient identifiers in encounter files are replaced by
        pseudonyms before anything is stored.
      </p>
      <noscript>
        <p class="error">
          Uploading needs JavaScript in this page; without it, send the file to the API (see{" "}
          <a href="/docs">API reference</a>).
        </p>
      </noscript>
      <UploadForm
        csrf={state.csrf ?? ""}
        orgId={state.orgId ?? ""}
        orgName={state.viewOrg?.name ?? "your organisation"}
      />
    </>
  );
}
