package commune

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"xaso/internal/errs"
	"xaso/internal/fold"
)

// The import reads households and residents from a CSV or XLSX file with one row per
// resident. Columns are found by their Vietnamese headers (compared without diacritics, in any
// order, other columns ignored); rows sharing a "Số hộ" form one household, whose head is the
// row with relation "Chủ hộ".
//
// A household code that already exists in the commune is an error, not a merge: adding
// members to a registered household is done on its page, where the staff member sees who is
// already there. Nothing is written unless the whole file is valid.

// ImportOptions bound an import. Zero fields take the defaults.
type ImportOptions struct {
	MaxBytes int64     // default DefaultImportMaxBytes
	MaxRows  int       // data rows; default DefaultImportMaxRows
	Today    time.Time // for ages and "not in the future"; default now
}

// Import limits.
const (
	DefaultImportMaxBytes = 10 << 20
	DefaultImportMaxRows  = 20000
	// maxRowErrors keeps the report of a badly broken file readable.
	maxRowErrors = 1000
	// headerScan is how many rows above the header (a title, the hamlet's name…) are allowed.
	headerScan = 10
)

func (o ImportOptions) norm() ImportOptions {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultImportMaxBytes
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultImportMaxRows
	}
	if o.Today.IsZero() {
		o.Today = time.Now()
	}
	return o
}

// Column titles, as the template file writes them.
const (
	ColHamlet   = "Xóm"
	ColCode     = "Số hộ"
	ColName     = "Họ và tên"
	ColBirth    = "Ngày sinh"
	ColGender   = "Giới tính"
	ColIDNumber = "Số định danh"
	ColPhone    = "Điện thoại"
	ColRelation = "Quan hệ với chủ hộ"
	ColAddress  = "Địa chỉ"
)

// ImportColumns lists the columns in the order of the template file.
var ImportColumns = []string{ColHamlet, ColCode, ColName, ColBirth, ColGender, ColIDNumber, ColPhone, ColRelation, ColAddress}

var requiredColumns = []string{ColHamlet, ColCode, ColName, ColBirth, ColGender, ColRelation}

// headerAliases maps a header, folded and stripped of punctuation, to its column.
var headerAliases = map[string]string{
	"xom": ColHamlet, "thon": ColHamlet, "xom thon": ColHamlet, "thon xom": ColHamlet, "ten xom": ColHamlet,
	"to dan pho": ColHamlet, "thon to dan pho": ColHamlet, "xom to dan pho": ColHamlet, "ban": ColHamlet,
	"so ho": ColCode, "ma ho": ColCode, "so ho gia dinh": ColCode, "ma ho gia dinh": ColCode, "so ho khau": ColCode,
	"ho va ten": ColName, "ho ten": ColName, "ho va ten cong dan": ColName, "ho ten cong dan": ColName,
	"ngay sinh": ColBirth, "ngay thang nam sinh": ColBirth, "sinh ngay": ColBirth,
	"gioi tinh": ColGender, "gioi": ColGender,
	"so dinh danh": ColIDNumber, "so dinh danh ca nhan": ColIDNumber, "ma dinh danh": ColIDNumber, "dinh danh": ColIDNumber,
	"cccd": ColIDNumber, "so cccd": ColIDNumber, "can cuoc": ColIDNumber, "so can cuoc": ColIDNumber,
	"can cuoc cong dan": ColIDNumber, "so can cuoc cong dan": ColIDNumber, "cmnd cccd": ColIDNumber, "so cmnd cccd": ColIDNumber,
	"dien thoai": ColPhone, "so dien thoai": ColPhone, "sdt": ColPhone, "so dt": ColPhone, "dt": ColPhone, "di dong": ColPhone,
	"quan he voi chu ho": ColRelation, "quan he": ColRelation, "quan he chu ho": ColRelation, "qh voi chu ho": ColRelation,
	"dia chi": ColAddress, "noi o": ColAddress, "noi o hien tai": ColAddress, "dia chi thuong tru": ColAddress,
	"noi thuong tru": ColAddress, "thuong tru": ColAddress,
}

var (
	parenRe = regexp.MustCompile(`\([^)]*\)|\[[^\]]*\]`)
	nonWord = regexp.MustCompile(`[^a-z0-9]+`)
)

// headerKey is a header cell as compared: "Ngày sinh (dd/mm/yyyy) *" → "ngay sinh".
func headerKey(s string) string {
	s = fold.String(parenRe.ReplaceAllString(s, " "))
	return strings.TrimSpace(nonWord.ReplaceAllString(s, " "))
}

// RowError is a problem in one cell (or row, when Column is "") of the file: Row is the row
// number the user sees (the header is row 1 when the file starts with it), Column the column
// title (ImportColumns), Key and Args the catalogue message.
type RowError struct {
	Row    int
	Column string
	Key    string
	Args   []any
}

func (e RowError) Error() string {
	return fmt.Sprintf("row %d, %s: %s%v", e.Row, e.Column, e.Key, e.Args)
}

// ImportResident is one resident of the file with its row.
type ImportResident struct {
	Row int
	Resident
}

