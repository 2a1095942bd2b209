"use client";

import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

// Labelled controls with the API's field error shown inline. Ids come from useId because a page holds
// several forms with the same field names (two "date" inputs on the site page).

const CONTROL = "mt-1 block w-full rounded-md border px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-indigo-500";

interface LabelProps {
  label: string;
  error?: string;
  className?: string;
  children: (control: { id: string; errorId: string | undefined; className: string }) => ReactNode;
}

// The label points at its control instead of wrapping it: a wrapped <select> would lend its option
// texts to the label's accessible name.
function Labelled({ label, error, className, children }: LabelProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`text-sm ${className ?? ""}`}>
      <label htmlFor={id} className="block font-medium text-slate-700">{label}</label>
      {children({ id, errorId: error ? errorId : undefined, className: `${CONTROL} ${error ? "border-red-500" : "border-slate-300"}` })}
      {error ? <span id={errorId} role="alert" className="mt-1 block text-red-600">{error}</span> : null}
    </div>
  );
}

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  error?: string;
  wrapperClassName?: string;
}

export function TextField({ label, error, wrapperClassName, ...input }: TextFieldProps) {
  return (
    <Labelled label={label} error={error} className={wrapperClassName}>
      {({ id, errorId, className }) => (
        <input id={id} aria-invalid={error ? true : undefined} aria-describedby={errorId} className={className} {...input} />
      )}
    </Labelled>
  );
}

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  error?: string;
  wrapperClassName?: string;
  children: ReactNode;
}

export function SelectField({ label, error, wrapperClassName, children, ...select }: SelectFieldProps) {
  return (
    <Labelled label={label} error={error} className={wrapperClassName}>
      {({ id, errorId, className }) => (
        <select id={id} aria-invalid={error ? true : undefined} aria-describedby={errorId} className={`${className} bg-white`} {...select}>
          {children}
        </select>
      )}
    </Labelled>
  );
}

export function SubmitButton({ isBusy, children }: { isBusy: boolean; children: ReactNode }) {
  return (
    <button
      type="submit"
      disabled={isBusy}
      className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
    >
      {children}
    </button>
  );
}

export function ErrorMessage({ message }: { message: string | undefined }) {
  return message ? <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">{message}</p> : null;
}
