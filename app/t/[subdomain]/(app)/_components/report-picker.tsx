"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { parseInputDate } from "@/lib/dates/calendar-date";
import { NO_COMPARE, toSearchString, type DashboardQuery, type RangePreset } from "./report-query";

export interface PickerSite {
  id: string;
  name: string;
  currency: string;
}

interface ReportPickerProps {
  query: DashboardQuery;
  presets: RangePreset[];
  sites: PickerSite[];
  /** The distinct currencies of the workspace's sites; a currency choice appears only when there are several. */
  currencies: string[];
}

const GRANULARITY_OPTIONS = [
  { value: "day", label: "Daily" },
  { value: "week", label: "Weekly" },
  { value: "month", label: "Monthly" },
];

const COMPARE_OPTIONS = [
  { value: "previous_period", label: "Previous period" },
  { value: "previous_year", label: "Previous year" },
  { value: NO_COMPARE, label: "No comparison" },
];

const CONTROL = "mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

// A date input given text that is not a real date logs a warning and shows nothing; leave it blank
// and let the error notice above name the field.
const dateValue = (text: string) => (parseInputDate(text) === null ? "" : text);

/**
 * The report's range, granularity, comparison and site, kept in the URL so a view can be shared and
 * survives reloads. A plain GET form underneath: it works before hydration too.
 */
export function ReportPicker({ query, presets, sites, currencies }: ReportPickerProps) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  // The fields edit a draft; when the URL changes from elsewhere (a link, Back), the draft follows it.
  const [draft, setDraft] = useState(query);
  const [shownQuery, setShownQuery] = useState(toSearchString(query));
  if (shownQuery !== toSearchString(query)) {
    setShownQuery(toSearchString(query));
    setDraft(query);
  }
  const hasMixedCurrencies = currencies.length > 1;

  function apply(next: DashboardQuery) {
    setDraft(next);
    // A chosen site fixes the currency, so a currency left in the URL would only mislead.
    const effective = next.siteId ? { ...next, currency: "" } : next;
    startTransition(() => router.push(toSearchString(effective)));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(draft);
  }

  // Choices from a list take effect at once; typed dates wait for Apply.
  const choose = (field: keyof DashboardQuery) => (value: string) => apply({ ...draft, [field]: value });
  const edit = (field: keyof DashboardQuery) => (value: string) => setDraft({ ...draft, [field]: value });

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" aria-busy={isPending}>
      <div role="group" aria-label="Date range presets" className="flex flex-wrap gap-2">
        {presets.map((preset) => {
          const isCurrent = preset.from === draft.from && preset.to === draft.to;
          return (
            <button
              key={preset.label}
              type="button"
              aria-pressed={isCurrent}
              onClick={() => apply({ ...draft, from: preset.from, to: preset.to })}
              className={`rounded-md px-3 py-1.5 text-sm font-medium ${
                isCurrent ? "bg-indigo-600 text-white" : "border border-slate-300 text-slate-700 hover:bg-slate-50"
              }`}
            >
              {preset.label}
            </button>
          );
        })}
      </div>
      <form method="get" onSubmit={submit} className="mt-4 flex flex-wrap items-end gap-3" data-testid="report-picker">
        <label className="text-sm">
          <span className="font-medium text-slate-700">From</span>
          <input
            type="date"
            name="from"
            value={dateValue(draft.from)}
            onChange={(event) => edit("from")(event.target.value)}
            className={CONTROL}
          />
        </label>
        <label className="text-sm">
          <span className="font-medium text-slate-700">To</span>
          <input
            type="date"
            name="to"
            value={dateValue(draft.to)}
            onChange={(event) => edit("to")(event.target.value)}
            className={CONTROL}
          />
        </label>
        <Select label="Granularity" name="granularity" value={draft.granularity} onChange={choose("granularity")} options={GRANULARITY_OPTIONS} />
        <Select label="Compare with" name="compare" value={draft.compare} onChange={choose("compare")} options={COMPARE_OPTIONS} />
        <Select
          label="Site"
          name="siteId"
          value={draft.siteId}
          onChange={choose("siteId")}
          options={[
            { value: "", label: "All sites" },
            ...sites.map((site) => ({ value: site.id, label: hasMixedCurrencies ? `${site.name} (${site.currency})` : site.name })),
          ]}
        />
        {hasMixedCurrencies ? (
          <Select
            label="Currency"
            name="currency"
            value={draft.siteId ? "" : draft.currency}
            onChange={choose("currency")}
            options={[{ value: "", label: "Choose…" }, ...currencies.map((currency) => ({ value: currency, label: currency }))]}
            // A chosen site fixes the currency; a disabled field is also left out of a no-script submit.
            isDisabled={Boolean(draft.siteId)}
          />
        ) : null}
        <button
          type="submit"
          disabled={isPending}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
        >
          Apply
        </button>
        <span role="status" className="self-center text-xs text-slate-500">{isPending ? "Updating…" : null}</span>
      </form>
    </div>
  );
}

interface SelectProps {
  label: string;
  name: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  isDisabled?: boolean;
}

function Select({ label, name, value, options, onChange, isDisabled = false }: SelectProps) {
  return (
    <label className="text-sm">
      <span className="font-medium text-slate-700">{label}</span>
      <select
        name={name}
        value={value}
        disabled={isDisabled}
        onChange={(event) => onChange(event.target.value)}
        className={`${CONTROL} max-w-56 disabled:bg-slate-50 disabled:text-slate-400`}
      >
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    </label>
  );
}
