// Package letters is the room of the commune's letters (plan 2025 section III.1.6): the
// congratulation on a birth or a marriage registration, the condolence on a death
// registration, the apology for a dossier returned late or apologised for (and for other
// mistakes), the thanks for a contribution, and the chairman's greetings on Tết and the
// holidays, with the scripts the hamlet loudspeakers read.
//
// It owns five tables (migration 0035_letters.sql):
//
//   - letter_templates: a commune's own text of each occasion (title, body, short text for
//     SMS and Zalo) with its placeholders ({{ho_ten}}, {{ma_ho_so}}…); the allowed and
//     required placeholders of each occasion are data (occasions.go), the shipped texts too;
//   - letters: one letter, written from the template when it is made; made by the one-stop
//     events (OnDossierReturned, OnDossierApologised, subscribed by app) exactly once per
//     event kind and dossier (a unique key, so an outbox replay or two deliveries at once make
//     one letter), or by hand; waiting to be printed, printed, delivered, or cancelled;
//   - letter_deliveries: each delivery, in person (the hamlet head, the office), by SMS or by
//     Zalo (the short text, sent through the notify room in the same transaction);
//   - loudspeaker_scripts and loudspeaker_readings: a text to read on the hamlet loudspeakers
//     (the chairman's greetings, or any text staff paste), drawn for reading with
//     spoken.Script, the day and the hamlets, and when it was read in each.
//
// Every change is one transaction holding the rows, the audit entry (which is also the
// letter's history) and the event (letters.*). The room reads the registry's hamlets and
// communes tables (the letterhead, the chairman's name) and writes no other room's table; it
// does not import the one-stop room: it decodes the payload of its events by their JSON names.
// No letter has a legal deadline: the room keeps nothing in the duty register.
package letters
