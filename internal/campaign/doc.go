// Package campaign is the room of news and campaigns of the commune plan, section III.3:
// spreading the model "Chính quyền thân thiện, Nhân dân phát huy quyền làm chủ" (a friendly
// administration, residents exercising their mastery).
//
// It owns three things and their tables (migration 0021_campaign.sql):
//
//   - articles (bài viết, tin tức) about the model: a draft, published on the portal at
//     /tin-tuc, or withdrawn (gỡ); the body is HTML cleaned by the injected Sanitize when
//     stored and again when drawn;
//   - sessions: training sessions (tập huấn) and awareness conferences (hội nghị tuyên
//     truyền, quán triệt), with the day held, the place, the hamlets served (none: the whole
//     commune) and the attendance;
//   - the coverage of a period: per hamlet, the conferences, trainings and attendance, and
//     the share of hamlets that held at least one awareness conference, against the plan's
//     target of 100 % of hamlets.
//
// Every change is one transaction holding the row, the audit entry and the event
// (campaign.article.*, campaign.session.*). It reads the registry's hamlets table and must not
// write it, nor any other room's table; it opens no duty and sends nothing.
package campaign
