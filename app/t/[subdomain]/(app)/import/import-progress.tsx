"use client";

import type { ImportCounts } from "./import-protocol";
import { formatCount } from "./field-labels";

interface Props {
  counts: ImportCounts;
  isRunning: boolean;
  isCancelling: boolean;
  onCancel: () => void;
}

export function ImportProgress({ counts, isRunning, isCancelling, onCancel }: Props) {
  const { total, processed } = counts;
  const text = total === null ? "Counting rows…" : `${formatCount(processed)} of ${formatCount(total)} rows`;
  const fraction = total ? Math.min(1, processed / total) : total === 0 ? 1 : 0;
  return (
    <div className="flex items-center gap-4 rounded-lg border border-slate-200 bg-white p-4">
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={total === null ? undefined : processed}
        aria-valuetext={text}
        data-testid="import-progress"
        className="flex-1"
      >
        <div className="h-2 overflow-hidden rounded-full bg-slate-200">
          {/* scaleX, not width: a transform is composited, so progress updates cost no layout. */}
          <div className="h-full w-full origin-left bg-indigo-600" style={{ transform: `scaleX(${fraction})` }} />
        </div>
        <p className="mt-2 text-sm tabular-nums text-slate-700">{text}</p>
      </div>
      {isRunning ? (
        <button
          type="button"
          onClick={onCancel}
          disabled={isCancelling}
          className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-50 disabled:opacity-60"
        >
          {isCancelling ? "Cancelling…" : "Cancel"}
        </button>
      ) : null}
    </div>
  );
}
