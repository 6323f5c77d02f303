package booking

import (
	"context"
	"slices"
	"strings"

	"xaso/internal/errs"
	"xaso/internal/onestop"
)

// Procedure is what booking needs of a procedure: its code, its name and its field (lĩnh vực),
// which decides the counters that serve it and the prefix of its tickets.
type Procedure struct {
	Code, Name, Field string
}

// Catalogue lists the procedures a commune's residents may book or queue for.
type Catalogue interface {
	// Bookable returns the commune's active procedures received at the counter, by field
	// and code.
	Bookable(ctx context.Context, communeID string) ([]Procedure, error)
}

// CatalogueFunc adapts a function to a Catalogue.
type CatalogueFunc func(ctx context.Context, communeID string) ([]Procedure, error)

// Bookable calls f.
func (f CatalogueFunc) Bookable(ctx context.Context, communeID string) ([]Procedure, error) {
	return f(ctx, communeID)
}

// OnestopCatalogue reads the one-stop room's catalogue (read only): the active procedures whose
// channels include the counter, since a booking is a visit to the counter.
func OnestopCatalogue(svc *onestop.Service) Catalogue {
	return CatalogueFunc(func(ctx context.Context, communeID string) ([]Procedure, error) {
		var out []Procedure
		for offset := 0; ; offset += onestop.MaxPageSize {
			page, total, err := svc.Procedures(ctx, communeID, onestop.ProcedureFilter{ActiveOnly: true, Limit: onestop.MaxPageSize, Offset: offset})
			if err != nil {
				return nil, err
			}
			for _, p := range page {
				if p.Active && slices.Contains(p.Channels, "counter") {
					out = append(out, Procedure{Code: p.Code, Name: p.Name, Field: p.Field})
				}
			}
			if len(page) == 0 || offset+len(page) >= total {
				return out, nil
			}
		}
	})
}

// procedures returns the bookable procedures and their fields in order.
func (s *Service) procedures(ctx context.Context, communeID string) ([]Procedure, []string, error) {
	if s.catalogue == nil {
		return nil, nil, nil
	}
	ps, err := s.catalogue.Bookable(ctx, communeID)
	if err != nil {
		return nil, nil, errs.Wrap("booking: catalogue", err)
	}
	slices.SortStableFunc(ps, func(a, b Procedure) int {
		if c := strings.Compare(a.Field, b.Field); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	var fields []string
	for _, p := range ps {
		if len(fields) == 0 || fields[len(fields)-1] != p.Field {
			fields = append(fields, p.Field)
		}
	}
	return ps, fields, nil
}

// Procedures returns the procedures residents may book, by field and code.
func (s *Service) Procedures(ctx context.Context, communeID string) ([]Procedure, error) {
	ps, _, err := s.procedures(ctx, communeID)
	return ps, err
}

// Fields returns the fields of the bookable procedures, in order: the kiosk's buttons.
func (s *Service) Fields(ctx context.Context, communeID string) ([]string, error) {
	_, fs, err := s.procedures(ctx, communeID)
	return fs, err
}

// QueueFields returns the fields a ticket can be taken for: those of the bookable procedures
// that an active counter serves (a ticket nobody can call is not offered).
func (s *Service) QueueFields(ctx context.Context, communeID string, st Settings) ([]string, error) {
	fields, err := s.Fields(ctx, communeID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range fields {
		for _, c := range st.Counters {
			if c.Active && c.Serves(f) {
				out = append(out, f)
				break
			}
		}
	}
	return out, nil
}

// procedure finds one bookable procedure by code.
func (s *Service) procedure(ctx context.Context, communeID, code string) (Procedure, error) {
	ps, _, err := s.procedures(ctx, communeID)
	if err != nil {
		return Procedure{}, err
	}
	code = strings.TrimSpace(code)
	for _, p := range ps {
		if p.Code == code {
			return p, nil
		}
	}
	return Procedure{}, errs.E("booking: procedure", errs.NotFound, "booking.procedure_not_found")
}
