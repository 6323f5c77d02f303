package app_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// Issue 16 item 3: a staff photo that is not an image, or a form refused for its other fields,
// stores nothing (before, the file was kept as a blob whatever happened to the form).
func TestStaffPhotoStoresNothingUnlessSaved(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		admin := f.client(auth.Admin)
		png := "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + strings.Repeat("\x00", 40)
		post := func(name, photoName, photo string) (int, string) {
			t.Helper()
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			for k, v := range map[string]string{"full_name": name, "title": "Công chức Tư pháp - Hộ tịch", "unit": "UBND xã"} {
				mw.WriteField(k, v)
			}
			w, _ := mw.CreateFormFile("photo", photoName)
			w.Write([]byte(photo))
			mw.Close()
			req, _ := http.NewRequest("POST", f.srv.URL+"/can-bo/moi", &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			resp, err := admin.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		blobs := func() int {
			var n int
			if err := d.QueryRow(ctx, `SELECT count(*) FROM blobs WHERE commune_id = $1`, f.commune.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := blobs()
		if code, body := post("Lò Văn Ảnh", "anh.jpg", "đây là văn bản, không phải ảnh"); code != 422 || !strings.Contains(body, "Ảnh phải là tệp JPEG, PNG hoặc WebP") {
			t.Fatalf("text as photo: %d %.300s", code, body)
		}
		if code, _ := post("", "anh.png", png); code != 422 {
			t.Fatalf("no name: %d", code)
		}
		if n := blobs(); n != before {
			t.Fatalf("refused forms stored %d blobs", n-before)
		}
		if code, body := post("Lò Văn Ảnh", "anh.png", png); code != 303 {
			t.Fatalf("valid staff with a photo: %d %.300s", code, body)
		}
		if n := blobs(); n != before+1 {
			t.Fatalf("saved form: %d blobs, want %d", n, before+1)
		}
	})
}
