package report

// The plan's targets (domain/plan-2025.md, sections I.4, II and III), each with how it is
// measured. A Def is this room's data; a Source (given by the composition root) measures it
// from its room's records. The catalogue holds each one's name (report.m.KEY), its target as
// the plan words it (report.t.KEY) and how it is counted (report.h.KEY).

// Unit is how a measure is read.
type Unit string

// Units.
const (
	Percent Unit = "percent" // Num ÷ Den in percent
	Count   Unit = "count"   // Num
	Points  Unit = "points"  // Value, out of Den (an index's points)
)

// Def is one target of the plan.
type Def struct {
	Key     string // stable: the open data's "key"
	Section string // the plan's section, "III.1.2"
	Unit    Unit
	// Target is the value the plan asks for; HasTarget false when the plan gives no number
	// (the measure is shown, not judged). Lower means at most Target is met (a count of
	// late dossiers, of officers disciplined); otherwise at least Target.
	Target    float64
	HasTarget bool
	Lower     bool
}

// Measure keys.
const (
	KeyDossiersOnTime     = "dossiers_on_time"
	KeyLateApologised     = "late_dossiers_apologised"
	KeyOverdueOpen        = "dossiers_overdue_open"
	KeyIndex766           = "index_766"
	KeyDisclosuresOnTime  = "disclosures_on_time"
	KeyHamletsConferences = "hamlets_with_conferences"
	KeyHouseholdsInformed = "households_informed"
	KeyHouseholdsPresent  = "households_represented"
	KeyProjectsSupervised = "projects_supervised"
	KeyPetitionsOnTime    = "petitions_on_time"
	KeyPetitionSatisfied  = "petitions_satisfied"
	KeyRatingsSatisfied   = "ratings_satisfied"
	KeySipas              = "sipas_index"
	KeyLetters            = "letters_sent"
	KeyConductDisciplined = "officers_disciplined"
	KeyConductReportsOpen = "conduct_reports_overdue"
	KeyBadges             = "staff_with_badges"
	KeyTasksDone          = "plan_tasks_done"
	KeyReceptionSessions  = "reception_sessions"
	KeyInspectionAnswered = "inspection_answers_on_time"
)

// Defs are the plan's targets in the order of its sections.
var Defs = []Def{
	{Key: KeySipas, Section: "I.4", Unit: Percent}, // the target is the commune's setting of the year (Value.Target)
	{Key: KeyIndex766, Section: "I.4", Unit: Points},
	{Key: KeyTasksDone, Section: "II", Unit: Percent, Target: 100, HasTarget: true},
	{Key: KeyDisclosuresOnTime, Section: "III.1.1", Unit: Percent, Target: 100, HasTarget: true},
	{Key: KeyDossiersOnTime, Section: "III.1.2", Unit: Percent, Target: 100, HasTarget: true},
	{Key: KeyLateApologised, Section: "III.1.2", Unit: Percent, Target: 100, HasTarget: true},
	{Key: KeyOverdueOpen, Section: "III.1.2", Unit: Count, Target: 0, HasTarget: true, Lower: true},
	{Key: KeyReceptionSessions, Section: "III.1.3", Unit: Count},
	{Key: KeyPetitionsOnTime, Section: "III.1.3", Unit: Percent, Target: 100, HasTarget: true},
	{Key: KeyPetitionSatisfied, Section: "III.1.3", Unit: Percent},
	{Key: KeyBadges, Section: "III.1.4", Unit: Percent, Target: 100, HasTarget: true},
	{Key: KeyConductDisciplined, Section: "III.1.4", Unit: Count, Target: 0, HasTarget: true, Lower: true},
	{Key: KeyConductReportsOpen, Section: "III.1.4", Unit: Count, Target: 0, HasTarget: true, Lower: true},
	{Key: KeyRatingsSatisfied, Section: "III.1.5", Unit: Percent},
	{Key: KeyLetters, Section: "III.1.6", Unit: Count},
	{Key: KeyHamletsConferences, Section: "III.2.1", Unit: Percent, Target: 100, HasTarget: true},
	{Key: KeyHouseholdsInformed, Section: "III.2.2", Unit: Percent, Target: 100, HasTarget: true},
	{Key: KeyHouseholdsPresent, Section: "III.2.2", Unit: Percent, Target: 100, HasTarget: true},
	{Key: KeyProjectsSupervised, Section: "III.2.3", Unit: Percent, Target: 100, HasTarget: true},
	{Key: KeyInspectionAnswered, Section: "III.2.3", Unit: Percent, Target: 100, HasTarget: true},
}

// DefOf returns the Def of a key.
func DefOf(key string) (Def, bool) {
	for _, d := range Defs {
		if d.Key == key {
			return d, true
		}
	}
	return Def{}, false
}

// Sections are the plan's sections the dashboard and the reports follow, in order, with
// their headings (report.s.SECTION in the catalogue).
var Sections = []string{"I.4", "II", "III.1.1", "III.1.2", "III.1.3", "III.1.4", "III.1.5", "III.1.6", "III.2.1", "III.2.2", "III.2.3"}
