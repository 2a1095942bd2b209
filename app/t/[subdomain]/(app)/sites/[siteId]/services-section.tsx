"use client";

import type { ServiceView } from "@/lib/services/service-schemas";
import type { SiteView } from "@/lib/sites/site-types";
import { formatMinorUnits } from "../format-money";
import type { ApiList } from "../use-api-list";
import { CreateServiceForm } from "./create-service-form";
import { DeleteButton } from "./delete-button";
import { ListFooter, SectionHeading, TABLE, THEAD } from "./list-state";

interface Props {
  site: SiteView;
  services: ApiList<ServiceView>;
  serviceKinds: ServiceView["kind"][];
  canWrite: boolean;
  onChanged: () => Promise<void>;
}

export function ServicesSection({ site, services, serviceKinds, canWrite, onChanged }: Props) {
  return (
    <section aria-labelledby="services-heading">
      <SectionHeading id="services-heading" title="Services" description="SEO engagements on this site; the monthly fee is prorated by day in ROI reports." />
      <table className={TABLE}>
        <thead className={THEAD}>
          <tr><th className="p-3">Kind</th><th className="p-3">Name</th><th className="p-3">Start</th><th className="p-3">End</th><th className="p-3 text-right">Monthly fee</th><th className="p-3" /></tr>
        </thead>
        <tbody>
          {services.items.length === 0 && !services.isLoading ? (
            <tr><td colSpan={6} className="p-6 text-center text-slate-500">No services yet.</td></tr>
          ) : null}
          {services.items.map((service) => (
            <tr key={service.id} className="border-t border-slate-100" data-testid="service-row">
              <td className="p-3 capitalize">{service.kind}</td>
              <td className="p-3">{service.name}</td>
              <td className="p-3">{service.startDate}</td>
              <td className="p-3 text-slate-500">{service.endDate ?? "ongoing"}</td>
              <td className="p-3 text-right tabular-nums">{formatMinorUnits(service.monthlyFee, service.currency)}</td>
              <td className="p-3 text-right">
                {canWrite ? <DeleteButton url={`/api/v1/services/${service.id}`} label={service.name} onDeleted={onChanged} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ListFooter list={services} />
      {canWrite ? <CreateServiceForm site={site} serviceKinds={serviceKinds} onCreated={onChanged} /> : null}
    </section>
  );
}
