/** Shown instead of a page the member's role does not cover (the nav shows the link to everyone). */
export function NoAccess({ title, what }: { title: string; what: string }) {
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-6 rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600">
        Your role does not allow you to {what}. Ask an owner or admin of this workspace for access.
      </p>
    </div>
  );
}
