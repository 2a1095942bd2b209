/** What every tenant-scoped request knows about its tenant. */
export interface TenantContext {
  id: string;
  name: string;
  subdomain: string;
  planTier: string;
}
