import { siteDataItemRoutes } from "@/lib/api/site-data-item-routes";
import { deleteDeliverable } from "@/lib/deliverables/delete-deliverable";
import { getDeliverable } from "@/lib/deliverables/get-deliverable";
import { updateDeliverable } from "@/lib/deliverables/update-deliverable";

// GET /api/v1/deliverables/{id} – one deliverable (another workspace's id: 404)
// PATCH /api/v1/deliverables/{id} – changes the fields sent
// DELETE /api/v1/deliverables/{id} – deletes it
export const { GET, PATCH, DELETE } = siteDataItemRoutes({ entity: "deliverable", get: getDeliverable, update: updateDeliverable, remove: deleteDeliverable });
