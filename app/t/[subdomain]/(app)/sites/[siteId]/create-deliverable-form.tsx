"use client";

import type { FormEvent } from "react";
import type { ServiceView } from "@/lib/services/service-schemas";
import { formText, withoutEmpty } from "../api-client";
import { ErrorMessage, SelectField, SubmitButton, TextField } from "../form-fields";
import { useApiSubmit } from "../use-api-submit";
import { FORM } from "./list-state";

const FIELDS = ["serviceId", "date", "title", "url", "hours"] as const;

export function CreateDeliverableForm({ services, onCreated }: { services: ServiceView[]; onCreated: () => Promise<void> }) {
  const { submit, isSubmitting, error, fieldErrors } = useApiSubmit(FIELDS);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const hours = formText(form, "hours");
    const body = withoutEmpty({
      serviceId: formText(form, "serviceId"),
      date: formText(form, "date"),
      title: formText(form, "title"),
      url: formText(form, "url"),
      // The API takes hours as a JSON number; the input's step already limits it to two decimals.
      hours: hours === "" ? undefined : Number(hours),
    });
    if (!(await submit("/api/v1/deliverables", "POST", body))) return;
    formElement.reset();
    await onCreated();
  }

  return (
    <form onSubmit={create} aria-label="Add a deliverable" className={FORM}>
      <SelectField label="Service" name="serviceId" required defaultValue={services[0]?.id} error={fieldErrors.serviceId}>
        {services.map((service) => <option key={service.id} value={service.id}>{service.name}</option>)}
      </SelectField>
      <TextField label="Delivered on" name="date" type="date" required error={fieldErrors.date} />
      <TextField label="Title" name="title" required maxLength={300} error={fieldErrors.title} wrapperClassName="min-w-48 flex-1" />
      <TextField label="URL (optional)" name="url" type="url" maxLength={2048} placeholder="https://" error={fieldErrors.url} />
      <TextField label="Hours" name="hours" type="number" min={0} max={10000} step={0.01} error={fieldErrors.hours} wrapperClassName="w-24" />
      <SubmitButton isBusy={isSubmitting}>Add deliverable</SubmitButton>
      <div className="basis-full empty:hidden"><ErrorMessage message={error} /></div>
    </form>
  );
}
