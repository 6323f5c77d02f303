package letters

// Kind is what a letter does: congratulate, condole, apologise, thank, greet.
type Kind string

const (
	Congratulation Kind = "congratulation"
	Condolence     Kind = "condolence"
	Apology        Kind = "apology"
	Thanks         Kind = "thanks"
	Greeting       Kind = "greeting"
)

// Kinds lists the kinds in the order staff see them.
var Kinds = []Kind{Congratulation, Condolence, Apology, Thanks, Greeting}

// Occasion is why a letter is written; each occasion has its template.
type Occasion string

const (
	OccBirth        Occasion = "birth"        // birth registration returned (procedure 1.001193)
	OccMarriage     Occasion = "marriage"     // marriage registration returned (1.000894)
	OccDeath        Occasion = "death"        // death registration returned (1.000656)
	OccLate         Occasion = "late"         // a dossier's result returned after its due time
	OccApologised   Occasion = "apologised"   // an apology with a new date issued by the desk
	OccMistake      Occasion = "mistake"      // another shortcoming of the commune, by hand
	OccContribution Occasion = "contribution" // thanks for a contribution, by hand
	OccHoliday      Occasion = "holiday"      // the chairman's greetings on Tết and the holidays
)

// Occasions lists every occasion in the order staff see them.
var Occasions = []Occasion{OccBirth, OccMarriage, OccDeath, OccLate, OccApologised, OccMistake, OccContribution, OccHoliday}

// ByHand are the occasions staff write letters for by hand (the others come from the
// one-stop desk's events, and may be written by hand too when an event was missed).
var ByHand = []Occasion{OccContribution, OccMistake, OccHoliday, OccBirth, OccMarriage, OccDeath}

// Procedure codes of the national catalogue whose returned results are congratulated or
// condoled (the one-stop room publishes them in its events).
const (
	CodeBirth    = "1.001193"
	CodeMarriage = "1.000894"
	CodeDeath    = "1.000656"
)

// Placeholders: what a template may write between double braces, and what each is.
const (
	PhName     = "ho_ten"       // the recipient's full name
	PhAddress  = "dia_chi"      // the recipient's address
	PhDate     = "ngay"         // the day of what the letter is about (registration, return)
	PhCode     = "ma_ho_so"     // the dossier code
	PhProc     = "thu_tuc"      // the procedure's name
	PhReason   = "ly_do"        // the reason: of the apology, of the thanks
	PhOldDue   = "ngay_hen_cu"  // the day the result was due
	PhNewDue   = "ngay_hen_moi" // the new day the apology sets
	PhChairman = "chu_tich"     // the chairman's name
	PhCommune  = "xa"           // the commune's name
	PhHoliday  = "dip"          // the holiday or occasion of a greeting
)

// Placeholders lists every placeholder, in the order the template page explains them.
var Placeholders = []string{PhName, PhAddress, PhDate, PhCode, PhProc, PhReason, PhOldDue, PhNewDue, PhChairman, PhCommune, PhHoliday}

// OccasionRule is the data of an occasion: its kind, the placeholders its template may use
// and those its body must use (a letter of apology that does not name the dossier, or a
// greeting that does not name the holiday, is refused).
type OccasionRule struct {
	Kind     Kind
	Allowed  []string
	Required []string
}

var (
	common     = []string{PhName, PhAddress, PhDate, PhChairman, PhCommune}
	withDos    = append(append([]string{}, common...), PhCode, PhProc)
	occasionOf = map[Occasion]OccasionRule{
		OccBirth:        {Congratulation, withDos, []string{PhName}},
		OccMarriage:     {Congratulation, withDos, []string{PhName}},
		OccDeath:        {Condolence, withDos, []string{PhName}},
		OccLate:         {Apology, append(append([]string{}, withDos...), PhOldDue), []string{PhName, PhCode}},
		OccApologised:   {Apology, append(append([]string{}, withDos...), PhReason, PhOldDue, PhNewDue), []string{PhName, PhCode, PhNewDue}},
		OccMistake:      {Apology, append(append([]string{}, common...), PhReason), []string{PhName, PhReason}},
		OccContribution: {Thanks, append(append([]string{}, common...), PhReason), []string{PhName, PhReason}},
		OccHoliday:      {Greeting, []string{PhHoliday, PhDate, PhChairman, PhCommune}, []string{PhHoliday}},
	}
)

// RuleOf is the rule of an occasion; false for an unknown one.
func RuleOf(o Occasion) (OccasionRule, bool) {
	r, ok := occasionOf[o]
	return r, ok
}

// Valid reports whether o is a known occasion.
func (o Occasion) Valid() bool { _, ok := occasionOf[o]; return ok }

// Kind is the kind of letter the occasion makes.
func (o Occasion) Kind() Kind { return occasionOf[o].Kind }
