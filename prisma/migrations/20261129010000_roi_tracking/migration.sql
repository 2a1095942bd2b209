-- ROI tracking: sites, services (with monthly fees), cost lines, deliverables, daily metrics.
-- Same rules as the foundation: tenant_id leads every key, references are composite, RLS forced.
-- Money is bigint minor units of the site's currency; metric dates are calendar dates in the site's zone.

CREATE TABLE sites (
  id         uuid         NOT NULL DEFAULT gen_random_uuid(),
  tenant_id  uuid         NOT NULL,
  name       varchar(200) NOT NULL,
  domain     varchar(253) NOT NULL,
  currency   char(3)      NOT NULL,
  timezone   varchar(64)  NOT NULL,
  created_at timestamptz  NOT NULL DEFAULT now(),
  updated_at timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT sites_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT sites_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
  CONSTRAINT sites_currency_format CHECK (currency ~ '^[A-Z]{3}$')
);
CREATE UNIQUE INDEX sites_tenant_domain_key ON sites (tenant_id, lower(domain));
-- Keyset pagination: newest first on (created_at, id).
CREATE INDEX sites_tenant_created_at_idx ON sites (tenant_id, created_at, id);

CREATE TABLE services (
  id          uuid         NOT NULL DEFAULT gen_random_uuid(),
  tenant_id   uuid         NOT NULL,
  site_id     uuid         NOT NULL,
  kind        varchar(20)  NOT NULL,
  name        varchar(200) NOT NULL,
  start_date  date         NOT NULL,
  end_date    date,
  monthly_fee bigint       NOT NULL,
  created_at  timestamptz  NOT NULL DEFAULT now(),
  updated_at  timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT services_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT services_site_fkey FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT services_kind_check CHECK (kind IN ('technical', 'content', 'links', 'local', 'ppc-support', 'other')),
  CONSTRAINT services_dates_check CHECK (end_date IS NULL OR end_date >= start_date),
  CONSTRAINT services_fee_check CHECK (monthly_fee >= 0)
);
-- Target of the (tenant, site, service) references below: a cost line or deliverable can only name a
-- service of its own site.
CREATE UNIQUE INDEX services_tenant_site_id_key ON services (tenant_id, site_id, id);
CREATE INDEX services_tenant_created_at_idx ON services (tenant_id, created_at, id);

CREATE TABLE cost_lines (
  id         uuid         NOT NULL DEFAULT gen_random_uuid(),
  tenant_id  uuid         NOT NULL,
  site_id    uuid         NOT NULL,
  service_id uuid,
  date       date         NOT NULL,
  amount     bigint       NOT NULL,
  note       varchar(500),
  created_at timestamptz  NOT NULL DEFAULT now(),
  updated_at timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT cost_lines_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT cost_lines_site_fkey FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE,
  -- Deleting a service keeps its extra costs on the site (they were still spent).
  CONSTRAINT cost_lines_service_fkey FOREIGN KEY (tenant_id, site_id, service_id)
    REFERENCES services (tenant_id, site_id, id) ON DELETE SET NULL (service_id)
);
CREATE INDEX cost_lines_tenant_site_date_idx ON cost_lines (tenant_id, site_id, date);
CREATE INDEX cost_lines_tenant_created_at_idx ON cost_lines (tenant_id, created_at, id);

CREATE TABLE deliverables (
  id         uuid          NOT NULL DEFAULT gen_random_uuid(),
  tenant_id  uuid          NOT NULL,
  site_id    uuid          NOT NULL,
  service_id uuid          NOT NULL,
  date       date          NOT NULL,
  title      varchar(300)  NOT NULL,
  url        varchar(2048),
  hours      numeric(7, 2),
  created_at timestamptz   NOT NULL DEFAULT now(),
  updated_at timestamptz   NOT NULL DEFAULT now(),
  CONSTRAINT deliverables_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT deliverables_service_fkey FOREIGN KEY (tenant_id, site_id, service_id)
    REFERENCES services (tenant_id, site_id, id) ON DELETE CASCADE,
  CONSTRAINT deliverables_hours_check CHECK (hours IS NULL OR hours >= 0)
);
CREATE INDEX deliverables_tenant_site_date_idx ON deliverables (tenant_id, site_id, date);
CREATE INDEX deliverables_tenant_created_at_idx ON deliverables (tenant_id, created_at, id);

CREATE TABLE metrics_daily (
  tenant_id   uuid         NOT NULL,
  site_id     uuid         NOT NULL,
  date        date         NOT NULL,
  channel     varchar(50)  NOT NULL DEFAULT 'organic',
  sessions    integer      NOT NULL DEFAULT 0,
  conversions integer      NOT NULL DEFAULT 0,
  revenue     bigint       NOT NULL DEFAULT 0,
  clicks      integer      NOT NULL DEFAULT 0,
  impressions bigint       NOT NULL DEFAULT 0,
  position    numeric(6, 2),
  updated_at  timestamptz  NOT NULL DEFAULT now(),
  -- Serves the report: equality on tenant (and site), range on date.
  CONSTRAINT metrics_daily_pkey PRIMARY KEY (tenant_id, site_id, date, channel),
  CONSTRAINT metrics_daily_site_fkey FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT metrics_daily_counts_check CHECK (sessions >= 0 AND conversions >= 0 AND clicks >= 0 AND impressions >= 0),
  CONSTRAINT metrics_daily_position_check CHECK (position IS NULL OR position >= 1)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['sites', 'services', 'cost_lines', 'deliverables', 'metrics_daily'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_current_tenant_id()) WITH CHECK (tenant_id = app_current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO roi_app', t);
  END LOOP;
END $$;
