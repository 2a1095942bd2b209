"use client";

import { useCallback } from "react";
import type { CostLineView } from "@/lib/cost-lines/cost-line-schemas";
import type { DeliverableView } from "@/lib/deliverables/deliverable-schemas";
import type { ServiceView } from "@/lib/services/service-schemas";
import type { SiteView } from "@/lib/sites/site-types";
import { useApiList } from "../use-api-list";
import { CostLinesSection } from "./cost-lines-section";
import { DeleteSiteButton } from "./delete-site-button";
import { DeliverablesSection } from "./deliverables-section";
import { ServicesSection } from "./services-section";

interface Props {
  site: SiteView;
  serviceKinds: ServiceView["kind"][];
  canWrite: boolean;
}

const PAGE_SIZE = 100;

/** The site's services, costs and work log, read from the JSON API and reloaded after every write. */
export function SiteDetail({ site, serviceKinds, canWrite }: Props) {
  const query = `siteId=${encodeURIComponent(site.id)}&limit=${PAGE_SIZE}`;
  const services = useApiList<ServiceView>(`/api/v1/services?${query}`);
  const costLines = useApiList<CostLineView>(`/api/v1/cost-lines?${query}`);
  const deliverables = useApiList<DeliverableView>(`/api/v1/deliverables?${query}`);
  const { reload: reloadServices } = services;
  const { reload: reloadCostLines } = costLines;
  const { reload: reloadDeliverables } = deliverables;

  // Deleting a service may take its cost lines and deliverables with it, so every write reloads all three.
  const reloadAll = useCallback(async () => {
    await Promise.all([reloadServices(), reloadCostLines(), reloadDeliverables()]);
  }, [reloadServices, reloadCostLines, reloadDeliverables]);

  return (
    <div className="space-y-8">
      <ServicesSection site={site} services={services} serviceKinds={serviceKinds} canWrite={canWrite} onChanged={reloadAll} />
      <CostLinesSection site={site} costLines={costLines} services={services.items} canWrite={canWrite} onChanged={reloadAll} />
      <DeliverablesSection deliverables={deliverables} services={services.items} canWrite={canWrite} onChanged={reloadAll} />
      {canWrite ? <DeleteSiteButton site={site} /> : null}
    </div>
  );
}
