package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/netip"
	"net/url"
	"os"
	"path"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/charts"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/export"
	"github.com/peil-dev/peil/imports"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/server"
)

func init() {
	register(command{
		name:    "serve",
		summary: "bied het dashboard en de JSON-API aan via HTTP (alleen lezen; met --write ook beoordelen en uploaden)",
		run:     runServe,
	})
}

func runServe(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("serve", "[--db BESTAND] [--addr HOST:POORT] [--write [--login-required] [--tls-cert BESTAND --tls-key BESTAND] [--public-url URL] [--trusted-proxy CIDR]...]")
	dbFlag := flags.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb; zonder beide wordt het ingebouwde voorbeeld getoond)")
	addr := flags.String("addr", server.DefaultAddr, "`adres` waarop de server luistert, HOST:POORT")
	write := flags.Bool("write", false, "open de database om te schrijven: inloggen, beoordelen, rapportages uploaden en de catalogus bewerken (de server is dan de enige schrijver)")
	loginRequired := flags.Bool("login-required", false, "ook lezen vereist een account (alleen met --write)")
	tlsCert := flags.String("tls-cert", "", "`bestand` met het TLS-certificaat (PEM): de server spreekt dan HTTPS")
	tlsKey := flags.String("tls-key", "", "`bestand` met de sleutel bij --tls-cert (PEM)")
	publicURL := flags.String("public-url", "", "`url` waaronder browsers de server bereiken, achter een proxy (zoals https://peil.example.nl): de herkomst die schrijfverzoeken moeten hebben; https maakt cookies Secure")
	var proxies []netip.Prefix
	flags.Func("trusted-proxy", "`adres` of CIDR van een reverse proxy (herhaalbaar) waarvan de server X-Forwarded-For en X-Forwarded-Proto gelooft", func(v string) error {
		p, err := parseProxy(v)
		proxies = append(proxies, p)
		return err
	})
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if err := checkServeFlags(*write, *loginRequired, *tlsCert, *tlsKey, *publicURL); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "peil serve: onverwacht argument %q\n", flags.Arg(0))
		flags.Usage()
		return errUsage
	}
	if err := server.CheckAddr(*addr); err != nil { // before the sample takes its seconds to load
		return err
	}
	if *tlsCert != "" {
		// A FIFO or a device would keep the read below waiting, deaf to SIGINT.
		for _, name := range []string{*tlsCert, *tlsKey} {
			if err := checkExistingRegular(name); err != nil {
				return err
			}
		}
		if _, err := server.LoadTLS(*tlsCert, *tlsKey); err != nil { // before the database opens
			return err
		}
	}

	var db *analytics.DB
	var err error
	if *write {
		db, err = m.openWriteDB(ctx, *dbFlag)
	} else {
		db, err = m.openServeDB(ctx, *dbFlag)
	}
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	srv := server.New(services(db), server.Options{
		Addr:           *addr,
		Logger:         log,
		Write:          *write,
		LoginRequired:  *loginRequired,
		TLSCertFile:    *tlsCert,
		TLSKeyFile:     *tlsKey,
		PublicURL:      *publicURL,
		TrustedProxies: proxies,
		OnListen: func(url string) {
			fmt.Fprintf(m.Stdout, "Peil draait op %s (stoppen met Ctrl+C)\n", url)
		},
	})
	err = srv.ListenAndServe(ctx)
	// Close after the server has stopped, also after an error.
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// services wires the server's collaborators: the database and the packages
// that work on it, behind the server's interfaces.
func services(db *analytics.DB) server.Services {
	return server.Services{
		Store:  db,
		Export: export.Service{Store: db},
		Ingest: ingest.Service{Store: analytics.Uploads{DB: db}},
		Charts: charts.Renderer{},
	}
}

