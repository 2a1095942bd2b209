-- Billing: subscription life-cycle columns, the invoices ledger, the processed-Stripe-event ledger and
-- the reconciler's watermark. Stripe -> webhook -> Redis stream -> cron aggregator applies each event in
-- one transaction whose first statement records the event id in billing_events (the exactly-once ledger).

-- 1. subscriptions keeps its original columns; these are added around them.
ALTER TABLE subscriptions
  ADD COLUMN stripe_price_id      varchar(100),
  ADD COLUMN current_period_start timestamptz,
  ADD COLUMN cancel_at_period_end boolean      NOT NULL DEFAULT false,
  ADD COLUMN trial_end            timestamptz,
  ADD COLUMN canceled_at          timestamptz,
  -- Start of the past_due grace period (entitlements keep the plan for 7 days from here).
  ADD COLUMN past_due_since       timestamptz,
  -- Stale-event guard: the Stripe event whose state the row holds. An event older than this one is
  -- skipped; one created in the same second is resolved by re-reading the subscription from Stripe, so
  -- the stored state never depends on the order Stripe happened to deliver the events in.
  ADD COLUMN status_event_created timestamptz,
  ADD COLUMN status_event_id      varchar(255),
  ADD COLUMN created_at           timestamptz  NOT NULL DEFAULT now(),
  ADD COLUMN updated_at           timestamptz  NOT NULL DEFAULT now(),
  ADD CONSTRAINT subscriptions_status_check CHECK (status IN (
    'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused', 'expired'));
-- The expiry job's cross-tenant scan (maintenance, not a tenant query): live subscriptions by period end.
CREATE INDEX subscriptions_live_expires_at_idx ON subscriptions (expires_at)
  WHERE status IN ('active', 'trialing', 'past_due');

