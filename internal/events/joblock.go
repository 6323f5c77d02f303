package events

import (
	"context"
	"fmt"
	"time"

	"xaso/internal/db"
)

// JobLock takes the lock of a periodic job for holder until now+ttl, if no other holder has it
// now: of two processes ticking together, one runs the job and the other skips it; neither takes
// it again before it runs out (a period's job runs once). One statement, atomic on both engines.
func JobLock(ctx context.Context, d *db.DB, name, holder string, ttl time.Duration, now time.Time) (bool, error) {
	now = now.UTC().Truncate(time.Microsecond)
	res, err := d.Exec(ctx, `INSERT INTO job_locks (name, holder, until) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
		WHERE job_locks.until <= $4`, name, holder, now.Add(ttl), now)
	if err != nil {
		return false, fmt.Errorf("events: job lock %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("events: job lock %s: %w", name, err)
	}
	return n == 1, nil
}