// parseProxy reads a --trusted-proxy: a CIDR such as 10.0.0.0/8, or one
// address (127.0.0.1, ::1).
func parseProxy(v string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(v); err == nil {
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("geef een IP-adres of CIDR, zoals 127.0.0.1 of 10.0.0.0/8, niet %q", v)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// checkServeFlags refuses combinations of serve's flags that cannot work.
func checkServeFlags(write, loginRequired bool, tlsCert, tlsKey, publicURL string) error {
	switch {
	case loginRequired && !write:
		return peil.Errorf(peil.EINVALID, "--login-required werkt alleen met --write (sessies worden in de database bewaard)")
	case (tlsCert == "") != (tlsKey == ""):
		return peil.Errorf(peil.EINVALID, "geef --tls-cert en --tls-key samen")
	}
	if publicURL != "" {
		u, err := url.Parse(publicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return peil.Errorf(peil.EINVALID, "--public-url %q: geef een adres als https://peil.example.nl", publicURL)
		}
	}
	return nil
}

// openWriteDB opens the database file read-write for peil serve --write:
// the server is then its one writer. It must exist (made by peil ingest or
// peil users add); an in-memory sample has no accounts.
func (m *Main) openWriteDB(ctx context.Context, flagValue string) (*analytics.DB, error) {
	p := m.dbPath(flagValue)
	info, err := os.Stat(p)
	switch {
	case err != nil:
		return nil, &peil.Error{Code: peil.EINVALID, File: p,
			Message: "database bestaat niet; maak eerst een account met peil users add NAAM --role beheerder --db " + p, Err: err}
	case info.IsDir():
		return nil, &peil.Error{Code: peil.EINVALID, File: p, Message: "is een map, geen databasebestand"}
	}
	cat, err := data.Catalog()
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	return m.openDB(ctx, p, analytics.Options{Catalog: cat})
}

// openServeDB opens the database to serve read-only. Without --db, $PEIL_DB or
// a peil.duckdb in the working directory it loads the embedded sample reports
// into an in-memory database instead, and says so.
func (m *Main) openServeDB(ctx context.Context, flagValue string) (*analytics.DB, error) {
	p := m.dbPath(flagValue)
	explicit := flagValue != "" || m.Getenv("PEIL_DB") != ""
	info, err := os.Stat(p)
	switch {
	case err == nil && info.IsDir():
		return nil, &peil.Error{Code: peil.EINVALID, File: p, Message: "is een map, geen databasebestand"}
	case err == nil:
		return m.openDB(ctx, p, analytics.Options{ReadOnly: true})
	case explicit || !errors.Is(err, fs.ErrNotExist):
		return nil, &peil.Error{Code: peil.EINVALID, File: p, Message: "kan de database niet openen", Err: err}
	}
	return m.openSampleDB(ctx)
}

// openSampleDB ingests the embedded sample reports (the folder data.SampleDir
// of data.Samples, with its reports.csv manifest) into a fresh in-memory
// database, through the same pipeline as peil ingest.
func (m *Main) openSampleDB(ctx context.Context) (*analytics.DB, error) {
	cat, err := data.Catalog()
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	jobs, err := ingest.Collect(data.Samples, []string{data.SampleDir()}, nil)
	if err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	db, err := m.openDB(ctx, "", analytics.Options{Catalog: cat})
	if err != nil {
		return nil, err
	}
	if err := ingest.Batch(ctx, data.Samples, jobs, db, ingest.BatchOptions{Catalog: cat}); err != nil {
		db.Close()
		return nil, fmt.Errorf("ingest sample: %w", err)
	}
	imported, err := importSample(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	fmt.Fprintf(m.Stderr, "peil serve: geen database opgegeven en geen peil.duckdb in deze map; het ingebouwde voorbeeld (%s en %s uit andere bronnen) wordt uit het geheugen getoond\n",
		counted(len(jobs), "rapportage", "rapportages"), counted(imported, "waarde", "waarden"))
	return db, nil
}

// importSample imports the sample's history (data.SampleImport) with its
// citations, as `peil import` would, and returns how many values it added.
func importSample(ctx context.Context, db *analytics.DB) (int, error) {
	name := path.Join(data.SampleDir(), data.SampleImport)
	f, err := data.Samples.Open(name)
	if err != nil {
		return 0, fmt.Errorf("open sample import: %w", err)
	}
	defer f.Close()
	obs, err := imports.Read(f, name)
	if err != nil {
		return 0, err
	}
	n, err := db.Import(ctx, obs)
	if err != nil {
		return 0, fmt.Errorf("import sample %s: %w", name, err)
	}
	return n, nil
}
