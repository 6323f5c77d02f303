package privacy

import (
	"bufio"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"xaso/internal/db/dbtest"
)

// looksPersonal is a column name that may hold a person's data: a name, an ID number, a birth
// date, a gender, a contact, a family or health fact, or one of the people a record names.
var looksPersonal = regexp.MustCompile(`^((.*_)?name|.*(phone|email|id_number|cccd|cmnd|birth|address|gender|recipient|relatives|ethnic|religion|health|sealed).*|` +
	`proposer|chair|secretary|signer[0-9]*|witnesses|team|representative|proxy|attendees|team_leader|team_members|front_head|committee|author|raised_by|on_behalf|data)$`)

var (
	tableHeading = regexp.MustCompile("^### `([a-z0-9_]+)`")
	columnRow    = regexp.MustCompile("^\\| `([a-z0-9_]+)` \\|")
	otherRow     = regexp.MustCompile("^\\| `([a-z0-9_]+)\\.([a-z0-9_]+)` \\|")
)

// inventory reads docs/PERSONAL-DATA.md: the personal columns under each "### `table`"
// heading, and the look-alike columns of the last section.
func inventory(t *testing.T) (personal, others map[string]bool) {
	t.Helper()
	f, err := os.Open("../../docs/PERSONAL-DATA.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	personal, others = map[string]bool{}, map[string]bool{}
	table := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			table = ""
		}
		if m := tableHeading.FindStringSubmatch(line); m != nil {
			table = m[1]
			continue
		}
		if m := otherRow.FindStringSubmatch(line); m != nil {
			others[m[1]+"."+m[2]] = true
			continue
		}
		if m := columnRow.FindStringSubmatch(line); m != nil && table != "" {
			personal[table+"."+m[1]] = true
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return personal, others
}

// Every column of the migrated schema whose name looks personal is in the inventory, and every
// column the inventory names exists: a migration that adds a phone, a name or an ID number
// fails here until docs/PERSONAL-DATA.md says why it is kept, who sees it and how it is kept.
func TestInventoryListsEveryPersonalColumn(t *testing.T) {
	personal, others := inventory(t)
	if len(personal) < 50 || len(others) < 10 {
		t.Fatalf("the inventory was not read: %d personal columns, %d look-alikes", len(personal), len(others))
	}
	d := dbtest.SQLite(t)
	cols, err := d.Columns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	exists := map[string]bool{}
	for _, c := range cols {
		key := c.Table + "." + c.Name
		exists[key] = true
		if looksPersonal.MatchString(c.Name) && !personal[key] && !others[key] {
			t.Errorf("%s looks personal but docs/PERSONAL-DATA.md does not list it", key)
		}
	}
	for key := range personal {
		if !exists[key] {
			t.Errorf("docs/PERSONAL-DATA.md lists %s, which no migration creates", key)
		}
	}
	for key := range others {
		if !exists[key] {
			t.Errorf("docs/PERSONAL-DATA.md lists %s among the look-alikes, which no migration creates", key)
		}
		if personal[key] {
			t.Errorf("%s is listed both as personal and as a look-alike", key)
		}
	}
}

// The check can fail: a column named like a phone that the inventory lacks is caught.
func TestInventoryCatchesANewColumn(t *testing.T) {
	personal, others := inventory(t)
	for _, name := range []string{"mother_name", "guardian_phone", "cccd", "birth_place", "home_address", "ethnicity"} {
		if !looksPersonal.MatchString(name) {
			t.Errorf("%s does not look personal to the check", name)
		}
		if personal["residents."+name] || others["residents."+name] {
			t.Errorf("residents.%s is listed", name)
		}
	}
	for _, name := range []string{"filename", "created_at", "status", "sha256", "procedure_code"} {
		if looksPersonal.MatchString(name) {
			t.Errorf("%s looks personal to the check", name)
		}
	}
}
