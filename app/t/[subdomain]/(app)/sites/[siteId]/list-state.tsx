import type { ApiList } from "../use-api-list";

/** Loading, error and "load more" around a list's table. */
export function ListFooter<T>({ list }: { list: ApiList<T> }) {
  return (
    <div className="mt-2 flex items-center gap-4 text-sm">
      {list.error ? <p role="alert" className="text-red-700">{list.error}</p> : null}
      {list.isLoading ? <p className="text-slate-500">Loading…</p> : null}
      {list.hasMore && !list.isLoading ? (
        <button type="button" onClick={() => void list.loadMore()} className="text-indigo-600 hover:underline">Load more</button>
      ) : null}
    </div>
  );
}

export function SectionHeading({ id, title, description }: { id: string; title: string; description: string }) {
  return (
    <div className="mb-3">
      <h2 id={id} className="text-lg font-semibold">{title}</h2>
      <p className="text-sm text-slate-600">{description}</p>
    </div>
  );
}

export const TABLE = "w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm";
export const THEAD = "bg-slate-50 text-left text-xs uppercase text-slate-500";
export const FORM = "mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4";
