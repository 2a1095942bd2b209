import type { InputHTMLAttributes, ReactNode } from "react";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  error?: string;
  suffix?: ReactNode;
}

/** A labelled input with its error shown inline and announced to assistive technology. */
export function Field({ label, name, error, suffix, ...input }: FieldProps) {
  const errorId = `${name}-error`;
  return (
    <label className="block">
      <span className="text-sm font-medium text-slate-700">{label}</span>
      <span className="mt-1 flex rounded-md shadow-sm">
        <input
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className={`block w-full min-w-0 flex-1 rounded-md border px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-indigo-500 ${
            suffix ? "rounded-r-none" : ""
          } ${error ? "border-red-500" : "border-slate-300"}`}
          {...input}
        />
        {suffix ? (
          <span className="inline-flex items-center rounded-r-md border border-l-0 border-slate-300 bg-slate-50 px-3 text-sm text-slate-500">
            {suffix}
          </span>
        ) : null}
      </span>
      {error ? (
        <span id={errorId} role="alert" className="mt-1 block text-sm text-red-600">{error}</span>
      ) : null}
    </label>
  );
}
