// Package docs renders official documents: PDF pages in the layout of Decree 30/2020/NĐ-CP
// (letterhead, number, place and date, title, body, signature, distribution list), XLSX
// registers written as a stream, and QR codes.
//
// It knows nothing about dossiers, residents or any other feature: a feature room builds a
// Doc (or a Sheet and its rows) from its own data and hands it here. It must not import a
// feature room, the database or the web shell.
//
// Every string is normalised to NFC before it is measured or drawn: decomposed Vietnamese
// (a base letter followed by combining marks) renders with misplaced accents otherwise.
package docs

import "time"

// Size is a paper size. Forms 01–06 of the one-stop desk print on A5, the register and
// ordinary documents on A4 (Circular 03/2025/TT-VPCP, as Circular 01/2018 before it).
type Size int

const (
	A4 Size = iota
	A5
)

func (s Size) String() string {
	switch s {
	case A4:
		return "A4"
	case A5:
		return "A5"
	}
	return "Size(?)"
}

// Letterhead is the top of a document (Decree 30/2020 Annex I): the governing body and the
// issuing body on the left, the national name and motto on the right.
type Letterhead struct {
	ParentBody  string // "UBND TỈNH THÁI NGUYÊN": caps, regular; may be empty
	IssuingBody string // "UBND XÃ BÌNH YÊN": caps, bold, short underline
	Place       string // "Bình Yên": starts the place-and-date line
}

func (l Letterhead) empty() bool {
	return l.ParentBody == "" && l.IssuingBody == "" && l.Place == ""
}

// Doc is one document. Blocks are drawn in order between the title and the closing
// (Recipients on the left, Signature on the right).
type Doc struct {
	Size       Size
	Landscape  bool   // the page turned: a wide register on A4
	Form       string // "Mẫu số 01 (Thông tư số 03/2025/TT-VPCP)": top right, italic; may be empty
	Letterhead Letterhead
	Number     string    // "05/PTN-UBND", drawn as "Số: 05/PTN-UBND"; empty: no number line
	Date       time.Time // the date of issue, in its own location; zero: a blank date to fill by hand
	Title      string    // document type or name, drawn in capitals, bold, centred
	Subtitle   string    // the subject (trích yếu), bold, centred, with a short rule under it
	Blocks     []Block
	Signature  *Signature // the issuer's signature, right of the recipients; nil: none
	Recipients []string   // "Nơi nhận:" list; each item drawn after "- "

	// Metadata of the PDF file. A zero Created means the moment of rendering; tests set it
	// so that the output is byte for byte reproducible.
	Author  string
	Created time.Time
}

// Signature is a signature block: the authority line ("TM. ỦY BAN NHÂN DÂN"), the title
// ("CHỦ TỊCH"), an optional hint ("(Ký, ghi rõ họ tên)"), room to sign, and the name.
type Signature struct {
	Authority string // caps, bold; may be empty
	Title     string // caps, bold
	Hint      string // italic, e.g. "(Ký, ghi rõ họ tên)"; may be empty
	Name      string // bold; empty leaves the space to write it by hand
}
