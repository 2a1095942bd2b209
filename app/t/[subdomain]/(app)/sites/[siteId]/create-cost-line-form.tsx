"use client";

import type { FormEvent } from "react";
import type { ServiceView } from "@/lib/services/service-schemas";
import type { SiteView } from "@/lib/sites/site-types";
import { formText, withoutEmpty } from "../api-client";
import { ErrorMessage, SelectField, SubmitButton, TextField } from "../form-fields";
import { useApiSubmit } from "../use-api-submit";
import { FORM } from "./list-state";

const FIELDS = ["date", "amount", "serviceId", "note"] as const;

interface Props {
  site: SiteView;
  services: ServiceView[];
  onCreated: () => Promise<void>;
}

export function CreateCostLineForm({ site, services, onCreated }: Props) {
  const { submit, isSubmitting, error, fieldErrors } = useApiSubmit(FIELDS);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body = withoutEmpty({
      siteId: site.id,
      serviceId: formText(form, "serviceId"),
      date: formText(form, "date"),
      amount: formText(form, "amount"),
      note: formText(form, "note"),
    });
    if (!(await submit("/api/v1/cost-lines", "POST", body))) return;
    formElement.reset();
    await onCreated();
  }

  return (
    <form onSubmit={create} aria-label="Add a cost" className={FORM}>
      <TextField label="Cost date" name="date" type="date" required error={fieldErrors.date} />
      <TextField
        label={`Amount (${site.currency})`}
        name="amount"
        required
        inputMode="decimal"
        placeholder="250.00"
        error={fieldErrors.amount}
        wrapperClassName="w-36"
      />
      <SelectField label="Service (optional)" name="serviceId" defaultValue="" error={fieldErrors.serviceId}>
        <option value="">Whole site</option>
        {services.map((service) => <option key={service.id} value={service.id}>{service.name}</option>)}
      </SelectField>
      <TextField label="Note" name="note" maxLength={500} error={fieldErrors.note} wrapperClassName="min-w-48 flex-1" />
      <SubmitButton isBusy={isSubmitting}>Add cost</SubmitButton>
      <div className="basis-full empty:hidden"><ErrorMessage message={error} /></div>
    </form>
  );
}
