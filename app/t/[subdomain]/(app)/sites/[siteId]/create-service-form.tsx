"use client";

import type { FormEvent } from "react";
import type { ServiceView } from "@/lib/services/service-schemas";
import type { SiteView } from "@/lib/sites/site-types";
import { formText, withoutEmpty } from "../api-client";
import { ErrorMessage, SelectField, SubmitButton, TextField } from "../form-fields";
import { useApiSubmit } from "../use-api-submit";
import { FORM } from "./list-state";

const FIELDS = ["kind", "name", "startDate", "endDate", "monthlyFee"] as const;

const KIND_LABELS: Record<ServiceView["kind"], string> = {
  technical: "Technical SEO",
  content: "Content",
  links: "Link building",
  local: "Local SEO",
  "ppc-support": "PPC support",
  other: "Other",
};

interface Props {
  site: SiteView;
  serviceKinds: ServiceView["kind"][];
  onCreated: () => Promise<void>;
}

export function CreateServiceForm({ site, serviceKinds, onCreated }: Props) {
  const { submit, isSubmitting, error, fieldErrors } = useApiSubmit(FIELDS);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body = withoutEmpty({
      siteId: site.id,
      kind: formText(form, "kind"),
      name: formText(form, "name"),
      startDate: formText(form, "startDate"),
      endDate: formText(form, "endDate"),
      // Sent as typed: the API parses the decimal exactly against the site's currency.
      monthlyFee: formText(form, "monthlyFee"),
    });
    if (!(await submit("/api/v1/services", "POST", body))) return;
    formElement.reset();
    await onCreated();
  }

  return (
    <form onSubmit={create} aria-label="Add a service" className={FORM}>
      <SelectField label="Kind" name="kind" defaultValue={serviceKinds[0]} error={fieldErrors.kind}>
        {serviceKinds.map((kind) => <option key={kind} value={kind}>{KIND_LABELS[kind]}</option>)}
      </SelectField>
      <TextField label="Service name" name="name" required maxLength={200} error={fieldErrors.name} wrapperClassName="min-w-48 flex-1" />
      <TextField label="Start date" name="startDate" type="date" required error={fieldErrors.startDate} />
      <TextField label="End date (optional)" name="endDate" type="date" error={fieldErrors.endDate} />
      <TextField
        label={`Monthly fee (${site.currency})`}
        name="monthlyFee"
        required
        inputMode="decimal"
        placeholder="1000.00"
        error={fieldErrors.monthlyFee}
        wrapperClassName="w-36"
      />
      <SubmitButton isBusy={isSubmitting}>Add service</SubmitButton>
      <div className="basis-full empty:hidden"><ErrorMessage message={error} /></div>
    </form>
  );
}
