-- The ROI report reads every site of a tenant over a date range. The primary key leads with
-- (tenant_id, site_id), so that read was a bitmap scan touching one heap page per row (bench:roi:
-- 708 heap blocks for 920 rows). This index matches the access path and carries the summed columns,
-- so the report's metrics query is an index-only scan over contiguous entries.
CREATE INDEX metrics_daily_tenant_date_idx ON metrics_daily (tenant_id, date)
  INCLUDE (site_id, channel, sessions, conversions, revenue, clicks, impressions);
