// Package investment is the room of investment projects and their Community Investment
// Supervision Boards, Ban giám sát đầu tư của cộng đồng (Law 10/2022 Art. 41–45, Decree
// 59/2023 Art. 16–19): the registry of every programme and project in the commune (budget
// sources in whole đồng, hamlets, parties, what the investor must disclose) and the coverage
// of projects by boards; each project's board, its members within the law's caps and their
// declarations of relatives, with name matches against the parties flagged; the notice of the
// plan and membership to the investor ≥ 45 days before (a duty in the register); the site
// visits with their checklist and photos, on a form that keeps what was typed through a
// dropped link (draft.js); the board's recommendations through package oversight; the report
// to the Front (PDF) and the public pages.
//
// It owns the investment_* tables (migration 0031) and no other. It calls oversight for the
// shared recommendations; oversight never imports it. Other rooms it reads through injected
// narrow interfaces (Accounts, Files, Calendars); it reads the hamlets and the commune as
// every room does.
package investment
