package db

import (
	"context"
	"fmt"
	"strings"
)

// MaxParams bounds the parameters of one statement built by InsertRows (and is a good size for
// IN lists). SQLite looks numbered parameters up by name in a list, so a statement's cost grows
// with the square of its parameters: a few hundred is the sweet spot on both engines (measured:
// a 5,000-row import took 2.4 s on SQLite with 5,000 parameters a statement, 0.4 s with 500).
const MaxParams = 500

// InsertRows writes rows into table with multi-row INSERTs of at most MaxParams parameters.
// table and cols must be constants of the calling package, never input.
func InsertRows(ctx context.Context, tx *Tx, table string, cols []string, rows [][]any) error {
	return InsertRowsThen(ctx, tx, table, cols, rows, "")
}

// InsertRowsThen is InsertRows with a clause after each statement's VALUES (an ON CONFLICT);
// like table and cols, it must be a constant of the calling package.
func InsertRowsThen(ctx context.Context, tx *Tx, table string, cols []string, rows [][]any, then string) error {
	per := max(1, MaxParams/len(cols))
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		var b strings.Builder
		b.Grow(len(head) + len(chunk)*len(cols)*6)
		b.WriteString(head)
		args := make([]any, 0, len(chunk)*len(cols))
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			b.WriteString(Placeholders(len(args)+1, len(cols)))
			b.WriteByte(')')
			args = append(args, r...)
		}
		b.WriteString(then)
		if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// deferredRows is the key of rows kept for one table (and ON CONFLICT clause) until the commit.
type deferredRows struct{ table, then string }

type rowSet struct {
	cols []string
	rows [][]any
}

// DeferRows keeps row for table until the end of the transaction (Tx.Defer), where the rows
// of every DeferRows call with the same table and clause go in together (InsertRowsThen): a
// grouped transaction (TxGroup) then writes each table once for all its calls. Tables are
// written in the order first deferred, so a parent deferred before its children goes first.
// Nothing in the transaction sees the row before the commit: defer only rows that nothing
// after reads, and whose failure (a broken key) may surface at the commit.
func DeferRows(tx *Tx, table string, cols []string, then string, row []any) {
	s := tx.Defer(deferredRows{table, then}, func() any { return &rowSet{cols: cols} }, func(ctx context.Context, tx *Tx, v any) error {
		rs := v.(*rowSet)
		if err := InsertRowsThen(ctx, tx, table, rs.cols, rs.rows, then); err != nil {
			return fmt.Errorf("db: write %s: %w", table, err)
		}
		return nil
	}).(*rowSet)
	s.rows = append(s.rows, row)
}
