"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { SiteView } from "@/lib/sites/site-types";
import { requestJson } from "../api-client";

/** Deleting a site removes its services, costs, work log and metrics, so it takes a second click. */
export function DeleteSiteButton({ site }: { site: SiteView }) {
  const router = useRouter();
  const [isConfirming, setConfirming] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function remove() {
    setBusy(true);
    setError(undefined);
    const result = await requestJson(`/api/v1/sites/${site.id}`, { method: "DELETE" });
    if (!result.ok) {
      setBusy(false);
      return setError(result.message);
    }
    router.push("/sites");
    router.refresh();
  }

  return (
    <section className="rounded-lg border border-red-200 bg-white p-4">
      <h2 className="font-semibold text-red-700">Delete site</h2>
      {isConfirming ? (
        <div className="mt-2 space-y-3 text-sm">
          <p>Delete {site.name} with all its services, costs, deliverables and metrics? This cannot be undone.</p>
          <div className="flex gap-3">
            <button type="button" onClick={remove} disabled={isBusy} className="rounded-md bg-red-600 px-4 py-2 font-semibold text-white hover:bg-red-500 disabled:opacity-60">
              Delete permanently
            </button>
            <button type="button" onClick={() => setConfirming(false)} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-50">
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)} className="mt-2 text-sm text-red-600 hover:underline">
          Delete this site…
        </button>
      )}
      {error ? <p role="alert" className="mt-2 text-sm text-red-700">{error}</p> : null}
    </section>
  );
}
