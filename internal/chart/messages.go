package chart

// Messages are the chart's own words, Vietnamese first. The app merges them into the shared
// catalogue so that its check sees them; the charts read them here, by the chart's Lang.
var Messages = map[string][2]string{
	"chart.percent":       {"%s %%", "%s%%"},
	"chart.target":        {"mục tiêu %s", "target %s"},
	"chart.met":           {"đạt mục tiêu", "target met"},
	"chart.missed":        {"chưa đạt mục tiêu", "target not met"},
	"chart.no_data":       {"không có số liệu", "no data"},
	"chart.empty":         {"Chưa có số liệu.", "No data yet."},
	"chart.legend_target": {"Mục tiêu", "Target"},
	"chart.legend_missed": {"Chưa đạt mục tiêu", "Target not met"},
	"chart.scale":         {"thang đo từ %s đến %s", "scale from %s to %s"},
}

// msg is the message key in lang ("en" is English, anything else Vietnamese).
func msg(lang, key string) string {
	m, ok := Messages[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return m[1]
	}
	return m[0]
}
