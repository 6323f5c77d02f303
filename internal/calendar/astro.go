package calendar

import "math"

// The astronomy behind the lunar calendar. The series are those of Jean Meeus,
// "Astronomical Formulae for Calculators" (new moons) and "Astronomical Algorithms"
// (the Sun's longitude, low precision), as used by Hồ Ngọc Đức for the Vietnamese
// calendar; their precision (minutes) is far below a day except near midnight, which is
// why the external test set matters.

const (
	// vnOffsetDays is Vietnam's offset from UTC (UTC+7), in days. The day boundary of the
	// lunar calendar is local midnight; using UTC+8 instead gives the Chinese calendar.
	vnOffsetDays = 7.0 / 24

	// synodicMonth is the mean length of a lunation, in days.
	synodicMonth = 29.530588853

	// lunationEpoch is the Julian date of mean new moon number 0 (early 1900-01-01 UT).
	lunationEpoch = 2415021.076998695

	deg = math.Pi / 180
)

// newMoonJD returns the Julian date (UT) of new moon number k, counted from the new moon
// of January 1900.
func newMoonJD(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85 // Julian centuries since 1900
	t2 := t * t
	t3 := t2 * t

	mean := 2415020.75933 + 29.53058868*kf + 0.0001178*t2 - 0.000000155*t3
	mean += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*deg)

	sunAnomaly := (359.2242 + 29.10535608*kf - 0.0000333*t2 - 0.00000347*t3) * deg
	moonAnomaly := (306.0253 + 385.81691806*kf + 0.0107306*t2 + 0.00001236*t3) * deg
	moonLatitude := (21.2964 + 390.67050646*kf - 0.0016528*t2 - 0.00000239*t3) * deg

	correction := (0.1734-0.000393*t)*math.Sin(sunAnomaly) +
		0.0021*math.Sin(2*sunAnomaly) -
		0.4068*math.Sin(moonAnomaly) +
		0.0161*math.Sin(2*moonAnomaly) -
		0.0004*math.Sin(3*moonAnomaly) +
		0.0104*math.Sin(2*moonLatitude) -
		0.0051*math.Sin(sunAnomaly+moonAnomaly) -
		0.0074*math.Sin(sunAnomaly-moonAnomaly) +
		0.0004*math.Sin(2*moonLatitude+sunAnomaly) -
		0.0004*math.Sin(2*moonLatitude-sunAnomaly) -
		0.0006*math.Sin(2*moonLatitude+moonAnomaly) +
		0.0010*math.Sin(2*moonLatitude-moonAnomaly) +
		0.0005*math.Sin(2*moonAnomaly+sunAnomaly)

	// ΔT (TT − UT) in days, by the two polynomial fits of the book.
	var deltaT float64
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return mean + correction - deltaT
}

// newMoonDay returns the Julian day number of the Vietnamese civil day on which new moon
// number k falls: the first day of a lunar month.
func newMoonDay(k int) int {
	return int(math.Floor(newMoonJD(k) + 0.5 + vnOffsetDays))
}

// sunLongitude returns the Sun's apparent longitude, in radians in [0, 2π), at Julian date jd.
func sunLongitude(jd float64) float64 {
	t := (jd - 2451545.0) / 36525 // Julian centuries since J2000.0
	t2 := t * t
	meanAnomaly := (357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2) * deg
	meanLongitude := (280.46645 + 36000.76983*t + 0.0003032*t2) * deg
	center := ((1.914600-0.004817*t-0.000014*t2)*math.Sin(meanAnomaly) +
		(0.019993-0.000101*t)*math.Sin(2*meanAnomaly) +
		0.000290*math.Sin(3*meanAnomaly)) * deg
	l := meanLongitude + center
	l -= 2 * math.Pi * math.Floor(l/(2*math.Pi))
	return l
}

// solarTermSector returns which 30° sector of the ecliptic (0 = 0°–30°, … 9 = 270°–300°)
// the Sun is in at the start (local midnight) of the day with Julian day number jdn. A lunar
// month whose first day and the next month's first day are in the same sector contains no
// major solar term (trung khí).
func solarTermSector(jdn int) int {
	return int(math.Floor(sunLongitude(float64(jdn)-0.5-vnOffsetDays) / math.Pi * 6))
}

// lunationNear returns the number of the new moon nearest to the day jdn.
func lunationNear(jdn int) int {
	return int(math.Floor((float64(jdn)-lunationEpoch)/synodicMonth + 0.5))
}

// month11Start returns the first day (JDN) of lunar month 11 that begins in Gregorian year y:
// the month containing the winter solstice (Sun at 270°).
func month11Start(y int) int {
	// The last new moon on or before about 31 December…
	k := int(math.Floor(float64(jdnOf(y, 12, 31)-2415021) / synodicMonth))
	start := newMoonDay(k)
	// …unless the Sun had already passed 270° when it began: then the solstice fell in the
	// month before.
	if solarTermSector(start) >= 9 {
		start = newMoonDay(k - 1)
	}
	return start
}
