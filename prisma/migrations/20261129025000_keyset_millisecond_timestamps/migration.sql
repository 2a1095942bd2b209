-- Keyset cursors carry a JavaScript Date (milliseconds). A created_at stamped by the column default had
-- microseconds, so a cursor could not name its row exactly and the next page skipped rows.
ALTER TABLE sites        ALTER COLUMN created_at TYPE timestamptz(3);
ALTER TABLE services     ALTER COLUMN created_at TYPE timestamptz(3);
ALTER TABLE cost_lines   ALTER COLUMN created_at TYPE timestamptz(3);
ALTER TABLE deliverables ALTER COLUMN created_at TYPE timestamptz(3);
ALTER TABLE api_keys     ALTER COLUMN created_at TYPE timestamptz(3);
