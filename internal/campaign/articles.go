package campaign

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Status is where an article stands.
type Status string

const (
	Draft     Status = "draft"     // written, not on the portal
	Published Status = "published" // on the portal at /tin-tuc
	Withdrawn Status = "withdrawn" // taken down (gỡ); may be published again
)

// Statuses in lifecycle order.
var Statuses = []Status{Draft, Published, Withdrawn}

// Limits of what an article holds.
const (
	maxTitle   = 300
	maxSummary = 2000
	maxBody    = 200000
	maxAuthor  = 200
)

// Article is one piece of news about the model.
type Article struct {
	ID          string
	Title       string
	Summary     string // plain text, for the list
	Body        string // sanitised HTML
	Author      string // who signs it (a person or an office); the writer's name if left empty
	Status      Status
	PublishedAt time.Time // the latest publication; zero while a draft
	WithdrawnAt time.Time
	CreatedAt   time.Time
	CreatedBy   string
	UpdatedAt   time.Time
	UpdatedBy   string
}

// URL is the article's staff page; PublicURL its page on the portal.
func (a Article) URL() string       { return "/tuyen-truyen/bai-viet/" + a.ID }
func (a Article) PublicURL() string { return "/tin-tuc/" + a.ID }

// CanPublish and CanWithdraw say which step the article allows now.
func (a Article) CanPublish() bool  { return a.Status == Draft || a.Status == Withdrawn }
func (a Article) CanWithdraw() bool { return a.Status == Published }

// ArticleInput is an article as the form sends it.
type ArticleInput struct {
	Title, Summary, Body, Author string
}

// validate cleans in; the field errors are catalogue keys.
func (s *Service) validateArticle(in ArticleInput) (ArticleInput, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var ok bool
	if in.Title, ok = clean(in.Title, maxTitle); !ok {
		fe["title"] = "campaign.err.too_long"
	} else if in.Title == "" {
		fe["title"] = "campaign.err.title_required"
	}
	if in.Summary, ok = clean(in.Summary, maxSummary); !ok {
		fe["summary"] = "campaign.err.too_long"
	}
	if in.Body, ok = clean(in.Body, maxBody); ok {
		in.Body, ok = clean(s.sanitize(in.Body), maxBody)
	}
	if !ok {
		fe["body"] = "campaign.err.too_long"
	} else if in.Body == "" && in.Summary == "" {
		fe["body"] = "campaign.err.body_required"
	}
	if in.Author, ok = clean(in.Author, maxAuthor); !ok {
		fe["author"] = "campaign.err.too_long"
	}
	return in, fe
}

// auditView is what the audit log keeps of an article: not its body.
func (a Article) auditView() map[string]any {
	return map[string]any{"title": a.Title, "author": a.Author, "status": a.Status}
}

// CreateArticle writes a new article as a draft.
func (s *Service) CreateArticle(ctx context.Context, communeID string, by audit.Actor, in ArticleInput) (Article, error) {
	const op = "campaign: create article"
	in, fe := s.validateArticle(in)
	if err := fe.Err(op); err != nil {
		return Article{}, err
	}
	a := newArticle(in, by, s.stamp())
	err := s.tx(ctx, func(tx *db.Tx) error { return insertArticle(ctx, tx, communeID, by, a) })
	if err != nil {
		return Article{}, err
	}
	return a, nil
}

func newArticle(in ArticleInput, by audit.Actor, now time.Time) Article {
	if in.Author == "" {
		in.Author = by.Name
	}
	return Article{ID: uuid.Must(uuid.NewV7()).String(), Title: in.Title, Summary: in.Summary, Body: in.Body, Author: in.Author,
		Status: Draft, CreatedAt: now, CreatedBy: by.Name, UpdatedAt: now, UpdatedBy: by.Name}
}

