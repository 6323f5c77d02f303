package db

import (
	"context"
	"strconv"
)

// Scanner is a row to read: *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// Page reads one page of a register: how many rows `FROM from` has (from holds the table and
// its WHERE, with args), and the rows themselves, `SELECT cols FROM from ORDER BY order`, limit
// of them after offset, each read with scan. A limit outside 1–200 reads 50.
func Page[T any](ctx context.Context, q Q, cols, from, order string, args []any, limit, offset int, scan func(Scanner) (T, error)) ([]T, int, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM `+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT `+cols+` FROM `+from+` ORDER BY `+order+` LIMIT `+strconv.Itoa(limit)+
		` OFFSET `+strconv.Itoa(max(offset, 0)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}
