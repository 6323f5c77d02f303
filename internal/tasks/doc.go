// Package tasks is the room of the commune's plans (kế hoạch) and of their tasks assigned with
// the "five clears" (plan 2025, section III.1.4: "rõ người, rõ việc, rõ trách nhiệm, rõ tiến
// độ, rõ kết quả"): who does it, what is done, who leads and who cooperates, by when, and what
// result is expected. It is issue 14 part 1: the plan itself, tracked.
//
// A plan has a title, its number and the documents it implements (căn cứ), a period, the units
// involved, a report day, its sections ("III.1.2") and its targets ("100% các xóm…"). It is
// typed in a form, or loaded from a file (planfile.go: a documented JSON format, or a CSV of
// tasks); the loader is strict, answers in Vietnamese line by line and writes nothing when a
// line is wrong. The demo commune gets the Bình Yên plan of 2025 (demo/plan-2025.json, written
// from the plan's text).
//
// A task's progress is a status (not started, in progress, done, cancelled with a reason), a
// percent and dated notes; done needs at least one piece of evidence: a link to a record of
// another room (a dossier, a meeting, a disclosure…) or a file uploaded to the blob store (PDF,
// JPEG, PNG, DOCX, XLSX). The task's owner, a leader or the office (admin) reports progress.
//
// Every open task with a deadline is a duty in the register (internal/duty, room "tasks"), set,
// moved and closed in the transaction that changes the task; the room has no overdue logic of
// its own: a task's state (on time, at risk, overdue) is the register's duty.StateAt. Every
// change is one transaction holding the rows, the audit entry, the event "tasks.task.changed"
// (or "tasks.plan.changed") and the duty.
//
// It owns the tables of migration 0037_tasks.sql (task_plans, task_sections, task_targets,
// task_items, task_notes, task_evidence) and reads the duties of its own tasks; it reads the
// staff directory through a func the composition root gives (Deps.Staff) and stores files
// through Deps.Files (the blob store); it imports no other feature room.
package tasks
