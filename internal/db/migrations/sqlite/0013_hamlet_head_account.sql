-- Issue 16 item 8: the hamlet head's account is tied to the hamlets it heads, so that a hamlet
-- head sees the households and residents of those hamlets only.
ALTER TABLE hamlets ADD COLUMN head_user_id TEXT NOT NULL DEFAULT '';
CREATE INDEX hamlets_head_user ON hamlets (commune_id, head_user_id);
