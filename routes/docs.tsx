import { define, type Handlers, type PageProps } from "../lib/define.ts";
import { anyone } from "../lib/access.ts";
import { buildApiDocument } from "../lib/openapi.ts";
import { TableScroll } from "../components/TableScroll.tsx";

interface Operation {
  method: string;
  path: string;
  summary: string;
  access: string;
  body?: string;
}

export const config = define.config({ access: anyone, audit: false });

export const handler: Handlers<Operation[]> = {
  GET(ctx) {
    const doc = buildApiDocument() as {
      paths: Record<
        string,
        Record<
          string,
          {
            summary: string;
            description: string;
            requestBody?: { content: Record<string, unknown> };
          }
        >
      >;
    };
    const ops: Operation[] = [];
    for (const [path, byMethod] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(byMethod)) {
        ops.push({
          method: method.toUpperCase(),
          path,
          summary: op.summary,
          access: op.description,
          body: op.requestBody ? Object.keys(op.requestBody.content).join(", ") : undefined,
        });
      }
    }
    return ctx.render(ops);
  },
};

/** The API reference, rendered from the same OpenAPI document as /api/openapi.json. */
export default function Docs({ data }: PageProps<Operation[]>) {
  return (
    <>
      <h1>FestSafe API</h1>
      <p>
        Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>{" "}
        (OpenAPI 3.1, generated from the request schemas). Authenticate with{" "}
        <code>Authorization: Bearer &lt;token&gt;</code> from{" "}
        <code>POST /api/auth/login</code>, or an API key. Errors are{" "}
        <code>{'{"error": {"code", "message", "details"}}'}</code>.
      </p>
      <TableScroll label="API operations">
        <table class="api-table">
          <thead>
            <tr>
              <th>Method</th>
              <th>Path</th>
              <th>What</th>
              <th>Body</th>
              <th>Who</th>
            </tr>
          </thead>
          <tbody>
            {data.map((op) => (
              <tr key={`${op.method} ${op.path}`}>
                <td>
                  <code>{op.method}</code>
                </td>
                <td>
                  <code>{op.path}</code>
                </td>
                <td>{op.summary}</td>
                <td>{op.body ?? ""}</td>
                <td>{op.access}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
