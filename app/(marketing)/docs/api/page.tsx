import type { Metadata } from "next";
import { getOpenApiDocument, type OpenApiOperation } from "@/lib/openapi";
import { Paragraphs } from "./inline-markdown";
import { OperationCard } from "./operation-card";
import { fieldRows } from "./schema-format";

// Rendered on the server from the same document GET /api/v1/openapi.json serves; no client script.
// Dynamic so the server URLs follow this deployment's APP_ROOT_DOMAIN.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "API reference — ROI Spectrum" };

const METHOD_ORDER = ["get", "post", "put", "patch", "delete"] as const;

export default function ApiReferencePage() {
  const doc = getOpenApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHOD_ORDER.filter((method) => item[method]).map((method) => ({ path, method, op: item[method] as OpenApiOperation })),
  );
  const groups = doc.tags
    .map((tag) => ({ ...tag, operations: operations.filter(({ op }) => op.tags.includes(tag.name)) }))
    .filter((group) => group.operations.length > 0);
  const errorFields = fieldRows(doc, { $ref: "#/components/schemas/Error" });

  return (
    <main className="mx-auto flex max-w-6xl gap-10 px-6 py-12">
      <nav className="sticky top-6 hidden h-fit w-52 shrink-0 text-sm lg:block" aria-label="API sections">
        <p className="mb-2 font-semibold text-slate-900">Sections</p>
        <ul className="space-y-1">
          {groups.map((group) => (
            <li key={group.name}>
              <a href={`#tag-${group.name.toLowerCase().replace(/\s+/g, "-")}`} className="text-slate-600 hover:text-indigo-600">
                {group.name} <span className="text-slate-400">({group.operations.length})</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <div className="min-w-0 flex-1 space-y-12">
        <header className="space-y-4">
          <h1 className="text-3xl font-extrabold tracking-tight">{doc.info.title}</h1>
          <div className="space-y-3 text-slate-700">
            <Paragraphs text={doc.info.description} />
          </div>
          <div className="flex flex-wrap gap-3 text-sm">
            <a href="/api/v1/openapi.json" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500">
              OpenAPI 3.1 document (JSON)
            </a>
          </div>
          <dl className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2">
            {doc.servers.map((server) => (
              <div key={server.url}>
                <dt className="text-slate-500">{server.description}</dt>
                <dd className="font-mono text-slate-900">{server.url}</dd>
              </div>
            ))}
          </dl>
          <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <h2 className="font-semibold text-slate-900">Authentication</h2>
            <ul className="mt-2 space-y-2">
              {Object.entries(doc.components.securitySchemes).map(([name, scheme]) => (
                <li key={name}>
                  <code className="font-mono text-indigo-700">{name}</code>
                  <span className="text-slate-600"> — </span>
                  <Paragraphs text={String(scheme.description ?? "")} className="inline text-slate-600" />
                </li>
              ))}
            </ul>
          </section>
          <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <h2 className="font-semibold text-slate-900">Errors</h2>
            <p className="mt-1 text-slate-600">Every error answer has this body; each operation lists its statuses and codes.</p>
            <ul className="mt-2 space-y-1 font-mono text-xs text-slate-700">
              {errorFields.map((field) => (
                <li key={field.name}>
                  {field.name}: {field.type}
                  {field.required ? "" : " (optional)"}
                </li>
              ))}
            </ul>
          </section>
        </header>

        {groups.map((group) => (
          <section key={group.name} id={`tag-${group.name.toLowerCase().replace(/\s+/g, "-")}`} className="scroll-mt-6 space-y-4">
            <div>
              <h2 className="text-2xl font-bold tracking-tight">{group.name}</h2>
              <p className="text-slate-600">{group.description}</p>
            </div>
            {group.operations.map(({ path, method, op }) => (
              <OperationCard key={`${method} ${path}`} doc={doc} method={method} path={path} op={op} />
            ))}
          </section>
        ))}
      </div>
    </main>
  );
}
