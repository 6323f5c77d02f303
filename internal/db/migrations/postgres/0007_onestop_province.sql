-- The one-stop room (owned by internal/onestop), part 4: province mode (Decree 118/2025/NĐ-CP).
-- A commune's public service centre accepts dossiers of any commune of the same province; the
-- dossier belongs to the competent commune (commune_id) and remembers the centre that received
-- it. received_by: the id of the receiving commune, '' when the competent commune received it.
ALTER TABLE dossiers ADD COLUMN received_by TEXT NOT NULL DEFAULT '';

-- The receiving centre's list of dossiers it received for other communes.
CREATE INDEX dossiers_received_by ON dossiers (received_by, received_at);