-- 2. invoices: what Stripe billed the tenant and what was paid, in minor units of the invoice currency.
CREATE TABLE invoices (
  id                   uuid          NOT NULL DEFAULT gen_random_uuid(),
  tenant_id            uuid          NOT NULL,
  stripe_invoice_id    varchar(100)  NOT NULL,
  stripe_sub_id        varchar(100),
  number               varchar(100),
  status               varchar(20)   NOT NULL,
  billing_reason       varchar(50),
  currency             char(3)       NOT NULL,
  amount_due           bigint        NOT NULL,
  amount_paid          bigint        NOT NULL,
  attempt_count        integer       NOT NULL DEFAULT 0,
  -- The service period the invoice bills (its lines' period), not Stripe's invoice-level usage period.
  period_start         timestamptz   NOT NULL,
  period_end           timestamptz   NOT NULL,
  paid_at              timestamptz,
  payment_failed_at    timestamptz,
  hosted_invoice_url   varchar(2048),
  -- When Stripe created the invoice.
  created_at           timestamptz   NOT NULL,
  -- Same stale-event guard as subscriptions: an older event never overwrites a newer invoice state.
  status_event_created timestamptz   NOT NULL,
  status_event_id      varchar(255)  NOT NULL,
  updated_at           timestamptz   NOT NULL DEFAULT now(),
  CONSTRAINT invoices_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT invoices_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
  -- Composite: an invoice can only name a subscription of its own tenant.
  CONSTRAINT invoices_subscription_fkey FOREIGN KEY (tenant_id, stripe_sub_id)
    REFERENCES subscriptions (tenant_id, stripe_sub_id),
  CONSTRAINT invoices_status_check CHECK (status IN ('draft', 'open', 'paid', 'uncollectible', 'void')),
  CONSTRAINT invoices_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
  CONSTRAINT invoices_amounts_check CHECK (amount_due >= 0 AND amount_paid >= 0),
  CONSTRAINT invoices_period_check CHECK (period_end >= period_start)
);
CREATE UNIQUE INDEX invoices_tenant_stripe_invoice_key ON invoices (tenant_id, stripe_invoice_id);
CREATE INDEX invoices_tenant_created_at_idx ON invoices (tenant_id, created_at);

ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invoices
  USING (tenant_id = app_current_tenant_id()) WITH CHECK (tenant_id = app_current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON invoices TO roi_app;

-- 3. The processed-event ledger. Deliberately NOT a tenant table:
--  * a Stripe event belongs to the platform's Stripe account, and the exactly-once guarantee is per
--    event id. Keying it (tenant_id, event_id) would make "already applied?" depend on which tenant the
--    event was attributed to, so a re-attribution could apply it twice;
--  * an event may name a customer that no tenant has (deleted workspace, dashboard-created customer):
--    it must still be recorded (status 'ignored') so the reconciler does not enqueue it forever, and
--    such a row has no tenant to put in a NOT NULL tenant_id.
-- applied_tenant_id notes where an event was applied (support, audits); it is not an ownership key.
-- Only the billing worker reads or writes it: row-level security is keyed on its transaction flag.
CREATE FUNCTION app_is_billing_worker() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT COALESCE(current_setting('app.billing_worker', true), '') = 'on' $$;

CREATE TABLE billing_events (
  event_id          varchar(255) NOT NULL,
  type              varchar(100) NOT NULL,
  event_created     timestamptz  NOT NULL,
  -- applied: its effects are committed with this row; ignored: nothing to do (no tenant, unknown type);
  -- failed: dead-lettered after repeated errors (a later successful replay turns it into applied).
  status            varchar(20)  NOT NULL,
  applied_tenant_id uuid,
  attempts          integer      NOT NULL DEFAULT 1,
  error             text,
  processed_at      timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT billing_events_pkey PRIMARY KEY (event_id),
  CONSTRAINT billing_events_status_check CHECK (status IN ('applied', 'ignored', 'failed'))
);
CREATE INDEX billing_events_event_created_idx ON billing_events (event_created);
CREATE INDEX billing_events_failed_idx ON billing_events (processed_at) WHERE status = 'failed';

-- 4. The reconciler's watermark per queue: Stripe events created at or after it are compared with the ledger.
CREATE TABLE billing_watermarks (
  name       varchar(100) NOT NULL,
  watermark  timestamptz  NOT NULL,
  updated_at timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT billing_watermarks_pkey PRIMARY KEY (name)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['billing_events', 'billing_watermarks'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY billing_worker ON %I USING (app_is_billing_worker()) WITH CHECK (app_is_billing_worker())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO roi_app', t);
  END LOOP;
END $$;

-- 5. Cross-tenant look-ups the billing worker needs before it knows the tenant. SECURITY DEFINER (the
-- owner reads tenants and subscriptions through its owner_resolve policies); each answers only inside a
-- billing-worker transaction and returns the few columns the worker needs.
CREATE FUNCTION app_billing_tenant(p_tenant_id uuid, p_customer_id text)
  RETURNS TABLE (id uuid, subdomain varchar, stripe_customer_id varchar)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT t.id, t.subdomain, t.stripe_customer_id
      FROM tenants t
     WHERE app_is_billing_worker()
       AND (t.id = p_tenant_id OR t.stripe_customer_id = p_customer_id)
  $$;

CREATE FUNCTION app_billing_lapsed_subscriptions(p_before timestamptz, p_limit integer)
  RETURNS TABLE (tenant_id uuid, id uuid, subdomain varchar)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT s.tenant_id, s.id, t.subdomain
      FROM subscriptions s JOIN tenants t ON t.id = s.tenant_id
     WHERE app_is_billing_worker()
       AND s.status IN ('active', 'trialing', 'past_due') AND s.expires_at < p_before
     ORDER BY s.expires_at
     LIMIT p_limit
  $$;

-- 6. The tenant resolver's plan follows the entitlement rule of lib/billing/entitlements.ts (a test
-- compares the two): trialing/active while not lapsed, past_due for a 7-day grace, otherwise free.
CREATE OR REPLACE FUNCTION app_resolve_tenant(p_subdomain text)
  RETURNS TABLE (id uuid, name varchar, subdomain varchar, plan_tier varchar)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT t.id, t.name, t.subdomain,
           COALESCE((SELECT s.plan_tier FROM subscriptions s
                      WHERE s.tenant_id = t.id
                        AND (s.status IN ('active', 'trialing')
                             OR (s.status = 'past_due' AND COALESCE(s.past_due_since, now()) > now() - interval '7 days'))
                        AND (s.expires_at IS NULL OR s.expires_at > now() - interval '1 day')
                      ORDER BY s.expires_at DESC NULLS LAST LIMIT 1), 'free')::varchar
      FROM tenants t
     WHERE lower(t.subdomain) = lower(p_subdomain)
  $$;

REVOKE ALL ON FUNCTION app_billing_tenant(uuid, text), app_billing_lapsed_subscriptions(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_is_billing_worker(), app_billing_tenant(uuid, text),
  app_billing_lapsed_subscriptions(timestamptz, integer) TO roi_app;
