import { siteDataItemRoutes } from "@/lib/api/site-data-item-routes";
import { deleteSite } from "@/lib/sites/delete-site";
import { getSite } from "@/lib/sites/get-site";
import { updateSite } from "@/lib/sites/update-site";

// GET /api/v1/sites/{id} – one site (another workspace's id: 404)
// PATCH /api/v1/sites/{id} – changes the fields sent
// DELETE /api/v1/sites/{id} – deletes it
export const { GET, PATCH, DELETE } = siteDataItemRoutes({ entity: "site", get: getSite, update: updateSite, remove: deleteSite });
