package onestop

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// The API takes the channel as its number or its name (issue 8, item 14); an unknown one is a
// field error on "channel", not a refused body.
func TestIntakeChannelByNumberOrName(t *testing.T) {
	for _, tc := range []struct {
		channel string
		want    int
		invalid bool
	}{
		{``, ChannelCounter, false},
		{`,"channel":null`, ChannelCounter, false},
		{`,"channel":1`, ChannelCounter, false},
		{`,"channel":2`, ChannelOnline, false},
		{`,"channel":"online"`, ChannelOnline, false},
		{`,"channel":"post"`, ChannelPost, false},
		{`,"channel":" Counter "`, ChannelCounter, false},
		{`,"channel":"fax"`, 0, true},
		{`,"channel":9`, 0, true},
		{`,"channel":"2"`, 0, true},
		{`,"channel":1.5`, 0, true},
	} {
		body := `{"procedure_code":"1.001193","applicant":{"name":"Nguyễn Văn An"},"documents":["to-khai"]` + tc.channel + `}`
		var req IntakeRequest
		if err := decodeBody(httptest.NewRequest("POST", "/api/v1/dossiers", strings.NewReader(body)), &req, false); err != nil {
			t.Fatalf("%s: decode: %v", tc.channel, err)
		}
		fe := req.Validate()
		if tc.invalid {
			if fe["channel"] != "onestop.channel_invalid" {
				t.Errorf("%s: field errors %v, want channel_invalid", tc.channel, fe)
			}
			continue
		}
		if fe["channel"] != "" || req.Channel != tc.want {
			t.Errorf("%s: channel %d, errors %v; want %d", tc.channel, req.Channel, fe, tc.want)
		}
	}
	// Unknown fields are still refused, as before the channel names.
	var req IntakeRequest
	if err := decodeBody(httptest.NewRequest("POST", "/", strings.NewReader(`{"procedure_code":"x","unknown":1}`)), &req, false); err == nil {
		t.Error("an unknown field was accepted")
	}
}
