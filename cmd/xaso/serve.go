package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"xaso/internal/app"
	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/campaign"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/disclosure"
	"xaso/internal/errs"
	"xaso/internal/notify"
	"xaso/internal/onestop"
	"xaso/internal/petition"
	"xaso/internal/reception"
	"xaso/internal/richtext"
)

// demoPassword is the password of every demo account; the demo prints it.
const demoPassword = "binhyen2026"

// demoAccounts are the fixed demo logins that guides and checks rely on.
var demoAccounts = []struct {
	username string
	role     auth.Role
}{
	{"admin", auth.Admin},
	{"chutich", auth.Leader},
	{"motcua", auth.Desk},
	{"chuyenmon", auth.Specialist},
	{"truongxom", auth.HamletHead},
	{"thanhtra", auth.Inspection},
	{"giamsat", auth.InvestmentWatch},
	{"mattran", auth.Front},
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, demo bool) error {
	name := "serve"
	if demo {
		name = "demo"
	}
	fs := newFlagSet(name, stdout)
	var df dataFlags
	df.register(fs, getenv)
	addr := fs.String("addr", envOr(getenv, "XASO_ADDR", "127.0.0.1:8080"), "address to listen on")
	baseURL := fs.String("base-url", getenv("XASO_BASE_URL"), "public URL of the site (https://… turns on Secure cookies)")
	lang := fs.String("lang", envOr(getenv, "XASO_LANG", "vi"), "default language: vi or en")
	migrate := fs.Bool("migrate", demo, "apply pending migrations before serving")
	proxies := proxyFlag{env: getenv("XASO_TRUSTED_PROXY")}
	fs.Var(&proxies, "trusted-proxy", "reverse proxy address or CIDR whose X-Forwarded-For is believed (repeatable or comma-separated; env XASO_TRUSTED_PROXY)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	trusted, err := proxies.prefixes()
	if err != nil {
		return err
	}
	log := newLogger(stdout)
	start := time.Now()
	d, err := df.open(ctx, *migrate, stdout)
	if err != nil {
		return err
	}
	defer d.Close()
	opened := time.Now()
	hasher := auth.DefaultHasher
	var seeded demoCommune
	if demo {
		if seeded, err = loadDemo(ctx, d, hasher, stdout); err != nil {
			return err
		}
	}
	ncfg := notify.FromEnv(getenv)
	if err := ncfg.Validate(); err != nil {
		return err
	}
	keys, err := df.secretKeys(ctx, d, true, stdout)
	if err != nil {
		return err
	}
	ready := time.Now() // the demo's data and the keys too
	a, err := app.New(ctx, app.Options{DB: d, DataDir: df.dataDir, BaseURL: *baseURL, Lang: *lang, Log: log, Hasher: hasher, Notify: ncfg,
		TrustedProxies: trusted, SecretKeys: keys})
	if err != nil {
		return err
	}
	built := time.Now()
	if demo {
		// The rooms of residents deciding and being consulted seed through the app, whose
		// consultations publish their summaries as disclosures.
		if err := a.SeedParticipationDemo(ctx, seeded.CommuneID, seeded.Leader); err != nil {
			return fmt.Errorf("demo meetings, consultations and elections: %w", err)
		}
		if err := a.SeedServiceDemo(ctx, seeded.CommuneID, seeded.Leader); err != nil {
			return fmt.Errorf("demo ratings, letters and conduct: %w", err)
		}
	}
	return a.Serve(ctx, *addr, func(bound string) {
		// Where a start-up's time goes, for whoever restarts a province's server (issue 15:
		// under half a second).
		log.Info("started", "database_ms", opened.Sub(start).Milliseconds(), "rooms_ms", built.Sub(ready).Milliseconds(),
			"total_ms", time.Since(start).Milliseconds())
		fmt.Fprintf(stdout, "xaso đang chạy tại http://%s (database %s)\n", bound, d.Engine)
		if demo {
			fmt.Fprintf(stdout, "Mở trình duyệt: http://%s\n", bound)
		}
	})
}

// demoCommune is the demo commune loaded and the leader its demo data is recorded by.
type demoCommune struct {
	CommuneID string
	Leader    audit.Actor
}

// loadDemo loads the demo commune (once) and its fixed accounts, then prints the logins.
func loadDemo(ctx context.Context, d *db.DB, h auth.Hasher, stdout io.Writer) (demoCommune, error) {
	start := time.Now()
	res, err := commune.SeedDemo(ctx, d, rand.New(rand.NewPCG(2025, 9)), commune.DemoOptions{})
	if err != nil {
		return demoCommune{}, fmt.Errorf("demo data: %w", err)
	}
	store := auth.NewStore(d, h)
	names := map[string]string{}
	for _, s := range res.Staff {
		if s.Username != "" {
			names[s.Username] = s.FullName
		}
	}
	for _, acc := range demoAccounts {
		if _, err := store.UserByName(ctx, res.CommuneID, acc.username); err == nil {
			continue
		} else if errs.KindOf(err) != errs.NotFound {
			return demoCommune{}, err
		}
		full := names[acc.username]
		if full == "" {
			full = "Quản trị hệ thống"
		}
		if _, err := store.CreateUser(ctx, res.CommuneID, audit.System, auth.NewUser{Username: acc.username, FullName: full, Password: demoPassword, Roles: []auth.Role{acc.role}}); err != nil {
			return demoCommune{}, fmt.Errorf("demo account %s: %w", acc.username, err)
		}
	}
	if err := demoHamletHead(ctx, d, store, res.CommuneID); err != nil {
		return demoCommune{}, err
	}
	dossiers, err := onestop.SeedDemoDossiers(ctx, d, res.CommuneID, rand.New(rand.NewPCG(2025, 10)), 150)
	if err != nil {
		return demoCommune{}, fmt.Errorf("demo dossiers: %w", err)
	}
	if dossiers.Created > 0 {
		fmt.Fprintf(stdout, "Đã tạo %d hồ sơ một cửa mẫu\n", dossiers.Created)
	}
	staff := petition.DemoStaff{}
	for _, x := range []struct {
		username string
		to       *petition.Actor
	}{{"motcua", &staff.Desk}, {"chutich", &staff.Leader}, {"chuyenmon", &staff.Specialist}} {
		u, err := store.UserByName(ctx, res.CommuneID, x.username)
		if err != nil {
			return demoCommune{}, fmt.Errorf("demo account %s: %w", x.username, err)
		}
		*x.to = petition.ActorOf(u)
	}
	petitions, err := petition.SeedDemo(ctx, d, res.CommuneID, staff)
	if err != nil {
		return demoCommune{}, fmt.Errorf("demo petitions: %w", err)
	}
	if petitions > 0 {
		fmt.Fprintf(stdout, "Đã tạo %d đơn, phản ánh mẫu\n", petitions)
	}
	if err := demoDisclosures(ctx, d, res.CommuneID, audit.Actor{ID: staff.Leader.ID, Name: staff.Leader.Name}); err != nil {
		return demoCommune{}, fmt.Errorf("demo disclosures: %w", err)
	}
	if _, err := reception.New(reception.Deps{DB: d}).SeedDemo(ctx, res.CommuneID, audit.Actor{ID: staff.Leader.ID, Name: staff.Leader.Name}); err != nil {
		return demoCommune{}, fmt.Errorf("demo reception days: %w", err)
	}
	if err := campaign.New(campaign.Deps{DB: d, Sanitize: richtext.Sanitize}).SeedDemo(ctx, res.CommuneID, audit.Actor{ID: staff.Leader.ID, Name: staff.Leader.Name}); err != nil {
		return demoCommune{}, fmt.Errorf("demo news and conferences: %w", err)
	}
	if res.Created {
		fmt.Fprintf(stdout, "Đã tạo dữ liệu mẫu xã Bình Yên: %d xóm, %d hộ, %d nhân khẩu (%s)\n", res.Hamlets, res.Households, res.Residents, time.Since(start).Round(time.Millisecond))
	} else {
		fmt.Fprintln(stdout, "Dùng lại dữ liệu mẫu xã Bình Yên đã có.")
	}
	fmt.Fprintf(stdout, "Tài khoản mẫu (mật khẩu chung: %s):\n", demoPassword)
	for _, acc := range demoAccounts {
		fmt.Fprintf(stdout, "  %-10s %s\n", acc.username, acc.role)
	}
	return demoCommune{CommuneID: res.CommuneID, Leader: audit.Actor{ID: staff.Leader.ID, Name: staff.Leader.Name}}, nil
}

// demoHamletHead names the demo hamlet head's account the head of the first hamlet (once), so
// that signing in as truongxom shows that hamlet's households.
func demoHamletHead(ctx context.Context, d *db.DB, store *auth.Store, communeID string) error {
	u, err := store.UserByName(ctx, communeID, "truongxom")
	if err != nil {
		return fmt.Errorf("demo hamlet head: %w", err)
	}
	st := commune.New(d)
	if ids, err := st.HamletsHeadedBy(ctx, communeID, u.ID); err != nil || len(ids) > 0 {
		return err
	}
	hamlets, err := st.ListHamlets(ctx, communeID)
	if err != nil || len(hamlets) == 0 {
		return err
	}
	h := hamlets[0]
	h.HeadUserID, h.HeadName = u.ID, u.FullName
	_, err = st.UpdateHamlet(ctx, communeID, audit.System, h)
	return err
}

// demoDisclosures publishes three of the commune's usual disclosures, once (nothing when the
// commune has any).
func demoDisclosures(ctx context.Context, d *db.DB, communeID string, by audit.Actor) error {
	svc := disclosure.New(disclosure.Deps{DB: d, Sanitize: richtext.Sanitize})
	if _, total, err := svc.Public(ctx, communeID, disclosure.Filter{Limit: 1}); err != nil || total > 0 {
		return err
	}
	for _, in := range []disclosure.Input{
		{CategoryNo: 2, Title: "Dự toán thu, chi ngân sách xã năm 2026", Summary: "Dự toán thu ngân sách trên địa bàn và chi ngân sách xã năm 2026 đã được Hội đồng nhân dân xã thông qua.",
			Body: "<p>Tổng thu ngân sách xã: <strong>12.450 triệu đồng</strong>.</p><p>Tổng chi ngân sách xã: <strong>12.450 triệu đồng</strong>, trong đó chi đầu tư phát triển 3.200 triệu đồng.</p>"},
		{CategoryNo: 12, Title: "Các khoản phí, lệ phí xã thu trực tiếp", Summary: "Mức thu lệ phí đăng ký hộ tịch và phí chứng thực tại Ủy ban nhân dân xã.",
			Body: "<ul><li>Chứng thực bản sao từ bản chính: 2.000 đồng một trang.</li><li>Đăng ký khai sinh, khai tử đúng hạn: miễn lệ phí.</li></ul>"},
		{CategoryNo: 7, Title: "Danh sách hộ được hỗ trợ sửa chữa nhà ở năm 2026", Summary: "Kết quả bình xét các hộ được hỗ trợ sửa chữa nhà ở tại các xóm.",
			Body: "<p>Sau bình xét công khai tại các xóm, 14 hộ được hỗ trợ, mỗi hộ 20 triệu đồng.</p>"},
	} {
		dd, err := svc.Create(ctx, communeID, by, in)
		if err != nil {
			return err
		}
		if dd, err = svc.Publish(ctx, communeID, by, dd.ID, calendar.Date{}); err != nil {
			return err
		}
		// Posted at the headquarters; the subsidy list also on the loudspeakers, one day of the
		// three so far, so that the compliance board has something to show.
		if _, err := svc.AddPosting(ctx, communeID, by, dd.ID, disclosure.PostingInput{Channel: disclosure.HQBoard, PutUp: dd.PublishedOn}); err != nil {
			return err
		}
		if in.CategoryNo == 7 {
			if _, err := svc.AddPosting(ctx, communeID, by, dd.ID, disclosure.PostingInput{Channel: disclosure.Loudspeaker,
				PutUp: dd.PublishedOn, TakenDown: dd.PublishedOn, Note: "Phát lúc 6 giờ sáng"}); err != nil {
				return err
			}
		}
	}
	return nil
}
