-- The public disclosure list is read newest first (published_on, published_at, id), overall
-- and by category: indexes over the public rows only, in that order, so that a page is an
-- index range instead of a sort of every public row (50,000 in the benchmark).
CREATE INDEX disclosures_public_order ON disclosures (commune_id, published_on, published_at, id)
    WHERE status IN ('published', 'updated');
CREATE INDEX disclosures_public_category ON disclosures (commune_id, category_no, published_on, published_at, id)
    WHERE status IN ('published', 'updated');
