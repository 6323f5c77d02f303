-- The commune's plans and their tasks with the "five clears" (owned by internal/tasks; plan
-- 2025 section III.1.4: "rõ người, rõ việc, rõ trách nhiệm, rõ tiến độ, rõ kết quả"): a plan
-- (kế hoạch) with its legal basis, period, units and report day; its sections and targets; its
-- tasks, each with its owner, text, lead and cooperating units, deadline and expected result;
-- the dated progress notes of a task and the evidence that it was done (links to records of
-- other rooms, or uploaded files in the blob store). A task's deadline is a duty in the
-- register (duties, room 'tasks'): the overdue flag is the register's. Every table carries
-- commune_id first in its keys. Days are text YYYY-MM-DD (Vietnam's calendar); moments are in
-- UTC. Lists of names (basis, units, cooperating units) are one item per line.

-- A plan. seed_key is set only for a plan the demo wrote, so that the demo writes it once.
CREATE TABLE task_plans (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    issued_on TEXT,
    basis TEXT NOT NULL DEFAULT '',
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    report_on TEXT,
    units TEXT NOT NULL DEFAULT '',
    signer_title TEXT NOT NULL DEFAULT '',
    signer_name TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    seed_key TEXT,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE UNIQUE INDEX task_plans_seed ON task_plans (commune_id, seed_key);
CREATE INDEX task_plans_period ON task_plans (commune_id, period_from, id);

-- A section of a plan ("III.1.2"), in the plan's order.
CREATE TABLE task_sections (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    plan_id TEXT NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (commune_id, plan_id, code)
);

-- A target of a plan ("100% các xóm…"), which tasks serve.
CREATE TABLE task_targets (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    plan_id TEXT NOT NULL,
    code TEXT NOT NULL,
    text TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (commune_id, plan_id, code)
);

-- A task. The owner is a staff directory entry (owner_staff_id, with its account owner_user_id
-- when one is linked, and a snapshot of the name and title) or a unit (owner_staff_id '');
-- owner_role is the office that owes it when no account is named. due_rule keeps how the
-- deadline was given when it was counted in working days.
CREATE TABLE task_items (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    section_code TEXT NOT NULL,
    body TEXT NOT NULL,
    owner_staff_id TEXT NOT NULL DEFAULT '',
    owner_user_id TEXT NOT NULL DEFAULT '',
    owner_name TEXT NOT NULL,
    owner_title TEXT NOT NULL DEFAULT '',
    owner_role TEXT NOT NULL,
    lead_unit TEXT NOT NULL,
    cooperating TEXT NOT NULL DEFAULT '',
    due_on TEXT NOT NULL,
    due_rule TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL,
    target_code TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    percent INTEGER NOT NULL DEFAULT 0,
    cancel_reason TEXT NOT NULL DEFAULT '',
    done_on TEXT,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_id, id)
);
CREATE UNIQUE INDEX task_items_seq ON task_items (commune_id, plan_id, seq);
CREATE INDEX task_items_section ON task_items (commune_id, plan_id, section_code, seq);
CREATE INDEX task_items_user ON task_items (commune_id, owner_user_id, status);
CREATE INDEX task_items_role ON task_items (commune_id, owner_role, status);

-- A dated progress note of a task: the status and percent it reported.
CREATE TABLE task_notes (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    on_day TEXT NOT NULL,
    status TEXT NOT NULL,
    percent INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    created_by_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX task_notes_task ON task_notes (commune_id, task_id, on_day, id);

-- A piece of evidence: a link to a record of another room (url, a local path) or an uploaded
-- file (blob_sha in the blob store, with its name, size and type).
CREATE TABLE task_evidence (
    commune_id TEXT NOT NULL REFERENCES communes(id),
    id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    caption TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    blob_sha TEXT NOT NULL DEFAULT '',
    filename TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    created_by_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commune_id, id)
);
CREATE INDEX task_evidence_task ON task_evidence (commune_id, task_id, created_at, id);
