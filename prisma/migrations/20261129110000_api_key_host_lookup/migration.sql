-- One round trip for an API request whose workspace and key this server has not seen lately: the
-- workspace as app_resolve_tenant gives it, and the live key of that workspace with this hash.
--
-- Not SECURITY DEFINER: the key is read as the caller (roi_app), through api_keys' forced row-level
-- security, with app.tenant_id set to the workspace of the host (local to the calling transaction; a
-- lone SELECT is its own). A key of another workspace can never match: the policy and the filter both
-- name the host's workspace. No row: no such workspace. Key columns NULL: no such live key there.
CREATE FUNCTION app_authenticate_api_key(p_subdomain text, p_key_hash text)
  RETURNS TABLE (tenant_id uuid, tenant_name varchar, tenant_subdomain varchar, tenant_plan_tier varchar,
                 key_id uuid, key_name varchar, key_prefix varchar, key_role_mask integer, key_last_used_at timestamptz)
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = public, pg_temp
  AS $$
  DECLARE
    v_tenant record;
  BEGIN
    SELECT r.id, r.name, r.subdomain, r.plan_tier INTO v_tenant FROM app_resolve_tenant(p_subdomain) r LIMIT 1;
    IF NOT FOUND THEN
      RETURN;
    END IF;
    PERFORM set_config('app.tenant_id', v_tenant.id::text, true);
    RETURN QUERY
      SELECT v_tenant.id, v_tenant.name, v_tenant.subdomain, v_tenant.plan_tier,
             k.id, k.name, k.prefix, k.role_mask, k.last_used_at
        FROM (SELECT 1) AS one
        LEFT JOIN api_keys k ON k.tenant_id = v_tenant.id AND k.key_hash = p_key_hash AND k.revoked_at IS NULL
       LIMIT 1;
  END
  $$;

REVOKE ALL ON FUNCTION app_authenticate_api_key(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_authenticate_api_key(text, text) TO roi_app;