// ImportHousehold is one household of the file: Row is its first row.
type ImportHousehold struct {
	Row        int
	Code       string
	HamletName string
	HamletID   string // set by ValidateImport
	Address    string
	Phone      string
	Members    []ImportResident
}

// ImportPreview is what a file would create, and what is wrong with it.
type ImportPreview struct {
	Filename        string
	Format          string // "csv" or "xlsx"
	HeaderRow       int
	Rows            int // data rows read
	Households      []ImportHousehold
	Errors          []RowError // sorted by row; empty when the file can be applied
	ErrorsTruncated bool       // more errors than maxRowErrors were found
}

// OK reports whether the file can be applied.
func (p *ImportPreview) OK() bool { return len(p.Errors) == 0 && !p.ErrorsTruncated }

// Residents counts the residents to be created.
func (p *ImportPreview) Residents() int {
	n := 0
	for _, h := range p.Households {
		n += len(h.Members)
	}
	return n
}

func (p *ImportPreview) fail(row int, col, key string, args ...any) {
	if len(p.Errors) >= maxRowErrors {
		p.ErrorsTruncated = true
		return
	}
	p.Errors = append(p.Errors, RowError{Row: row, Column: col, Key: key, Args: args})
}

func (p *ImportPreview) sortErrors() {
	colIndex := func(c string) int { return slices.Index(ImportColumns, c) }
	slices.SortStableFunc(p.Errors, func(a, b RowError) int {
		if a.Row != b.Row {
			return a.Row - b.Row
		}
		return colIndex(a.Column) - colIndex(b.Column)
	})
}

// findHeader returns the index of the header row among the first rows: the first with a
// name column and at least two other known columns.
func findHeader(rows []sheetRow) (int, bool) {
	for i := 0; i < len(rows) && i < headerScan; i++ {
		known := map[string]bool{}
		for _, c := range rows[i].cells {
			if col, ok := headerAliases[headerKey(c)]; ok {
				known[col] = true
			}
		}
		if known[ColName] && len(known) >= 3 {
			return i, true
		}
	}
	return 0, false
}

// ParseImport reads a CSV or XLSX file (told apart by content, then by filename) into a
// preview. File-level problems (too large, too many rows, unreadable, empty) are returned as
// an errs.Error; everything else is a RowError in the preview. Checks that need the database
// (hamlet names, existing codes and ID numbers) are added by Store.ValidateImport.
func ParseImport(filename string, r io.Reader, o ImportOptions) (*ImportPreview, error) {
	o = o.norm()
	s, err := readSheet(filename, r, o)
	if err != nil {
		return nil, err
	}
	p := &ImportPreview{Filename: filename, Format: s.format}
	hi, ok := findHeader(s.rows)
	if !ok {
		if s.notUTF8 {
			p.fail(1, "", "commune.import.not_utf8")
		} else {
			p.fail(1, "", "commune.import.header_missing")
		}
		return p, nil
	}
	header := s.rows[hi]
	p.HeaderRow = header.num
	idx := map[string]int{}
	for i, c := range header.cells {
		col, ok := headerAliases[headerKey(c)]
		if !ok {
			continue
		}
		if _, dup := idx[col]; dup {
			p.fail(header.num, col, "commune.import.column_repeated")
			continue
		}
		idx[col] = i
	}
	for _, col := range requiredColumns {
		if _, ok := idx[col]; !ok {
			p.fail(header.num, col, "commune.import.column_missing")
		}
	}
	if len(p.Errors) > 0 {
		return p, nil
	}
	data := s.rows[hi+1:]
	// A row of column numbers under the header ("(1) (2) (3)…", usual in official forms).
	if len(data) > 0 && isNumberingRow(data[0]) {
		data = data[1:]
	}
	if len(data) > o.MaxRows {
		return nil, errs.E(opImport, errs.TooLarge, "commune.import.too_many_rows", o.MaxRows)
	}
	p.Rows = len(data)
	if p.Rows == 0 {
		p.fail(header.num, "", "commune.import.no_rows")
		return p, nil
	}
	b := builder{p: p, s: s, idx: idx, today: o.Today, byCode: map[string]int{}, idRows: map[string]int{}}
	for _, row := range data {
		b.add(row)
	}
	b.finish()
	p.sortErrors()
	return p, nil
}

var numberingCell = regexp.MustCompile(`^\(?\d{1,2}\)?$`)

func isNumberingRow(r sheetRow) bool {
	n := 0
	for _, c := range r.cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !numberingCell.MatchString(c) {
			return false
		}
		n++
	}
	return n >= 3
}

// builder turns data rows into households.
type builder struct {
	p      *ImportPreview
	s      *sheet
	idx    map[string]int
	today  time.Time
	byCode map[string]int // household code → index in p.Households
	idRows map[string]int // ID number → first row
}

