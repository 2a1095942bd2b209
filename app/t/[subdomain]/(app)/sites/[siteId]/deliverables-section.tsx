"use client";

import type { DeliverableView } from "@/lib/deliverables/deliverable-schemas";
import type { ServiceView } from "@/lib/services/service-schemas";
import type { ApiList } from "../use-api-list";
import { CreateDeliverableForm } from "./create-deliverable-form";
import { DeleteButton } from "./delete-button";
import { ListFooter, SectionHeading, TABLE, THEAD } from "./list-state";

interface Props {
  deliverables: ApiList<DeliverableView>;
  services: ServiceView[];
  canWrite: boolean;
  onChanged: () => Promise<void>;
}

/** The work log, grouped by service: what was done, when, and how long it took. */
export function DeliverablesSection({ deliverables, services, canWrite, onChanged }: Props) {
  const byService = new Map<string, DeliverableView[]>();
  for (const deliverable of deliverables.items) {
    const group = byService.get(deliverable.serviceId);
    if (group) group.push(deliverable);
    else byService.set(deliverable.serviceId, [deliverable]);
  }
  return (
    <section aria-labelledby="deliverables-heading">
      <SectionHeading id="deliverables-heading" title="Deliverables" description="The work log per service; shown as annotations on the dashboard chart." />
      {services.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-500">
          Add a service first; deliverables are logged against a service.
        </p>
      ) : null}
      <div className="space-y-4">
        {services.map((service) => (
          <ServiceDeliverables key={service.id} service={service} items={byService.get(service.id) ?? []} canWrite={canWrite} onChanged={onChanged} />
        ))}
      </div>
      <ListFooter list={deliverables} />
      {canWrite && services.length > 0 ? <CreateDeliverableForm services={services} onCreated={onChanged} /> : null}
    </section>
  );
}

interface ServiceDeliverablesProps {
  service: ServiceView;
  items: DeliverableView[];
  canWrite: boolean;
  onChanged: () => Promise<void>;
}

function ServiceDeliverables({ service, items, canWrite, onChanged }: ServiceDeliverablesProps) {
  return (
    <div>
      <h3 className="mb-1 text-sm font-semibold text-slate-700">{service.name}</h3>
      <table className={TABLE}>
        <thead className={THEAD}>
          <tr><th className="p-3">Date</th><th className="p-3">Title</th><th className="p-3 text-right">Hours</th><th className="p-3" /></tr>
        </thead>
        <tbody>
          {items.length === 0 ? (
            <tr><td colSpan={4} className="p-4 text-center text-slate-500">Nothing logged yet.</td></tr>
          ) : null}
          {items.map((deliverable) => (
            <tr key={deliverable.id} className="border-t border-slate-100" data-testid="deliverable-row">
              <td className="p-3">{deliverable.date}</td>
              <td className="p-3">
                {deliverable.url ? (
                  <a href={deliverable.url} target="_blank" rel="noopener noreferrer" className="text-indigo-600 hover:underline">{deliverable.title}</a>
                ) : (
                  deliverable.title
                )}
              </td>
              <td className="p-3 text-right tabular-nums">{deliverable.hours ?? ""}</td>
              <td className="p-3 text-right">
                {canWrite ? <DeleteButton url={`/api/v1/deliverables/${deliverable.id}`} label={deliverable.title} onDeleted={onChanged} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
