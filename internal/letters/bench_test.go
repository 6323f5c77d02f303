package letters_test

import (
	"io"
	"testing"

	"xaso/internal/db/dbtest"
	"xaso/internal/letters"
	"xaso/internal/spoken"
)

// BenchmarkWriteBatch20 prints a page of the queue (20 letters) as one PDF; the bytes of one
// batch are reported as B/op of the output, for the desk's printer and slow links.
func BenchmarkWriteBatch20(b *testing.B) {
	e := newEnv(b, dbtest.SQLite(b))
	var ls []letters.Letter
	for range 20 {
		l, err := e.svc.Create(e.ctx, e.c.ID, desk, letters.HandInput{Occasion: letters.OccContribution, Name: "Nông Văn An", Reason: "ủng hộ quỹ vì người nghèo"})
		if err != nil {
			b.Fatal(err)
		}
		ls = append(ls, l)
	}
	var n int64
	for b.Loop() {
		w := &countWriter{}
		if err := letters.WriteBatch(w, e.c, ls, e.now); err != nil {
			b.Fatal(err)
		}
		n = w.n
	}
	b.ReportMetric(float64(n), "pdf-bytes")
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

// BenchmarkScript rewrites a typical announcement for the loudspeaker.
func BenchmarkScript(b *testing.B) {
	text := "Thông báo: UBND xã tổ chức tiêm chủng lúc 7 giờ 30 ngày 15/12/2026 tại trạm y tế; mức hỗ trợ 1.500.000 đồng/hộ, đạt 98,5 % kế hoạch. Liên hệ 0912 345 678."
	for b.Loop() {
		spoken.Script(text)
	}
}
