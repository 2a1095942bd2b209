"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import type { SiteView } from "@/lib/sites/site-types";
import { formText } from "./api-client";
import { ErrorMessage, SelectField, SubmitButton, TextField } from "./form-fields";
import { COMMON_CURRENCIES } from "./site-options";
import { useApiSubmit } from "./use-api-submit";

const OTHER = "other";
const FIELDS = ["name", "domain", "currency", "timezone"] as const;

export function CreateSiteForm({ timeZones }: { timeZones: string[] }) {
  const router = useRouter();
  const { submit, isSubmitting, error, fieldErrors } = useApiSubmit(FIELDS);
  const [currencyChoice, setCurrencyChoice] = useState<string>("USD");
  const [timeZone, setTimeZone] = useState("UTC");
  const [created, setCreated] = useState<SiteView>();

  // The browser's zone is only known after hydration; the server renders UTC.
  useEffect(() => {
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (timeZones.includes(browserZone)) setTimeZone(browserZone);
  }, [timeZones]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(undefined);
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const currency = currencyChoice === OTHER ? formText(form, "otherCurrency").toUpperCase() : currencyChoice;
    const body = { name: formText(form, "name"), domain: formText(form, "domain"), currency, timezone: timeZone };
    const site = await submit<SiteView>("/api/v1/sites", "POST", body);
    if (!site) return;
    setCreated(site);
    formElement.reset();
    setCurrencyChoice("USD");
    router.refresh();
  }

  return (
    <form onSubmit={create} aria-label="Add a site" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="font-semibold">Add a site</h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" required maxLength={200} error={fieldErrors.name} />
        <TextField label="Domain" name="domain" required placeholder="example.com" error={fieldErrors.domain} />
        <div className="flex gap-2">
          <SelectField
            label="Currency"
            name="currency"
            value={currencyChoice}
            onChange={(event) => setCurrencyChoice(event.target.value)}
            error={currencyChoice === OTHER ? undefined : fieldErrors.currency}
            wrapperClassName="flex-1"
          >
            {COMMON_CURRENCIES.map((code) => <option key={code} value={code}>{code}</option>)}
            <option value={OTHER}>Other…</option>
          </SelectField>
          {currencyChoice === OTHER ? (
            <TextField
              label="Currency code"
              name="otherCurrency"
              required
              pattern="[A-Za-z]{3}"
              maxLength={3}
              placeholder="ISO 4217, e.g. THB"
              error={fieldErrors.currency}
              wrapperClassName="flex-1"
            />
          ) : null}
        </div>
        <SelectField label="Time zone" name="timezone" value={timeZone} onChange={(event) => setTimeZone(event.target.value)} error={fieldErrors.timezone}>
          {timeZones.map((zone) => <option key={zone} value={zone}>{zone}</option>)}
        </SelectField>
      </div>
      <p className="text-xs text-slate-500">The currency cannot be changed later: fees, costs and revenue of the site are stored in it.</p>
      <ErrorMessage message={error} />
      {created ? <p role="status" className="text-sm text-emerald-700">Added {created.name}.</p> : null}
      <SubmitButton isBusy={isSubmitting}>{isSubmitting ? "Adding…" : "Add site"}</SubmitButton>
    </form>
  );
}
