-- Foundation: tenants, users, subscriptions, api_keys under forced row-level security.
--
-- Roles (created by `npm run db:setup` locally, by the operator in production; see README):
--   the migration owner (whoever runs this file) owns every table;
--   roi_app is what the application connects as: it owns nothing and has no BYPASSRLS.

-- The tenant of the current transaction, set by the app with set_config('app.tenant_id', id, true).
-- NULLIF: after a transaction-local setting ends, the variable reads '' rather than NULL on that connection.
CREATE FUNCTION app_current_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE TABLE tenants (
  id                 uuid         NOT NULL DEFAULT gen_random_uuid(),
  name               varchar(100) NOT NULL,
  subdomain          varchar(50)  NOT NULL,
  stripe_customer_id varchar(100),
  created_at         timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT tenants_pkey PRIMARY KEY (id),
  CONSTRAINT tenants_subdomain_format CHECK (subdomain ~ '^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$')
);
CREATE UNIQUE INDEX tenants_subdomain_lower_key ON tenants (lower(subdomain));
CREATE UNIQUE INDEX tenants_stripe_customer_id_key ON tenants (stripe_customer_id) WHERE stripe_customer_id IS NOT NULL;

CREATE TABLE users (
  id            uuid         NOT NULL DEFAULT gen_random_uuid(),
  tenant_id     uuid         NOT NULL,
  email         varchar(255) NOT NULL,
  password_hash varchar(255) NOT NULL,
  role_mask     integer      NOT NULL,
  created_at    timestamptz  NOT NULL DEFAULT now(),
  -- tenant_id leads every key so the table distributes by tenant.
  CONSTRAINT users_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT users_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
  CONSTRAINT users_role_mask_range CHECK (role_mask >= 0)
);
CREATE UNIQUE INDEX users_tenant_email_key ON users (tenant_id, lower(email));
CREATE INDEX users_tenant_created_at_idx ON users (tenant_id, created_at);

CREATE TABLE subscriptions (
  id            uuid         NOT NULL DEFAULT gen_random_uuid(),
  tenant_id     uuid         NOT NULL,
  stripe_sub_id varchar(100),
  status        varchar(50)  NOT NULL,
  plan_tier     varchar(50)  NOT NULL,
  expires_at    timestamptz,
  CONSTRAINT subscriptions_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT subscriptions_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX subscriptions_tenant_stripe_sub_key ON subscriptions (tenant_id, stripe_sub_id);

CREATE TABLE api_keys (
  id           uuid         NOT NULL DEFAULT gen_random_uuid(),
  tenant_id    uuid         NOT NULL,
  name         varchar(100) NOT NULL,
  -- First characters of the key, shown in lists so a user can tell keys apart.
  prefix       varchar(16)  NOT NULL,
  -- SHA-256 of the whole key: keys are 256-bit random, so a fast hash is safe (no dictionary to try).
  key_hash     char(64)     NOT NULL,
  role_mask    integer      NOT NULL,
  created_by   uuid,
  created_at   timestamptz  NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz,
  CONSTRAINT api_keys_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT api_keys_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
  -- Composite reference: a key can never point at a user of another tenant.
  CONSTRAINT api_keys_created_by_fkey FOREIGN KEY (tenant_id, created_by)
    REFERENCES users (tenant_id, id) ON DELETE SET NULL (created_by),
  CONSTRAINT api_keys_role_mask_range CHECK (role_mask >= 0)
);
CREATE UNIQUE INDEX api_keys_tenant_key_hash_key ON api_keys (tenant_id, key_hash);
CREATE INDEX api_keys_tenant_created_at_idx ON api_keys (tenant_id, created_at);

-- Row-level security, enabled and forced (the owner is subject to it too).
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (id = app_current_tenant_id()) WITH CHECK (id = app_current_tenant_id());

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
  USING (tenant_id = app_current_tenant_id()) WITH CHECK (tenant_id = app_current_tenant_id());

ALTER TABLE subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE subscriptions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON subscriptions
  USING (tenant_id = app_current_tenant_id()) WITH CHECK (tenant_id = app_current_tenant_id());

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
  USING (tenant_id = app_current_tenant_id()) WITH CHECK (tenant_id = app_current_tenant_id());

-- The owner may read tenants and subscriptions across tenants, which the SECURITY DEFINER resolver
-- below needs; the app role never gets this policy.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY owner_resolve ON tenants FOR SELECT TO %I USING (true)', current_user);
  EXECUTE format('CREATE POLICY owner_resolve ON subscriptions FOR SELECT TO %I USING (true)', current_user);
END $$;

-- The only way the app finds a tenant without a tenant context: subdomain -> public tenant facts.
CREATE FUNCTION app_resolve_tenant(p_subdomain text)
  RETURNS TABLE (id uuid, name varchar, subdomain varchar, plan_tier varchar)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT t.id, t.name, t.subdomain,
           COALESCE((SELECT s.plan_tier FROM subscriptions s
                      WHERE s.tenant_id = t.id AND s.status IN ('active', 'trialing', 'past_due')
                      ORDER BY s.expires_at DESC NULLS LAST LIMIT 1), 'free')::varchar
      FROM tenants t
     WHERE lower(t.subdomain) = lower(p_subdomain)
  $$;

REVOKE ALL ON FUNCTION app_resolve_tenant(text) FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO roi_app;
GRANT EXECUTE ON FUNCTION app_resolve_tenant(text), app_current_tenant_id() TO roi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, users, subscriptions, api_keys TO roi_app;
