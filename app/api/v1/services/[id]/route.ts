import { siteDataItemRoutes } from "@/lib/api/site-data-item-routes";
import { deleteService } from "@/lib/services/delete-service";
import { getService } from "@/lib/services/get-service";
import { updateService } from "@/lib/services/update-service";

// GET /api/v1/services/{id} – one service (another workspace's id: 404)
// PATCH /api/v1/services/{id} – changes the fields sent
// DELETE /api/v1/services/{id} – deletes it
export const { GET, PATCH, DELETE } = siteDataItemRoutes({ entity: "service", get: getService, update: updateService, remove: deleteService });
