package analytics

import (
	"errors"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// causes are the failures DuckDB's text names, in Dutch.
var causes = []struct{ text, dutch string }{
	{"Permission denied", "geen toegang tot het databasebestand of tot de map waarin het staat (rechten van het bestand of de map)"},
	{"No space left on device", "de schijf is vol"},
	{"Corrupt database file", "het databasebestand is beschadigd (een controlesom klopt niet); zet een reservekopie terug"},
	{"Could not read enough bytes", "het databasebestand is beschadigd (korter dan het hoort, afgebroken?); zet een reservekopie terug"},
}

// DescribeError says in Dutch, for the people who see it, what kind of
// database failure err holds: DuckDB's error, whose text is English, by its
// type. It is "" when err holds no DuckDB error. The caller prints it with
// the operation and the original text, so that nothing is lost.
func DescribeError(err error) string {
	var de *duckdb.Error
	if !errors.As(err, &de) {
		return ""
	}
	// The cause the system gave decides over the type: a file it may not
	// open is an IO error when opening and a transaction error at commit,
	// and neither is a full disk or a conflict to retry.
	for _, c := range causes {
		if strings.Contains(de.Msg, c.text) {
			return c.dutch
		}
	}
	switch de.Type {
	case duckdb.ErrorTypeIO:
		return "de database kon een bestand niet lezen of schrijven (is de schijf vol, of het bestand beschadigd?)"
	case duckdb.ErrorTypeOutOfMemory:
		return "de database heeft te weinig geheugen"
	case duckdb.ErrorTypeInterrupt:
		return "de database-opdracht is afgebroken"
	case duckdb.ErrorTypeTransaction:
		return "een gelijktijdige wijziging van de database botste met deze; probeer het opnieuw"
	case duckdb.ErrorTypeConstraint:
		return "de database weigerde een wijziging die haar regels breekt"
	case duckdb.ErrorTypeCatalog, duckdb.ErrorTypeBinder, duckdb.ErrorTypeParser, duckdb.ErrorTypeDependency:
		return "de database kent een tabel of kolom niet (is ze door een andere versie van peil gemaakt?)"
	case duckdb.ErrorTypeConversion, duckdb.ErrorTypeInvalidInput, duckdb.ErrorTypeOutOfRange, duckdb.ErrorTypeMismatchType:
		return "de database kon een waarde niet omzetten"
	case duckdb.ErrorTypePermission:
		return "de database mag het bestand niet openen of wijzigen (rechten?)"
	}
	return "de database gaf een interne fout"
}
