"use client";

import type { CostLineView } from "@/lib/cost-lines/cost-line-schemas";
import type { ServiceView } from "@/lib/services/service-schemas";
import type { SiteView } from "@/lib/sites/site-types";
import { formatMinorUnits } from "../format-money";
import type { ApiList } from "../use-api-list";
import { CreateCostLineForm } from "./create-cost-line-form";
import { DeleteButton } from "./delete-button";
import { ListFooter, SectionHeading, TABLE, THEAD } from "./list-state";

interface Props {
  site: SiteView;
  costLines: ApiList<CostLineView>;
  services: ServiceView[];
  canWrite: boolean;
  onChanged: () => Promise<void>;
}

export function CostLinesSection({ site, costLines, services, canWrite, onChanged }: Props) {
  const serviceName = new Map(services.map((service) => [service.id, service.name]));
  return (
    <section aria-labelledby="cost-lines-heading">
      <SectionHeading id="cost-lines-heading" title="Costs" description="One-off or extra costs on top of the services' monthly fees." />
      <table className={TABLE}>
        <thead className={THEAD}>
          <tr><th className="p-3">Date</th><th className="p-3 text-right">Amount</th><th className="p-3">Service</th><th className="p-3">Note</th><th className="p-3" /></tr>
        </thead>
        <tbody>
          {costLines.items.length === 0 && !costLines.isLoading ? (
            <tr><td colSpan={5} className="p-6 text-center text-slate-500">No costs yet.</td></tr>
          ) : null}
          {costLines.items.map((line) => (
            <tr key={line.id} className="border-t border-slate-100" data-testid="cost-line-row">
              <td className="p-3">{line.date}</td>
              <td className="p-3 text-right tabular-nums">{formatMinorUnits(line.amount, line.currency)}</td>
              <td className="p-3 text-slate-600">{line.serviceId ? (serviceName.get(line.serviceId) ?? "—") : "Whole site"}</td>
              <td className="p-3 text-slate-600">{line.note}</td>
              <td className="p-3 text-right">
                {canWrite ? <DeleteButton url={`/api/v1/cost-lines/${line.id}`} label={`cost of ${line.date}`} onDeleted={onChanged} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ListFooter list={costLines} />
      {canWrite ? <CreateCostLineForm site={site} services={services} onCreated={onChanged} /> : null}
    </section>
  );
}