func (b *builder) cell(r sheetRow, col string) string {
	i, ok := b.idx[col]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

// shortNumber reports a value that may be a number cell which lost its leading zeros.
func (b *builder) shortNumber(v string, digits int) bool {
	d, _, _ := strings.Cut(v, ".")
	return d != "" && allDigits(d) && len(d) < digits
}

// fieldColumns maps the resident's field names (as in form errors) to the file's columns.
var fieldColumns = map[string]string{"full_name": ColName, "birth_date": ColBirth, "gender": ColGender,
	"id_number": ColIDNumber, "phone": ColPhone, "relation": ColRelation}

func (b *builder) add(row sheetRow) {
	p, n := b.p, row.num
	code, hamlet, address := clean(b.cell(row, ColCode)), clean(b.cell(row, ColHamlet)), clean(b.cell(row, ColAddress))
	r := Resident{
		FullName:  b.cell(row, ColName),
		BirthDate: strings.TrimSpace(b.cell(row, ColBirth)),
		Gender:    b.cell(row, ColGender),
		IDNumber:  strings.TrimSpace(b.cell(row, ColIDNumber)),
		Phone:     strings.TrimSpace(b.cell(row, ColPhone)),
		Relation:  b.cell(row, ColRelation),
	}
	// What Excel did to numbers and dates typed into number cells.
	hint := map[string]string{}
	if b.s.format == "xlsx" {
		// A date cell holds a serial number (or, rarely, an ISO date-time); no date written
		// as text is a plain number, so there is no need to ask the cell's type.
		if len(r.BirthDate) > 10 && r.BirthDate[10] == 'T' {
			r.BirthDate = r.BirthDate[:10]
		} else if allDigits(strings.ReplaceAll(r.BirthDate, ".", "")) {
			r.BirthDate, _ = serialDate(r.BirthDate, b.s.date1904)
		}
		if b.shortNumber(r.IDNumber, 12) && b.s.numeric(n, b.idx[ColIDNumber]) {
			r.IDNumber, _ = numberText(r.IDNumber, 12, 2)
		}
		if b.shortNumber(r.Phone, 10) && b.s.numeric(n, b.idx[ColPhone]) {
			r.Phone, _ = numberText(r.Phone, 10, 1)
		}
	} else {
		if d := stripSeparators(r.IDNumber); len(d) == 11 && allDigits(d) {
			hint["id_number"] = "commune.import.id_number_lost_zero"
		}
		if d := stripSeparators(r.Phone); len(d) == 9 && allDigits(d) && strings.IndexByte("35789", d[0]) >= 0 {
			hint["phone"] = "commune.import.phone_lost_zero"
		}
	}
	if strings.ContainsAny(r.IDNumber, "Ee") && strings.ContainsAny(r.IDNumber, "+") {
		hint["id_number"] = "commune.import.number_scientific"
	}
	fe := errs.FieldErrors{}
	r.normalize(b.today, "", fe)
	for _, field := range []string{"full_name", "birth_date", "gender", "id_number", "phone", "relation"} {
		if key, bad := fe[field]; bad {
			if h, ok := hint[field]; ok {
				key = h
			}
			p.fail(n, fieldColumns[field], key)
		}
	}
	if r.IDNumber != "" && fe["id_number"] == "" {
		if first, dup := b.idRows[r.IDNumber]; dup {
			p.fail(n, ColIDNumber, "commune.import.id_number_repeated", first)
		} else {
			b.idRows[r.IDNumber] = n
		}
	}
	if tooLong(address, maxAddress) {
		p.fail(n, ColAddress, "commune.too_long")
	}
	if hamlet == "" {
		p.fail(n, ColHamlet, "commune.household.hamlet_required")
	} else if tooLong(hamlet, maxName) {
		p.fail(n, ColHamlet, "commune.too_long")
	}
	switch {
	case code == "":
		p.fail(n, ColCode, "commune.household.code_required")
		return
	case tooLong(code, maxCode):
		p.fail(n, ColCode, "commune.too_long")
		return
	}
	hi, ok := b.byCode[code]
	if !ok {
		hi = len(p.Households)
		b.byCode[code] = hi
		p.Households = append(p.Households, ImportHousehold{Row: n, Code: code, HamletName: hamlet})
	}
	h := &p.Households[hi]
	switch {
	case h.HamletName == "":
		h.HamletName = hamlet
	case hamlet != "" && hamletKey(hamlet) != hamletKey(h.HamletName):
		p.fail(n, ColHamlet, "commune.import.hamlet_differs", code, h.Row)
	}
	// The household's address and phone are the head's, else the first given.
	if address != "" && (h.Address == "" || r.IsHead()) {
		h.Address = address
	}
	if r.Phone != "" && fe["phone"] == "" && (h.Phone == "" || r.IsHead()) {
		h.Phone = r.Phone
	}
	h.Members = append(h.Members, ImportResident{Row: n, Resident: r})
}

// finish checks that every household has exactly one head.
func (b *builder) finish() {
	for _, h := range b.p.Households {
		heads := 0
		for _, m := range h.Members {
			if m.IsHead() {
				if heads++; heads > 1 {
					b.p.fail(m.Row, ColRelation, "commune.import.head_repeated", h.Code)
				}
			}
		}
		if heads == 0 {
			b.p.fail(h.Row, ColRelation, "commune.import.head_missing", h.Code)
		}
	}
}
