// Package report is the plan's own tracking (plan sections I.4, II, III and its "Tổ chức thực
// hiện"): every target of the commune's plan beside the value measured from the rooms' own
// records (never typed), with the records behind it; the dashboard for staff and residents
// (/chi-tieu), the same figures as open data (CSV and JSON with a documented schema, no personal
// data), the monthly, quarterly and year-end reports following the plan's sections (DOCX to
// edit, PDF in Decree 30 layout, an XLSX annex), and, in a deployment of several communes, the
// province's view with a ranking table.
//
// The room reads no other room's tables and imports no feature room: the composition root
// gives it Sources, each a function that measures some of the Defs for a commune and a period
// from its room's own services. The targets, their plan sections and their wording are this
// room's data (defs.go); a source only counts.
package report
