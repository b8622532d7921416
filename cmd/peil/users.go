package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
)

func init() {
	register(command{
		name:    "users",
		summary: "beheer de accounts van de schrijfserver: add, list, passwd, disable",
		run:     runUsers,
	})
}

const usersUsage = `add NAAM --role lezer|beoordelaar|beheerder [--password-stdin] | list [--format json|table] | passwd NAAM [--password-stdin] | disable NAAM  [--db BESTAND]`

func runUsers(ctx context.Context, m *Main, args []string) error {
	c := m.newListing("users", usersUsage)
	role := c.flags.String("role", "", "`rol` van een nieuw account (add): lezer, beoordelaar of beheerder")
	stdin := c.flags.Bool("password-stdin", false, "lees het wachtwoord van de eerste regel van stdin (add, passwd) in plaats van er een te maken")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		fmt.Fprintf(m.Stderr, "peil users: geef een handeling: add, list, passwd of disable\n")
		c.flags.Usage()
		return errUsage
	}
	action, rest := rest[0], rest[1:]
	wantArgs := 1
	if action == "list" {
		wantArgs = 0
	}
	switch action {
	case "add", "list", "passwd", "disable":
	default:
		fmt.Fprintf(m.Stderr, "peil users: onbekende handeling %q; kies add, list, passwd of disable\n", action)
		c.flags.Usage()
		return errUsage
	}
	if len(rest) != wantArgs {
		fmt.Fprintf(m.Stderr, "peil users %s: verwacht %d naam, kreeg %d argumenten\n", action, wantArgs, len(rest))
		c.flags.Usage()
		return errUsage
	}
	if action != "add" && *role != "" {
		return peil.Errorf(peil.EINVALID, "--role hoort bij add, niet bij %s", action)
	}

	var db *analytics.DB
	if action == "list" {
		db, err = m.openReadDB(ctx, *c.db)
	} else {
		db, err = m.openUsersDB(ctx, *c.db)
	}
	if err != nil {
		return err
	}
	defer db.Close()

	switch action {
	case "list":
		return m.listUsers(ctx, db, *c.format)
	case "disable":
		if err := db.DisableUser(ctx, rest[0], m.actor()); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "Account %s is uitgeschakeld; de sessies ervan zijn beëindigd.\n", rest[0])
		return nil
	}

	name := rest[0]
	if action == "add" {
		if *role == "" {
			return peil.Errorf(peil.EINVALID, "geef de rol van %s met --role lezer, beoordelaar of beheerder", name)
		}
		r, err := peil.ParseRole(*role)
		if err != nil {
			return err
		}
		if err := peil.ValidUserName(name); err != nil {
			return err
		}
		pw, generated, err := m.newPassword(*stdin)
		if err != nil {
			return err
		}
		if err := db.AddUser(ctx, name, r, pw, m.actor()); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "Account %s (%s) aangemaakt.\n", name, r)
		m.printGenerated(generated, pw)
		return nil
	}
	pw, generated, err := m.newPassword(*stdin)
	if err != nil {
		return err
	}
	if err := db.SetPassword(ctx, name, pw, m.actor()); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Nieuw wachtwoord voor %s opgeslagen; de sessies ervan zijn beëindigd.\n", name)
	m.printGenerated(generated, pw)
	return nil
}

// actor is who the audit log names for a change made on the command line:
// "cli:" and the system user ($USER), or just "cli".
func (m *Main) actor() string {
	if u := m.Getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}

// openUsersDB opens the database read-write for an account change, creating
// it with the catalog when it does not exist yet.
func (m *Main) openUsersDB(ctx context.Context, flagValue string) (*analytics.DB, error) {
	cat, err := data.Catalog()
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	return m.openDB(ctx, m.dbPath(flagValue), analytics.Options{Catalog: cat})
}

// newPassword reads a password from the first line of stdin, or generates
// one; generated says which.
func (m *Main) newPassword(fromStdin bool) (pw string, generated bool, err error) {
	if !fromStdin {
		pw, err := analytics.GeneratePassword()
		return pw, true, err
	}
	line, err := bufio.NewReader(io.LimitReader(m.Stdin, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", false, fmt.Errorf("read password from stdin: %w", err)
	}
	pw = strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", false, peil.Errorf(peil.EINVALID, "geen wachtwoord op stdin")
	}
	return pw, false, nil
}

// printGenerated shows a generated password, once: it is stored only as a hash.
func (m *Main) printGenerated(generated bool, pw string) {
	if generated {
		fmt.Fprintf(m.Stdout, "Wachtwoord (wordt maar één keer getoond): %s\n", pw)
	}
}

func (m *Main) listUsers(ctx context.Context, db *analytics.DB, format string) error {
	users, err := db.Users(ctx)
	if err != nil {
		return err
	}
	if format == "json" {
		if users == nil {
			users = []peil.User{}
		}
		return writeJSON(m.Stdout, users)
	}
	if len(users) == 0 {
		fmt.Fprintln(m.Stdout, "Geen accounts; maak er een met peil users add NAAM --role beheerder.")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Naam\tRol\tStatus\tAangemaakt")
	for _, u := range users {
		status := "actief"
		if u.Disabled {
			status = "uitgeschakeld"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", plain(u.Name), u.Role, status, peil.FormatDate(peil.DateOf(u.Created)))
	}
	return tw.Flush()
}
