import { withTenantDb } from "@/lib/db";
import { toDateColumn } from "@/lib/dates/date-column";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { serviceNotFound } from "@/lib/services/get-service";
import { findSiteOrThrow } from "@/lib/sites/get-site";
import { moneyFieldOrThrow } from "@/lib/validation/money-field";
import { parseInput } from "@/lib/validation/parse-input";
import { createCostLineSchema, type CostLineView } from "./cost-line-schemas";
import { toCostLineView } from "./to-cost-line-view";

/** Records a one-off or extra cost on a site, optionally tied to one of its services. */
export async function createCostLine(tenantId: string, input: unknown): Promise<CostLineView> {
  const data = parseInput(createCostLineSchema, input);
  const view = await withTenantDb(tenantId, async (db) => {
    const site = await findSiteOrThrow(db, data.siteId, "siteId");
    if (data.serviceId) {
      const service = await db.service.findFirst({ where: { id: data.serviceId, siteId: site.id }, select: { id: true } });
      if (!service) throw serviceNotFound("serviceId");
    }
    const row = await db.costLine.create({
      data: {
        tenantId,
        siteId: site.id,
        serviceId: data.serviceId ?? null,
        date: toDateColumn(data.date),
        // Credits (refunds, discounts) are negative costs.
        amount: BigInt(moneyFieldOrThrow(data.amount, site.currency, "amount", { allowNegative: true })),
        note: data.note ?? null,
      },
    });
    return toCostLineView(row, site.currency);
  });
  await bumpDataVersion(tenantId);
  return view;
}
