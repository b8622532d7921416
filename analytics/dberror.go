package analytics

import (
	"errors"

	"github.com/duckdb/duckdb-go/v2"
)

// DescribeError says in Dutch, for the people who see it, what kind of
// database failure err holds: DuckDB's error, whose text is English, by its
// type. It is "" when err holds no DuckDB error. The caller prints it with
// the operation and the original text, so that nothing is lost.
func DescribeError(err error) string {
	var de *duckdb.Error
	if !errors.As(err, &de) {
		return ""
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
