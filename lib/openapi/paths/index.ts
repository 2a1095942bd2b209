import type { ApiOperation } from "../api-operation";
import { apiKeyOperations } from "./api-keys";
import { auditOperations } from "./audit";
import { authOperations } from "./auth";
import { billingOperations } from "./billing";
import { costLineOperations } from "./cost-lines";
import { cronOperations } from "./cron";
import { deliverableOperations } from "./deliverables";
import { metricOperations } from "./metrics";
import { reportOperations } from "./reports";
import { serviceOperations } from "./services";
import { siteOperations } from "./sites";
import { teamOperations } from "./team";
import { webhookOperations } from "./webhooks";
import { systemOperations, workspaceOperations } from "./workspace";

/** The tags in reading order, with what each group is for. */
export const API_TAGS = [
  { name: "Workspace", description: "Sign-up and the caller's identity." },
  { name: "Sites", description: "The websites a workspace tracks. Money of everything under a site is in its currency." },
  { name: "Services", description: "SEO engagements per site and their monthly fees." },
  { name: "Cost lines", description: "Extra and one-off costs (and credits) per site." },
  { name: "Deliverables", description: "The work log: what was delivered under each service." },
  { name: "Metrics", description: "Daily traffic, conversions and revenue per site and channel." },
  { name: "Reports", description: "Return on investment over a date range." },
  { name: "Team", description: "Members, their roles, and invitations to join." },
  { name: "API keys", description: "Keys for integrations, each bound to its workspace and a role." },
  { name: "Audit log", description: "The tamper-evident record of every change." },
  { name: "Billing", description: "The workspace's subscription, through Stripe." },
  { name: "Scheduler", description: "Routes the scheduler calls with the cron secret." },
  { name: "Webhooks", description: "Events from outside services." },
  { name: "Web sign-in", description: "next-auth's endpoints behind the web app's sign-in page." },
  { name: "System", description: "Liveness and this reference." },
] as const;

/** Every documented operation. A route file with no entry here fails tests/integration/openapi.test.ts. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...workspaceOperations,
  ...siteOperations,
  ...serviceOperations,
  ...costLineOperations,
  ...deliverableOperations,
  ...metricOperations,
  ...reportOperations,
  ...teamOperations,
  ...apiKeyOperations,
  ...auditOperations,
  ...billingOperations,
  ...cronOperations,
  ...webhookOperations,
  ...authOperations,
  ...systemOperations,
];
