package calendar

// The sexagenary cycle (can chi): ten heavenly stems and twelve earthly branches, in their
// Vietnamese names. The Vietnamese zodiac has the cat (Mão) where China has the rabbit.
var (
	stems    = [10]string{"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"}
	branches = [12]string{"Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"}
)

// YearName returns the can-chi name of lunar year y, e.g. "Bính Ngọ" for 2026.
func YearName(y int) string {
	// Year 4 of the common era was Giáp Tý, the first of the cycle.
	return stems[mod(y-4, 10)] + " " + branches[mod(y-4, 12)]
}

// YearName returns the can-chi name of l's lunar year.
func (l LunarDate) YearName() string { return YearName(l.Year) }

func mod(a, b int) int {
	r := a % b
	if r < 0 {
		r += b
	}
	return r
}