func insertArticle(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, a Article) error {
	const op = "campaign: create article"
	if _, err := tx.Exec(ctx, `INSERT INTO campaign_articles (commune_id, id, title, summary, body, author, status,
		published_at, created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		communeID, a.ID, a.Title, a.Summary, a.Body, a.Author, string(a.Status), db.NullableTime(a.PublishedAt),
		a.CreatedAt, a.CreatedBy, a.UpdatedAt, a.UpdatedBy); err != nil {
		return errs.Wrap(op, err)
	}
	if err := audit.Record(ctx, tx, communeID, by, "campaign.article.create", "campaign_article", a.ID, audit.Change{After: a.auditView()}); err != nil {
		return err
	}
	return events.Publish(ctx, tx, communeID, TopicArticleCreated, map[string]any{"id": a.ID, "status": a.Status})
}

// UpdateArticle changes an article's text in any status; a published article stays on the
// portal with the new text.
func (s *Service) UpdateArticle(ctx context.Context, communeID, id string, by audit.Actor, in ArticleInput) (Article, error) {
	const op = "campaign: update article"
	in, fe := s.validateArticle(in)
	if err := fe.Err(op); err != nil {
		return Article{}, err
	}
	var a Article
	err := s.tx(ctx, func(tx *db.Tx) error {
		before, err := getArticle(ctx, tx, s.d.Engine, communeID, id, true)
		if err != nil {
			return err
		}
		a = before
		if in.Author == "" {
			in.Author = before.Author
		}
		a.Title, a.Summary, a.Body, a.Author = in.Title, in.Summary, in.Body, in.Author
		a.UpdatedAt, a.UpdatedBy = s.stamp(), by.Name
		if _, err := tx.Exec(ctx, `UPDATE campaign_articles SET title = $3, summary = $4, body = $5, author = $6,
			updated_at = $7, updated_by = $8 WHERE commune_id = $1 AND id = $2`,
			communeID, a.ID, a.Title, a.Summary, a.Body, a.Author, a.UpdatedAt, a.UpdatedBy); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "campaign.article.update", "campaign_article", a.ID,
			audit.Change{Before: before.auditView(), After: a.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicArticleUpdated, map[string]any{"id": a.ID, "status": a.Status})
	})
	if err != nil {
		return Article{}, err
	}
	return a, nil
}

// PublishArticle puts a draft or a withdrawn article on the portal, dated now.
func (s *Service) PublishArticle(ctx context.Context, communeID, id string, by audit.Actor) (Article, error) {
	return s.step(ctx, communeID, id, by, Published)
}

// WithdrawArticle takes a published article off the portal (gỡ); it is kept.
func (s *Service) WithdrawArticle(ctx context.Context, communeID, id string, by audit.Actor) (Article, error) {
	return s.step(ctx, communeID, id, by, Withdrawn)
}

func (s *Service) step(ctx context.Context, communeID, id string, by audit.Actor, to Status) (Article, error) {
	var a Article
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		a, err = s.stepIn(ctx, tx, communeID, id, by, to)
		return err
	})
	if err != nil {
		return Article{}, err
	}
	return a, nil
}

// stepIn publishes or withdraws an article inside tx, with its audit entry and event.
func (s *Service) stepIn(ctx context.Context, tx *db.Tx, communeID, id string, by audit.Actor, to Status) (Article, error) {
	op := "campaign: " + string(to) + " article"
	before, err := getArticle(ctx, tx, s.d.Engine, communeID, id, true)
	if err != nil {
		return Article{}, err
	}
	a := before
	now := s.stamp()
	topic, action := TopicArticlePublished, "campaign.article.publish"
	switch {
	case to == Published && a.CanPublish():
		a.PublishedAt, a.WithdrawnAt = now, time.Time{}
	case to == Withdrawn && a.CanWithdraw():
		a.WithdrawnAt = now
		topic, action = TopicArticleWithdrawn, "campaign.article.withdraw"
	default:
		return Article{}, errs.E(op, errs.Conflict, "campaign.err.not_now")
	}
	a.Status, a.UpdatedAt, a.UpdatedBy = to, now, by.Name
	if _, err := tx.Exec(ctx, `UPDATE campaign_articles SET status = $3, published_at = $4, withdrawn_at = $5,
		updated_at = $6, updated_by = $7 WHERE commune_id = $1 AND id = $2`,
		communeID, a.ID, string(a.Status), db.NullableTime(a.PublishedAt), db.NullableTime(a.WithdrawnAt), a.UpdatedAt, a.UpdatedBy); err != nil {
		return Article{}, errs.Wrap(op, err)
	}
	if err := audit.Record(ctx, tx, communeID, by, action, "campaign_article", a.ID,
		audit.Change{Before: before.auditView(), After: a.auditView()}); err != nil {
		return Article{}, err
	}
	return a, events.Publish(ctx, tx, communeID, topic, map[string]any{"id": a.ID, "status": a.Status})
}

const articleCols = `id, title, summary, body, author, status, published_at, withdrawn_at, created_at, created_by, updated_at, updated_by`

func scanArticle(row interface{ Scan(...any) error }) (Article, error) {
	var a Article
	var status string
	var published, withdrawn sql.NullTime
	err := row.Scan(&a.ID, &a.Title, &a.Summary, &a.Body, &a.Author, &status, &published, &withdrawn,
		&a.CreatedAt, &a.CreatedBy, &a.UpdatedAt, &a.UpdatedBy)
	a.Status = Status(status)
	a.PublishedAt, a.WithdrawnAt = db.TimeOf(published), db.TimeOf(withdrawn)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, err
}

func getArticle(ctx context.Context, q db.Q, engine db.Engine, communeID, id string, lock bool) (Article, error) {
	query := `SELECT ` + articleCols + ` FROM campaign_articles WHERE commune_id = $1 AND id = $2`
	if lock {
		query += engine.ForUpdate()
	}
	a, err := scanArticle(q.QueryRow(ctx, query, communeID, id))
	return a, notFound("campaign: get article", err)
}

// Article returns one article in any status (the staff page).
func (s *Service) Article(ctx context.Context, communeID, id string) (Article, error) {
	return getArticle(ctx, s.d, s.d.Engine, communeID, id, false)
}

// PublicArticle returns a published article; any other is not found.
func (s *Service) PublicArticle(ctx context.Context, communeID, id string) (Article, error) {
	a, err := s.Article(ctx, communeID, id)
	if err == nil && a.Status != Published {
		return Article{}, errs.E("campaign: public article", errs.NotFound, "campaign.err.not_found")
	}
	return a, err
}

// Articles returns a page of every article, newest first, and how many there are.
func (s *Service) Articles(ctx context.Context, communeID string, limit, offset int) ([]Article, int, error) {
	return s.articles(ctx, communeID, false, limit, offset)
}

// PublicArticles returns a page of the published articles, the latest published first, and
// how many there are.
func (s *Service) PublicArticles(ctx context.Context, communeID string, limit, offset int) ([]Article, int, error) {
	return s.articles(ctx, communeID, true, limit, offset)
}

func (s *Service) articles(ctx context.Context, communeID string, public bool, limit, offset int) ([]Article, int, error) {
	const op = "campaign: articles"
	limit, offset = limits(limit, offset)
	where, order := ` WHERE commune_id = $1`, ` ORDER BY created_at DESC, id DESC`
	if public {
		where, order = ` WHERE commune_id = $1 AND status = 'published'`, ` ORDER BY published_at DESC, id DESC`
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM campaign_articles`+where, communeID).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	rows, err := s.d.Query(ctx, `SELECT `+articleCols+` FROM campaign_articles`+where+order+
		` LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), communeID)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, a)
	}
	return out, total, errs.Wrap(op, rows.Err())
}
