package peil

import "strings"

// Dutch returns the Dutch word for the qualifier as people read it in tables
// and charts (exact, circa, ten minste, meer dan, hooguit, tussen, globaal),
// or the code itself for a qualifier it does not know.
func (q Qualifier) Dutch() string {
	switch q {
	case QualExact:
		return "exact"
	case QualApprox:
		return "circa"
	case QualAtLeast:
		return "ten minste"
	case QualMoreThan:
		return "meer dan"
	case QualAtMost:
		return "hooguit"
	case QualRange:
		return "tussen"
	case QualVague:
		return "globaal"
	}
	return string(q)
}

// Prefix returns the qualifier as it stands before a number in text: ""
// for an exact figure (or no qualifier), else its Dutch word.
func (q Qualifier) Prefix() string {
	if !q.Approximate() {
		return ""
	}
	return q.Dutch()
}

// Approximate reports whether a value with qualifier q is only approximately
// known: any qualifier but exact (an empty one counts as exact).
func (q Qualifier) Approximate() bool { return q != "" && q != QualExact }

// Dutch returns the Dutch name of the kind (stand, cumulatief totaal, aantal in
// een periode, bedrag, waardering, procentuele verandering), or the code itself
// for a kind it does not know.
func (k Kind) Dutch() string {
	switch k {
	case KindStock:
		return "stand"
	case KindCumulative:
		return "cumulatief totaal"
	case KindFlow:
		return "aantal in een periode"
	case KindAmount:
		return "bedrag"
	case KindRating:
		return "waardering"
	case KindChange:
		return "procentuele verandering"
	}
	return string(k)
}

// Dutch returns the Dutch name of the event type (in werking getreden,
// aangenomen, ingericht, verwacht), or the code itself for a type it does not
// know.
func (t EventType) Dutch() string {
	switch t {
	case EventInForce:
		return "in werking getreden"
	case EventAdopted:
		return "aangenomen"
	case EventEstablished:
		return "ingericht"
	case EventExpected:
		return "verwacht"
	}
	return string(t)
}

// ExpectedNL is the Dutch label of a value stated in the future tense (an
// expectation), for pages and exports.
const ExpectedNL = "verwachting"

// Dutch returns the Dutch name of the precision (dag, maand, kwartaal,
// halfjaar, jaar), or the code itself for a precision it does not know.
func (p Precision) Dutch() string {
	switch p {
	case PrecisionDay:
		return "dag"
	case PrecisionMonth:
		return "maand"
	case PrecisionQuarter:
		return "kwartaal"
	case PrecisionHalf:
		return "halfjaar"
	case PrecisionYear:
		return "jaar"
	}
	return string(p)
}

// Dutch returns the Dutch name of the source (uit de rapportage, afgeleid,
// geïmporteerd), or the code itself for a source it does not know.
func (s Source) Dutch() string {
	switch s {
	case SourceExtracted:
		return "uit de rapportage"
	case SourceDerived:
		return "afgeleid"
	case SourceImported:
		return "geïmporteerd"
	}
	return string(s)
}

// YesNo writes b in Dutch, as tables and exports show a yes/no column: "ja"
// or "nee".
func YesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}

// Dutch returns the state as the workbook, the CSV and the pages write it:
// auto, open, bevestigd, gecorrigeerd, afgewezen.
func (s ReviewStatus) Dutch() string {
	switch s {
	case ReviewConfirmed:
		return "bevestigd"
	case ReviewCorrected:
		return "gecorrigeerd"
	case ReviewRejected:
		return "afgewezen"
	}
	return string(s)
}

// Name is how Peil names a report in text: its title, else "Voortgangsrapportage"
// with its date, else its file, else "rapportage".
func (r Report) Name() string {
	switch {
	case strings.TrimSpace(r.Title) != "":
		return strings.TrimSpace(r.Title)
	case !r.ReportDate.IsZero():
		return "Voortgangsrapportage " + FormatDate(r.ReportDate)
	case r.File != "":
		return r.File
	}
	return "rapportage"
}

// NameDated is Name with the report's date: "Voorjaarsrapportage 2017 (31
// maart 2017)", the date once when the name holds it already
// ("Voortgangsrapportage 31 maart 2017").
func (r Report) NameDated() string {
	name, date := r.Name(), FormatDate(r.ReportDate)
	if date == "" || strings.Contains(name, date) {
		return name
	}
	return name + " (" + date + ")"
}

// DateFirst names a report in a list to choose from, where a long title would
// hide what sets reports apart: "15 mei 2015 · Voortgangsrapportage nr. 4",
// also for a title that ends in its date between brackets ("… nr. 4 (15 mei
// 2015)"); the name alone when it holds the date otherwise or the report is
// undated.
func (r Report) DateFirst() string {
	name, date := r.Name(), FormatDate(r.ReportDate)
	if bare, ok := strings.CutSuffix(name, " ("+date+")"); ok && date != "" {
		name = strings.TrimSpace(bare)
	}
	if date == "" || strings.Contains(name, date) {
		return name
	}
	return date + " · " + name
}
