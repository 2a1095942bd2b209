import { withTenantDb } from "@/lib/db";
import { toDateColumn } from "@/lib/dates/date-column";
import { bumpDataVersion } from "@/lib/reports/data-version";
import { findSiteOrThrow } from "@/lib/sites/get-site";
import { moneyFieldOrThrow } from "@/lib/validation/money-field";
import { parseInput } from "@/lib/validation/parse-input";
import { createServiceSchema, type ServiceView } from "./service-schemas";
import { toServiceView } from "./to-service-view";

/** Records an SEO engagement on a site, with its monthly fee in the site's currency. */
export async function createService(tenantId: string, input: unknown): Promise<ServiceView> {
  const data = parseInput(createServiceSchema, input);
  const view = await withTenantDb(tenantId, async (db) => {
    const site = await findSiteOrThrow(db, data.siteId, "siteId");
    const row = await db.service.create({
      data: {
        tenantId,
        siteId: site.id,
        kind: data.kind,
        name: data.name,
        startDate: toDateColumn(data.startDate),
        endDate: data.endDate ? toDateColumn(data.endDate) : null,
        monthlyFee: BigInt(moneyFieldOrThrow(data.monthlyFee, site.currency, "monthlyFee")),
      },
    });
    return toServiceView(row, site.currency);
  });
  await bumpDataVersion(tenantId);
  return view;
}
