"use client";

import { useState } from "react";
import { requestJson } from "../api-client";

interface Props {
  url: string;
  /** What is deleted, for screen readers and tests ("Delete Technical audit"). */
  label: string;
  onDeleted: () => void | Promise<void>;
}

export function DeleteButton({ url, label, onDeleted }: Props) {
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function remove() {
    setBusy(true);
    setError(undefined);
    const result = await requestJson(url, { method: "DELETE" });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    await onDeleted();
  }

  return (
    <span className="inline-flex items-center gap-2">
      {error ? <span role="alert" className="text-xs text-red-700">{error}</span> : null}
      <button type="button" onClick={remove} disabled={isBusy} aria-label={`Delete ${label}`} className="text-red-600 hover:underline disabled:opacity-60">
        Delete
      </button>
    </span>
  );
}
