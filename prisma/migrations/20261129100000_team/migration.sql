-- Team: invitations by email. A member is a row of users; an invitation becomes one when accepted.
-- Same rules as every tenant table: tenant_id leads every key, references are composite, RLS forced.

CREATE TABLE invitations (
  id               uuid           NOT NULL DEFAULT gen_random_uuid(),
  tenant_id        uuid           NOT NULL,
  email            varchar(255)   NOT NULL,
  role_mask        integer        NOT NULL,
  -- SHA-256 (hex) of the current signed token. The token itself is only ever in the invitation email;
  -- a resend replaces this hash, so the previous link stops working.
  token_hash       char(64)       NOT NULL,
  invited_by       uuid,
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  expires_at       timestamptz    NOT NULL,
  last_sent_at     timestamptz    NOT NULL DEFAULT now(),
  send_count       integer        NOT NULL DEFAULT 1,
  accepted_at      timestamptz,
  accepted_user_id uuid,
  revoked_at       timestamptz,
  revoked_by       uuid,
  CONSTRAINT invitations_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT invitations_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
  -- Composite references: an invitation can only name users of its own tenant. Removing that user
  -- keeps the invitation's history.
  CONSTRAINT invitations_invited_by_fkey FOREIGN KEY (tenant_id, invited_by)
    REFERENCES users (tenant_id, id) ON DELETE SET NULL (invited_by),
  CONSTRAINT invitations_accepted_user_fkey FOREIGN KEY (tenant_id, accepted_user_id)
    REFERENCES users (tenant_id, id) ON DELETE SET NULL (accepted_user_id),
  CONSTRAINT invitations_revoked_by_fkey FOREIGN KEY (tenant_id, revoked_by)
    REFERENCES users (tenant_id, id) ON DELETE SET NULL (revoked_by),
  CONSTRAINT invitations_role_mask_range CHECK (role_mask > 0),
  CONSTRAINT invitations_send_count_check CHECK (send_count >= 1),
  -- An invitation ends once: accepted or revoked, never both.
  CONSTRAINT invitations_single_outcome CHECK (accepted_at IS NULL OR revoked_at IS NULL)
);
-- One open invitation per address and workspace (an expired one stays open until it is resent,
-- revoked, or replaced by a new invitation, which revokes it in the same transaction).
CREATE UNIQUE INDEX invitations_tenant_open_email_key ON invitations (tenant_id, lower(email))
  WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE UNIQUE INDEX invitations_tenant_token_hash_key ON invitations (tenant_id, token_hash);
CREATE INDEX invitations_tenant_created_at_idx ON invitations (tenant_id, created_at, id);

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitations
  USING (tenant_id = app_current_tenant_id()) WITH CHECK (tenant_id = app_current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON invitations TO roi_app;
