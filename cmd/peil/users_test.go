package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
)

// usersRun runs peil with args and stdin.
func usersRun(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	code = m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

var generatedPassword = regexp.MustCompile(`Wachtwoord \(wordt maar één keer getoond\): (\S+)\n`)

func TestUsersCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	code, out, errOut := usersRun(t, "", "users", "add", "anna", "--role", "beheerder", "--db", db)
	if code != 0 {
		t.Fatalf("peil users add = %d: %s", code, errOut)
	}
	m := generatedPassword.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("peil users add printed no password:\n%s", out)
	}
	annaPW := m[1]
	code, _, errOut = usersRun(t, "een lang gekozen wachtwoord\n", "users", "add", "--db", db, "bert", "--role", "beoordelaar", "--password-stdin")
	if code != 0 {
		t.Fatalf("peil users add --password-stdin = %d: %s", code, errOut)
	}

	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"twice", "", []string{"add", "anna", "--role", "lezer"}, `gebruiker "anna" bestaat al`},
		{"no role", "", []string{"add", "carl"}, "geef de rol van carl met --role"},
		{"bad role", "", []string{"add", "carl", "--role", "baas"}, `onbekende rol "baas"`},
		{"short password", "kort\n", []string{"add", "carl", "--role", "lezer", "--password-stdin"}, "minstens 12 tekens"},
		{"empty stdin", "", []string{"add", "carl", "--role", "lezer", "--password-stdin"}, "geen wachtwoord op stdin"},
		{"bad name", "", []string{"add", "<script>", "--role", "lezer"}, "gebruikersnaam"},
		{"unknown passwd", "", []string{"passwd", "nobody"}, `gebruiker "nobody" bestaat niet`},
		{"role with passwd", "", []string{"passwd", "anna", "--role", "lezer"}, "--role hoort bij add"},
	} {
		code, _, errOut := usersRun(t, tc.stdin, append([]string{"users", "--db", db}, tc.args...)...)
		if code != exitInvalid || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: peil users %v = %d, %q; want 2 and %q", tc.name, tc.args, code, errOut, tc.want)
		}
	}

	code, out, errOut = usersRun(t, "", "users", "list", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("peil users list = %d: %s", code, errOut)
	}
	var users []peil.User
	if err := json.Unmarshal([]byte(out), &users); err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 || users[0].Name != "anna" || users[0].Role != peil.RoleAdmin || users[1].Role != peil.RoleReviewer {
		t.Errorf("peil users list = %+v; want anna (beheerder), bert (beoordelaar)", users)
	}
	if strings.Contains(out, annaPW) || strings.Contains(out, "argon2") {
		t.Errorf("peil users list shows a password or hash:\n%s", out)
	}

	code, out, _ = usersRun(t, "", "users", "passwd", "anna", "--db", db)
	m = generatedPassword.FindStringSubmatch(out)
	if code != 0 || m == nil || m[1] == annaPW {
		t.Fatalf("peil users passwd = %d, %q; want a new password", code, out)
	}
	if code, _, errOut := usersRun(t, "", "users", "disable", "bert", "--db", db); code != 0 {
		t.Fatalf("peil users disable = %d: %s", code, errOut)
	}
	_, table, _ := usersRun(t, "", "users", "list", "--db", db)
	if !regexp.MustCompile(`bert\s+beoordelaar\s+uitgeschakeld`).MatchString(table) {
		t.Errorf("peil users list after disable:\n%s", table)
	}

	// The new password logs in, the old one and the disabled account do not.
	store, err := analytics.Open(context.Background(), db, analytics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	now := time.Now()
	if _, _, err := store.Login(context.Background(), "anna", m[1], "test", now); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
	if _, _, err := store.Login(context.Background(), "anna", annaPW, "test", now); err == nil {
		t.Errorf("login with the old password succeeded")
	}
	if _, _, err := store.Login(context.Background(), "bert", "een lang gekozen wachtwoord", "test", now); err == nil {
		t.Errorf("login of the disabled account succeeded")
	}
}

func TestServeWriteFlags(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.duckdb")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--login-required"}, "--login-required werkt alleen met --write"},
		{[]string{"serve", "--write", "--tls-cert", "c.pem"}, "geef --tls-cert en --tls-key samen"},
		{[]string{"serve", "--write", "--public-url", "peil.example.nl"}, "--public-url"},
		{[]string{"serve", "--write", "--trusted-proxy", "10.0.0.0/33"}, "geef een IP-adres of CIDR"},
		{[]string{"serve", "--write", "--trusted-proxy", "proxy.example.nl"}, "geef een IP-adres of CIDR"},
		{[]string{"serve", "--write", "--db", missing}, "maak eerst een account met peil users add"},
	} {
		code, _, errOut := usersRun(t, "", tc.args...)
		if code != exitInvalid || !strings.Contains(errOut, tc.want) {
			t.Errorf("peil %v = %d, %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

func TestAuditCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	m := &Main{Stdin: strings.NewReader("een lang gekozen wachtwoord\n"), Stdout: new(bytes.Buffer), Stderr: new(bytes.Buffer),
		Getenv: func(k string) string {
			if k == "USER" {
				return "beheer"
			}
			return ""
		}}
	if code := m.Run(context.Background(), []string{"users", "add", "anna", "--role", "beheerder", "--password-stdin", "--db", db}); code != 0 {
		t.Fatalf("peil users add = %d: %s", code, m.Stderr)
	}
	usersRun(t, "", "users", "disable", "anna", "--db", db)
	code, out, errOut := usersRun(t, "", "audit", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("peil audit = %d: %s", code, errOut)
	}
	var entries []peil.AuditEntry
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) == 3 && entries[0].Action == "catalog.seed" {
		entries = entries[1:] // the new database's catalog
	}
	if len(entries) != 2 || entries[0].Action != analytics.AuditAddUser || entries[0].Actor != "cli:beheer" ||
		entries[1].Action != analytics.AuditDisableUser || entries[1].Subject != "user:anna" ||
		!strings.Contains(entries[1].Before, `"disabled":false`) || !strings.Contains(entries[1].After, `"disabled":true`) {
		t.Errorf("peil audit = %+v; want the add by cli:beheer, then the disable with before and after", entries)
	}
	if strings.Contains(out, "een lang gekozen wachtwoord") || strings.Contains(out, "argon2") {
		t.Errorf("peil audit shows a password or hash:\n%s", out)
	}
	_, table, _ := usersRun(t, "", "audit", "--db", db)
	if !regexp.MustCompile(`(?m)^3\s+\S+ \S+\s+cli\s+user\.disable\s+user:anna`).MatchString(table) {
		t.Errorf("peil audit table:\n%s", table)
	}
}
