package petition_test

import (
	"testing"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/petition"
)

// The demo petitions go through the real rules and give a mix of statuses, once.
func TestSeedDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		n, err := petition.SeedDemo(e.ctx, d, e.cid, petition.DemoStaff{Desk: desk, Leader: leader, Specialist: spec})
		if err != nil || n == 0 {
			t.Fatalf("seeded %d: %v", n, err)
		}
		list, total, err := e.svc.List(e.ctx, e.cid, petition.Filter{Limit: 50})
		if err != nil || total != n {
			t.Fatalf("list: %d of %d: %v", total, n, err)
		}
		seen := map[petition.Status]bool{}
		for _, p := range list {
			seen[p.Status] = true
		}
		for _, s := range []petition.Status{petition.StatusClosed, petition.StatusVerifying, petition.StatusReceived, petition.StatusForwarded, petition.StatusRefused} {
			if !seen[s] {
				t.Errorf("no demo petition %s: %v", s, seen)
			}
		}
		if _, total, err := e.svc.Answers(e.ctx, e.cid, "", 10, 0); err != nil || total == 0 {
			t.Errorf("no public answer in the demo: %d %v", total, err)
		}
		if again, err := petition.SeedDemo(e.ctx, d, e.cid, petition.DemoStaff{Desk: desk, Leader: leader, Specialist: spec}); err != nil || again != 0 {
			t.Errorf("second seeding: %d %v", again, err)
		}
	})
}

// The given name alone is struck where it stands as a word, in any case, and nowhere else.
func TestRedactGivenName(t *testing.T) {
	s := petition.Sender{Name: "Trần Văn Bình", Phone: "0912 345 678"}
	for in, want := range map[string]string{
		"Tôi là Bình, gọi 0912 345 678.":  "Tôi là [đã che], gọi [đã che].",
		"BÌNH nói: xã Bình Yên, Bình.":    "[đã che] nói: xã [đã che] Yên, [đã che].",
		"Bìnhthường không phải tên; Bình": "Bìnhthường không phải tên; [đã che]",
		"Ông Trần Văn Bình ở xóm Đồng":    "Ông [đã che] ở xóm Đồng",
		"không có tên":                    "không có tên",
	} {
		if got := petition.Redact(in, s, ""); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
