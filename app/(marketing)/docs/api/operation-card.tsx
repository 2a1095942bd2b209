import type { OpenApiDocument, OpenApiOperation } from "@/lib/openapi";
import { InlineMarkdown, Paragraphs } from "./inline-markdown";
import { fieldRows, refName, resolveSchema, typeLabel, type FieldRow } from "./schema-format";

const METHOD_COLOURS: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  patch: "bg-amber-100 text-amber-800",
  put: "bg-amber-100 text-amber-800",
  delete: "bg-rose-100 text-rose-800",
};

const GUARD_LABELS: Record<string, string> = {
  tenant: "Session or API key",
  public: "Public",
  cron: "Cron secret",
  webhook: "Stripe signature",
};

function FieldTable({ rows }: { rows: FieldRow[] }) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="py-1 pr-4 font-medium">Field</th>
          <th className="py-1 pr-4 font-medium">Type</th>
          <th className="py-1 font-medium">Notes</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top">
        {rows.map((row) => (
          <tr key={row.name}>
            <td className="py-1.5 pr-4 font-mono text-xs text-slate-900">
              {row.name}
              {row.required ? <span className="ml-1 text-rose-600" title="required">*</span> : null}
            </td>
            <td className="break-all py-1.5 pr-4 font-mono text-xs text-slate-600">{row.type}</td>
            <td className="py-1.5 text-slate-600">
              {row.description ? <InlineMarkdown text={row.description} /> : null}
              {row.notes.length ? <span className="ml-1 text-xs text-slate-500">({row.notes.join("; ")})</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SchemaBlock({ doc, schema, label }: { doc: OpenApiDocument; schema: Record<string, unknown>; label: string }) {
  const rows = fieldRows(doc, schema);
  const name = refName(schema);
  return (
    <div className="space-y-2">
      {rows.length ? <FieldTable rows={rows} /> : <p className="font-mono text-xs text-slate-600">{typeLabel(schema)}</p>}
      <details className="text-xs">
        <summary className="cursor-pointer text-slate-500 hover:text-slate-800">{label}{name ? ` (${name})` : ""} as JSON Schema</summary>
        <pre className="mt-2 max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-[11px] leading-relaxed text-slate-100">
          {JSON.stringify(resolveSchema(doc, schema), null, 2)}
        </pre>
      </details>
    </div>
  );
}

export function OperationCard({ doc, method, path, op }: { doc: OpenApiDocument; method: string; path: string; op: OpenApiOperation }) {
  const parameters = op.parameters ?? [];
  const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
  const responses = Object.entries(op.responses);
  return (
    <article id={op.operationId} className="scroll-mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-operation={`${method.toUpperCase()} ${path}`}>
      <header className="flex flex-wrap items-center gap-3">
        <span className={`rounded px-2 py-0.5 font-mono text-xs font-bold ${METHOD_COLOURS[method] ?? "bg-slate-100"}`}>{method.toUpperCase()}</span>
        <code className="font-mono text-sm font-semibold text-slate-900">{path}</code>
        <a href={`#${op.operationId}`} className="text-xs text-slate-400 hover:text-indigo-600" aria-label={`Link to ${op.summary}`}>#</a>
      </header>
      <h3 className="mt-2 text-lg font-semibold text-slate-900">{op.summary}</h3>

      <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
        <span className="rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-700">{GUARD_LABELS[op["x-guard"]] ?? op["x-guard"]}</span>
        {op["x-permission"] ? (
          <span className="rounded-full bg-indigo-50 px-2 py-0.5 font-mono text-indigo-700" title="required permission">{op["x-permission"]}</span>
        ) : null}
        {op["x-roles"]?.map((role) => (
          <span key={role} className="rounded-full border border-slate-200 px-2 py-0.5 text-slate-600">{role}</span>
        ))}
      </div>

      <div className="mt-3 space-y-2 text-sm text-slate-700">
        <Paragraphs text={op.description} />
      </div>

      {parameters.length ? (
        <section className="mt-4">
          <h4 className="text-sm font-semibold text-slate-900">Parameters</h4>
          <FieldTable
            rows={parameters.map((param) => ({
              name: `${param.name} (${param.in})`, type: typeLabel(param.schema), required: param.required, description: param.description,
              notes: [],
            }))}
          />
        </section>
      ) : null}

      {body ? (
        <section className="mt-4" data-section="request-body">
          <h4 className="text-sm font-semibold text-slate-900">
            Request body <span className="font-normal text-slate-500">({body[0]})</span>
          </h4>
          <SchemaBlock doc={doc} schema={body[1].schema} label="Body" />
          {body[1].example !== undefined ? (
            <pre className="mt-2 overflow-auto rounded-md bg-slate-50 p-3 text-xs text-slate-800">{JSON.stringify(body[1].example, null, 2)}</pre>
          ) : null}
        </section>
      ) : null}

      <section className="mt-4">
        <h4 className="text-sm font-semibold text-slate-900">Responses</h4>
        <ul className="mt-1 space-y-2 text-sm">
          {responses.map(([status, response]) => {
            const content = response.content ? Object.entries(response.content)[0] : undefined;
            const isError = Number(status) >= 400;
            return (
              <li key={status} className="flex gap-3" data-status={status}>
                <span className={`w-10 shrink-0 font-mono font-semibold ${isError ? "text-rose-700" : "text-emerald-700"}`}>{status}</span>
                <div className="min-w-0 flex-1 text-slate-700">
                  <InlineMarkdown text={response.description} />
                  {!isError && content ? (
                    <div className="mt-2">
                      <SchemaBlock doc={doc} schema={content[1].schema} label={content[0]} />
                    </div>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      </section>
    </article>
  );
}
