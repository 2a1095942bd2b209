import { siteDataItemRoutes } from "@/lib/api/site-data-item-routes";
import { deleteCostLine } from "@/lib/cost-lines/delete-cost-line";
import { getCostLine } from "@/lib/cost-lines/get-cost-line";
import { updateCostLine } from "@/lib/cost-lines/update-cost-line";

// GET /api/v1/cost-lines/{id} – one cost line (another workspace's id: 404)
// PATCH /api/v1/cost-lines/{id} – changes the fields sent
// DELETE /api/v1/cost-lines/{id} – deletes it
export const { GET, PATCH, DELETE } = siteDataItemRoutes({ entity: "cost_line", get: getCostLine, update: updateCostLine, remove: deleteCostLine });
