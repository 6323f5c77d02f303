package web

import "net/http"

// HomeCard is a figure a room shows signed-in staff on the home page (the chairman's count of
// duties coming due). Title and Text are catalogue keys; Text takes Args.
type HomeCard struct {
	Title, Text string
	Args        []any
	URL         string
	Alert       bool // drawn as a warning (something is overdue)
}

// AddHomeCard lets a room add a card to the home page of signed-in users; fn says whether the
// card applies to the request's user. Rooms call it while mounting, before Start.
func (s *Server) AddHomeCard(fn func(r *http.Request) (HomeCard, bool, error)) {
	s.cards = append(s.cards, fn)
}

// homeCards collects the cards for a signed-in request; anonymous visitors get none (their
// page is cached and must not depend on anyone's data).
func (s *Server) homeCards(r *http.Request) ([]HomeCard, error) {
	if UserOf(r) == nil {
		return nil, nil
	}
	var out []HomeCard
	for _, fn := range s.cards {
		c, ok, err := fn(r)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, c)
		}
	}
	return out, nil
}
