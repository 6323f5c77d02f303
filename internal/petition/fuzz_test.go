package petition

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzPublicForm feeds the public form's parser and validation arbitrary field values, as
// urlencoded and as multipart bodies: no panic, and what passes validation keeps the rules.
func FuzzPublicForm(f *testing.F) {
	f.Add("report", "moi-truong", "Đèn đường hỏng ở ngã ba.", "Trần Văn A", "0912345678", "", "2026-01-02", "21.5", "105.8", true)
	f.Add("complaint", "dat-dai", "Khiếu nại quyết định thu hồi đất.", "", "+84 912 345 678", "019090001234", "2099-01-01", "", "", false)
	f.Add("denunciation", "can-bo", "Tố cáo.", "", "abc", "12", "x", "91", "0", true)
	f.Add("\x00", "", strings.Repeat("á", 9000), "\xff", "", "", "", "NaN", "Inf", false)
	f.Fuzz(func(t *testing.T, kind, topic, content, name, phone, idNumber, learned, lat, lon string, multi bool) {
		v := url.Values{"kind": {kind}, "topic": {topic}, "content": {content}, "name": {name}, "phone": {phone}, "id_number": {idNumber},
			"learned_on": {learned}, "lat": {lat}, "lon": {lon}, "address": {"Xóm Đồng"}, "channel": {"web"}}
		var r *http.Request
		if multi {
			var body bytes.Buffer
			w := multipart.NewWriter(&body)
			for k, vs := range v {
				w.WriteField(k, vs[0])
			}
			fw, _ := w.CreateFormFile("files", name+".pdf")
			fw.Write([]byte("%PDF-1.4 " + content))
			w.Close()
			r = httptest.NewRequest(http.MethodPost, "/phan-anh", &body)
			r.Header.Set("Content-Type", w.FormDataContentType())
		} else {
			r = httptest.NewRequest(http.MethodPost, "/phan-anh", strings.NewReader(v.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		in, _, fe, err := readIntake(r, httptest.NewRecorder())
		if err != nil {
			return
		}
		if len(fe) > 0 {
			return
		}
		if vfe := in.Validate(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)); len(vfe) > 0 {
			return
		}
		if !in.Kind.Valid() || !ValidTopic(in.Topic) || !in.Channel.Valid() {
			t.Fatalf("accepted %q %q %q", in.Kind, in.Topic, in.Channel)
		}
		if n := utf8.RuneCountInString(in.Content); n < 10 || n > maxContent || !utf8.ValidString(in.Content) {
			t.Fatalf("accepted content of %d runes", n)
		}
		if in.Kind == Denunciation && in.Sender.Name == "" {
			t.Fatal("an anonymous denunciation was kept as one")
		}
		if in.Kind == Complaint && (in.Sender.Name == "" || in.Sender.Address == "") {
			t.Fatal("a complaint without name or address")
		}
		if (in.Lat == nil) != (in.Lon == nil) || in.Lat != nil && (*in.Lat != *in.Lat || *in.Lat > 90 || *in.Lat < -90) {
			t.Fatalf("accepted point %v %v", in.Lat, in.Lon)
		}
		if in.Sender.IDNumber != "" && len(in.Sender.IDNumber) != 12 {
			t.Fatalf("accepted id number %q", in.Sender.IDNumber)
		}
	})
}

// FuzzRedact: whatever the text, the sender's name and phone do not survive redaction.
func FuzzRedact(f *testing.F) {
	f.Add("Tôi là Nguyễn Văn An, gọi 0912 345 678.", "Nguyễn Văn An", "0912 345 678")
	f.Add("NGUYỄN VĂN AN tố cáo", "Nguyễn Văn An", "")
	f.Add("aabb", "ab", "")
	f.Fuzz(func(t *testing.T, text, name, phone string) {
		out := Redact(text, Sender{Name: name, Phone: phone}, "")
		name = strings.TrimSpace(name)
		if utf8.RuneCountInString(name) < 3 || !utf8.ValidString(name) || !utf8.ValidString(text) || strings.Contains(strings.ToLower(redactedMark), strings.ToLower(name)) {
			return
		}
		if len(strings.ToLower(text)) != len(text) || len(strings.ToLower(name)) != len(name) {
			return // case mapping changes lengths: exact matches only
		}
		if strings.Contains(strings.ToLower(out), strings.ToLower(name)) {
			t.Fatalf("Redact(%q) = %q keeps %q", text, out, name)
		}
	})
}
