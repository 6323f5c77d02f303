package privacy

import "xaso/internal/web"

// Subject types of the read log.
const (
	SubjectResident  = "resident"
	SubjectHousehold = "household"
	SubjectDossier   = "dossier"
	SubjectPetition  = "petition"
	SubjectIdentity  = "petition.identity" // a denouncer's identity shown (also audited by the petitions room)
	SubjectVisit     = "reception_visit"
	SubjectRequest   = "privacy_request"
)

// SubjectTypes in the log filter's order.
var SubjectTypes = []string{SubjectResident, SubjectHousehold, SubjectDossier, SubjectPetition, SubjectIdentity, SubjectVisit, SubjectRequest}

// Routes are the pages that show one person's data to an officer, as the rooms mount them
// (the app's test fails when one of them is no longer mounted). Lists (households, residents,
// dossiers, the logbook, the day's bookings) name many people at once and are not logged one
// by one: the pages of a single record are. The booking desk's list shows phones masked.
var Routes = map[string]web.PersonalRoute{
	"GET /ho-gia-dinh/{id}":                              {Subject: SubjectHousehold, PathValue: "id"},
	"GET /nhan-khau/{id}":                                {Subject: SubjectResident, PathValue: "id"},
	"GET /nhan-khau/{id}/xoa":                            {Subject: SubjectResident, PathValue: "id"},
	"GET /ho-so/{code}":                                  {Subject: SubjectDossier, PathValue: "code"},
	"GET /ho-so/{code}/tep/{sha}":                        {Subject: SubjectDossier, PathValue: "code"},
	"GET /dossiers/{code}/forms/{form}":                  {Subject: SubjectDossier, PathValue: "code"},
	"GET /api/v1/dossiers/{code}":                        {Subject: SubjectDossier, PathValue: "code"},
	"GET /don-thu/{number}":                              {Subject: SubjectPetition, PathValue: "number"},
	"POST /don-thu/{number}/danh-tinh":                   {Subject: SubjectIdentity, PathValue: "number"},
	"GET /don-thu/{number}/tep/{seq}":                    {Subject: SubjectPetition, PathValue: "number"},
	"GET /don-thu/{number}/tra-loi.pdf":                  {Subject: SubjectPetition, PathValue: "number"},
	"GET /tiep-cong-dan/luot/{id}":                       {Subject: SubjectVisit, PathValue: "id"},
	"GET /du-lieu-ca-nhan/yeu-cau/{number}":              {Subject: SubjectRequest, PathValue: "number"},
	"GET /du-lieu-ca-nhan/yeu-cau/{number}/du-lieu.json": {Subject: SubjectRequest, PathValue: "number"},
}

// SubjectURL is the staff page of a subject of the read log ("" when it has none).
func SubjectURL(typ, id string) string {
	switch typ {
	case SubjectResident:
		return "/nhan-khau/" + id
	case SubjectHousehold:
		return "/ho-gia-dinh/" + id
	case SubjectDossier:
		return "/ho-so/" + id
	case SubjectPetition, SubjectIdentity:
		return "/don-thu/" + id
	case SubjectVisit:
		return "/tiep-cong-dan/luot/" + id
	case SubjectRequest:
		return "/du-lieu-ca-nhan/yeu-cau/" + id
	}
	return ""
}
