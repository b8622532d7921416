package peil

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
)

// ReviewStatus is where a figure stands in review.
type ReviewStatus string

// The review states. A figure starts auto or open (see MatchStatus); a decision
// makes it confirmed, corrected or rejected; undoing the decision puts it back.
const (
	ReviewAuto      ReviewStatus = "auto"      // matched with a high score; nobody checked it
	ReviewOpen      ReviewStatus = "open"      // unmatched, a low score, or a second value for its indicator
	ReviewConfirmed ReviewStatus = "confirmed" // a reviewer agreed with it as it is
	ReviewCorrected ReviewStatus = "corrected" // a reviewer gave it another indicator, value, qualifier, kind or period
	ReviewRejected  ReviewStatus = "rejected"  // not a figure (a year, an article number, ...)
)

// ReviewStatuses lists every review state, in a stable order.
var ReviewStatuses = []ReviewStatus{ReviewAuto, ReviewOpen, ReviewConfirmed, ReviewCorrected, ReviewRejected}

// Valid reports whether s is one of the review states.
func (s ReviewStatus) Valid() bool { return slices.Contains(ReviewStatuses, s) }

// Checked reports whether a person decided about the figure.
func (s ReviewStatus) Checked() bool {
	return s == ReviewConfirmed || s == ReviewCorrected || s == ReviewRejected
}

// Unchecked reports whether nobody checked the figure yet: auto or open.
// Pages and tooltips mark such figures with UncheckedNL.
func (s ReviewStatus) Unchecked() bool { return s == ReviewAuto || s == ReviewOpen }

// UncheckedNL is the Dutch mark of a figure nobody checked yet (auto or open),
// as pages and chart tooltips show it.
const UncheckedNL = "niet gecontroleerd"

// The match score thresholds. A figure's score is the matcher's points for the
// best indicator divided by ScorePoints (at most 1): the unit counts 10 points,
// a cue in the unit 6, a cue near the figure 4 (elsewhere in the sentence 1),
// the kind 4. The matcher proposes an indicator from MinMatchScore on; the
// figure is auto from AutoScore on, unless the runner-up has as many points
// (then the score is halved) or the indicator got another value for the same
// period from the same report.
const (
	ScorePoints   = 20
	MinMatchScore = 0.45 // 9 points: the unit alone, or its cue, or several cues
	AutoScore     = 0.7  // 14 points: the unit and the kind, or a taught cue and the kind
)

// MatchStatus is the state of a freshly extracted figure: open when it has no
// indicator, a score under AutoScore, or when its indicator got two values for
// one period from its report (dup); auto otherwise.
func MatchStatus(indicator IndicatorID, score float64, dup bool) ReviewStatus {
	if indicator == "" || score < AutoScore || dup {
		return ReviewOpen
	}
	return ReviewAuto
}

// Alternative is a candidate indicator for a figure, with its match score.
type Alternative struct {
	Indicator IndicatorID `json:"indicator"`
	Score     float64     `json:"score"`
}

// FigureState is what review can change of a figure: the indicator, value,
// qualifier, kind and period (and the measure, which stays the figure's).
type FigureState struct {
	Measure     int         `json:"measure"`
	Indicator   IndicatorID `json:"indicator"`
	Value       float64     `json:"value"`
	Qualifier   Qualifier   `json:"qualifier"`
	Kind        Kind        `json:"kind"`
	PeriodStart Date        `json:"period_start"`
	PeriodEnd   Date        `json:"period_end"`
	Lower       *float64    `json:"lower"` // the bounds (see FigureBounds); a corrected value or qualifier gets those of Bounds
	Upper       *float64    `json:"upper"`
}

// Equal reports whether s and o are the same state (bounds by value).
func (s FigureState) Equal(o FigureState) bool {
	same := func(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	return s.Measure == o.Measure && s.Indicator == o.Indicator && s.Value == o.Value && s.Qualifier == o.Qualifier &&
		s.Kind == o.Kind && s.PeriodStart == o.PeriodStart && s.PeriodEnd == o.PeriodEnd &&
		same(s.Lower, o.Lower) && same(s.Upper, o.Upper)
}

// ReviewItem is one figure in the review queue: the figure as it stands, its
// match and its state. Version counts the decisions and undos; a decision that
// names a version is refused when the figure moved on meanwhile (ECONFLICT).
type ReviewItem struct {
	ID           int64         `json:"id"` // the observation id the review commands take
	Report       int64         `json:"report"`
	ReportDate   Date          `json:"report_date"`
	Measure      int           `json:"measure"`
	Value        float64       `json:"value"`
	Text         string        `json:"text"`
	Qualifier    Qualifier     `json:"qualifier"`
	Kind         Kind          `json:"kind"`
	Unit         string        `json:"unit"`
	PeriodStart  Date          `json:"period_start"`
	PeriodEnd    Date          `json:"period_end"`
	Indicator    IndicatorID   `json:"indicator"`
	Score        float64       `json:"score"`
	Reason       string        `json:"reason"`
	Status       ReviewStatus  `json:"status"`
	Sentence     string        `json:"sentence"`
	Page         Page          `json:"page"` // PDF page; null for text input
	Line         int           `json:"line"`
	Alternatives []Alternative `json:"alternatives"`
	Reviewer     string        `json:"reviewer,omitempty"`
	DecidedAt    *time.Time    `json:"decided_at,omitempty"`
	Decision     int64         `json:"decision,omitempty"` // the decision in force
	Version      int           `json:"version"`
	Original     *FigureState  `json:"original,omitempty"` // as extracted, when a decision changed it
	Lower        *float64      `json:"lower"`
	Upper        *float64      `json:"upper"`
}

// State returns the reviewable part of the item.
func (it *ReviewItem) State() FigureState {
	return FigureState{Measure: it.Measure, Indicator: it.Indicator, Value: it.Value, Qualifier: it.Qualifier,
		Kind: it.Kind, PeriodStart: it.PeriodStart, PeriodEnd: it.PeriodEnd, Lower: it.Lower, Upper: it.Upper}
}

// ReviewFilter selects figures of the review queue. Zero fields select all.
type ReviewFilter struct {
	Report  int64
	Measure int
	Status  ReviewStatus
	Figure  int64
}

// ReviewRange says which part of the review queue a read returns, in the
// queue's order (report, measure, line, figure): Limit figures from Offset.
type ReviewRange struct {
	Limit  int // at most this many figures; 0 for all from Offset
	Offset int // figures of the queue skipped
	// At, when the filter selects that figure, replaces Offset with the
	// start of the page of Limit figures that holds it (its position
	// rounded down to a multiple of Limit).
	At int64
	// Clamp: an Offset at or past the end reads the last page of Limit
	// figures instead (the queue shrinks while a reviewer works through it).
	Clamp bool
}

// ReviewPage is the part of the review queue a ReviewRange selects: Items,
// the figures from Offset, of the Total figures the filter selects.
type ReviewPage struct {
	Items  []ReviewItem
	Offset int
	Total  int
}

// DecisionAction is what a reviewer decides about a figure.
type DecisionAction string

// The decisions.
const (
	DecideConfirm      DecisionAction = "confirm"       // the figure is right as it is
	DecideAssign       DecisionAction = "assign"        // it belongs to another (or, unmatched, to this) indicator
	DecideCorrect      DecisionAction = "correct"       // another value, qualifier, kind or period
	DecideReject       DecisionAction = "reject"        // not a figure
	DecideNewIndicator DecisionAction = "new_indicator" // a new indicator, and the figure assigned to it
)

// DecisionActions lists the decisions.
var DecisionActions = []DecisionAction{DecideConfirm, DecideAssign, DecideCorrect, DecideReject, DecideNewIndicator}

// Decision is one reviewer's decision about one figure.
type Decision struct {
	Figure int64          // observation id (ReviewItem.ID)
	Action DecisionAction //
	By     string         // the reviewer
	// Version, when not 0, is the figure's version the reviewer saw: the
	// decision is refused with ECONFLICT when the figure is at another.
	Version int

	Indicator    IndicatorID // assign: the indicator
	NewIndicator *Indicator  // new_indicator: id and label; measure, unit and kind default to the figure's

	// correct: the fields to change (nil: keep).
	Value       *float64
	Qualifier   *Qualifier
	Kind        *Kind
	PeriodStart *Date
	PeriodEnd   *Date

	Why string // reject: why it is not a figure (optional for the others)
}

// DecisionRecord is a stored decision.
type DecisionRecord struct {
	ID         int64          `json:"id"`
	At         time.Time      `json:"at"`
	By         string         `json:"by"`
	Action     DecisionAction `json:"action"`
	Figure     int64          `json:"figure"` // 0 when the figure no longer exists
	Status     ReviewStatus   `json:"status"`
	Before     FigureState    `json:"before"`
	After      FigureState    `json:"after"`
	Why        string         `json:"why,omitempty"`
	CuesAdded  []string       `json:"cues_added,omitempty"`
	Created    IndicatorID    `json:"created,omitempty"`
	Sentence   string         `json:"sentence"`
	Text       string         `json:"text"`
	ReportHash string         `json:"report_sha256"`
	UndoneAt   *time.Time     `json:"undone_at,omitempty"`
	UndoneBy   string         `json:"undone_by,omitempty"`
}

// DecisionResult is what a decision did.
type DecisionResult struct {
	Decision  DecisionRecord `json:"decision"`
	Figure    ReviewItem     `json:"figure"`               // as it stands after the decision
	Created   *Indicator     `json:"created,omitempty"`    // new_indicator
	CuesAdded []string       `json:"cues_added,omitempty"` // taught to the indicator
	Warnings  []string       `json:"warnings,omitempty"`   // Dutch, e.g. an indicator of another measure
}

// UndoResult is what undoing a decision did.
type UndoResult struct {
	Decision    DecisionRecord `json:"decision"`
	Figure      *ReviewItem    `json:"figure,omitempty"`       // nil when the figure no longer exists
	CuesRemoved []string       `json:"cues_removed,omitempty"` // taught cues taken back
}

var indicatorIDPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,79}$`)

// CheckIndicatorID returns a Dutch error when id is not a valid new
// indicator id: lower-case letters, digits and underscores, starting with a
// letter, at most 80 characters.
func CheckIndicatorID(id IndicatorID) error {
	if !indicatorIDPattern.MatchString(string(id)) {
		return Errorf(EINVALID, "ongeldige indicator-id %q: gebruik kleine letters, cijfers en _, beginnend met een letter (zoals passport_refusals)", id)
	}
	return nil
}

// CheckIndicator returns a Dutch error when ind cannot go into the catalog:
// a bad id, no label, an unknown kind, a cue that is too short, or a control
// character (IsControl) in a text.
func CheckIndicator(ind Indicator) error {
	if err := CheckIndicatorID(ind.ID); err != nil {
		return err
	}
	switch {
	case ind.Measure < 1:
		return Errorf(EINVALID, "indicator %s: geef het nummer van de maatregel (--measure)", ind.ID)
	case strings.TrimSpace(ind.Label) == "":
		return Errorf(EINVALID, "indicator %s: geef een omschrijving (--label)", ind.ID)
	case strings.TrimSpace(ind.Unit) == "":
		return Errorf(EINVALID, "indicator %s: geef een eenheid (--unit)", ind.ID)
	case !ind.Kind.Valid():
		return Errorf(EINVALID, "indicator %s: onbekende soort %q; kies uit %s", ind.ID, ind.Kind, kindList())
	}
	for _, c := range ind.Cues {
		if len([]rune(c)) < 3 {
			return Errorf(EINVALID, "indicator %s: herkenningswoord %q is te kort (minstens 3 letters)", ind.ID, c)
		}
	}
	// An escape sequence in a label would reach every terminal, CSV and page
	// that shows it.
	for what, s := range map[string]string{"de omschrijving": ind.Label, "de Engelse omschrijving": ind.LabelEN,
		"de eenheid": ind.Unit, "een herkenningswoord": strings.Join(ind.Cues, "|")} {
		if i := strings.IndexFunc(s, IsControl); i >= 0 {
			return Errorf(EINVALID, "indicator %s: %s bevat een stuurteken (%U); verwijder het", ind.ID, what, []rune(s[i:])[0])
		}
	}
	return nil
}

func kindList() string {
	var s []string
	for _, k := range Kinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

// ParseCues splits "a|b" into lower-case, trimmed cues, without empty ones or
// repeats.
func ParseCues(s string) []string {
	var out []string
	for _, c := range strings.Split(s, "|") {
		if c = strings.ToLower(strings.Join(strings.Fields(c), " ")); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// Validate checks what a decision says on its own, before the store looks at
// the figure: a known action, a reviewer, the fields the action needs, values
// within ±MaxValue and known qualifiers and kinds.
func (d *Decision) Validate() error {
	if !slices.Contains(DecisionActions, d.Action) {
		return Errorf(EINVALID, "onbekende beslissing %q", d.Action)
	}
	if strings.TrimSpace(d.By) == "" {
		return Errorf(EINVALID, "geef aan wie beoordeelt (--by)")
	}
	if d.Figure <= 0 {
		return Errorf(EINVALID, "geef het nummer van het cijfer")
	}
	switch d.Action {
	case DecideAssign:
		if d.Indicator == "" {
			return Errorf(EINVALID, "geef de indicator waaraan cijfer %d wordt toegewezen", d.Figure)
		}
	case DecideCorrect:
		if d.Value == nil && d.Qualifier == nil && d.Kind == nil && d.PeriodStart == nil && d.PeriodEnd == nil {
			return Errorf(EINVALID, "geef wat er aan cijfer %d verandert: --value, --qualifier, --kind, --period-start of --period-end", d.Figure)
		}
		if d.Value != nil && math.IsNaN(*d.Value) {
			return Errorf(EINVALID, "waarde van cijfer %d is geen getal", d.Figure)
		}
		if d.Value != nil && !InRange(*d.Value) {
			return Errorf(EINVALID, "waarde van cijfer %d buiten het bereik van ±%s", d.Figure, FormatNumber(MaxValue))
		}
		if d.Qualifier != nil && !d.Qualifier.Valid() {
			return Errorf(EINVALID, "onbekende kwalificatie %q; kies uit exact, approx, at_least, more_than, at_most", *d.Qualifier)
		}
		if d.Kind != nil && !d.Kind.Valid() {
			return Errorf(EINVALID, "onbekende soort %q; kies uit %s", *d.Kind, kindList())
		}
		if d.PeriodEnd != nil && d.PeriodEnd.IsZero() {
			return Errorf(EINVALID, "een cijfer heeft altijd een einde van de periode")
		}
	case DecideReject:
		if strings.TrimSpace(d.Why) == "" {
			return Errorf(EINVALID, "zeg waarom cijfer %d geen cijfer is (--why)", d.Figure)
		}
	case DecideNewIndicator:
		if d.NewIndicator == nil {
			return Errorf(EINVALID, "geef de nieuwe indicator (--id en --label)")
		}
		if err := CheckIndicatorID(d.NewIndicator.ID); err != nil {
			return err
		}
		if strings.TrimSpace(d.NewIndicator.Label) == "" {
			return Errorf(EINVALID, "geef een omschrijving van de nieuwe indicator (--label)")
		}
		if d.NewIndicator.Kind != "" && !d.NewIndicator.Kind.Valid() {
			return Errorf(EINVALID, "onbekende soort %q; kies uit %s", d.NewIndicator.Kind, kindList())
		}
	}
	return nil
}

// Apply returns the figure's state and status after the decision, given its
// state now (cur) and, for assign and new_indicator, the indicator it goes to
// (target). It checks what needs the figure: a confirm needs an indicator, a
// corrected period must not end before it starts. Warnings (Dutch) say what is
// allowed but unusual: an indicator of another measure, or another kind.
func (d *Decision) Apply(cur FigureState, target *Indicator) (after FigureState, status ReviewStatus, warnings []string, err error) {
	after = cur
	switch d.Action {
	case DecideConfirm:
		if cur.Indicator == "" {
			return cur, "", nil, Errorf(EINVALID, "cijfer %d heeft geen indicator om te bevestigen: wijs er een toe (assign) of maak er een (new-indicator)", d.Figure)
		}
		return after, ReviewConfirmed, nil, nil
	case DecideReject:
		return after, ReviewRejected, nil, nil
	case DecideAssign, DecideNewIndicator:
		if target == nil {
			return cur, "", nil, Errorf(EINVALID, "cijfer %d: geen indicator om toe te wijzen", d.Figure)
		}
		after.Indicator = target.ID
		if target.Measure != cur.Measure {
			warnings = append(warnings, fmt.Sprintf("indicator %s hoort bij maatregel %d, cijfer %d staat bij maatregel %d",
				target.ID, target.Measure, d.Figure, cur.Measure))
		}
		if !target.Kind.SameQuantity(cur.Kind) {
			warnings = append(warnings, fmt.Sprintf("indicator %s is van de soort %s, cijfer %d van de soort %s",
				target.ID, target.Kind.Dutch(), d.Figure, cur.Kind.Dutch()))
		}
		if after.Indicator == cur.Indicator {
			return after, ReviewConfirmed, warnings, nil
		}
		return after, ReviewCorrected, warnings, nil
	case DecideCorrect:
		if d.Value != nil {
			after.Value = *d.Value
		}
		if d.Qualifier != nil {
			after.Qualifier = *d.Qualifier
		}
		if d.Kind != nil {
			after.Kind = *d.Kind
		}
		if d.PeriodStart != nil {
			after.PeriodStart = *d.PeriodStart
		}
		if d.PeriodEnd != nil {
			after.PeriodEnd = *d.PeriodEnd
		}
		if d.Value != nil || d.Qualifier != nil {
			after.Lower, after.Upper = Bounds(after.Qualifier, after.Value)
		}
		if !after.PeriodStart.IsZero() && after.PeriodEnd.Before(after.PeriodStart.Time) {
			return cur, "", nil, Errorf(EINVALID, "cijfer %d: einde van de periode %s ligt voor het begin %s", d.Figure, after.PeriodEnd, after.PeriodStart)
		}
		if after.Equal(cur) {
			return cur, "", nil, Errorf(EINVALID, "cijfer %d is al zo: er verandert niets", d.Figure)
		}
		return after, ReviewCorrected, nil, nil
	}
	return cur, "", nil, Errorf(EINVALID, "onbekende beslissing %q", d.Action)
}

// MarshalState returns s as JSON for the store.
func MarshalState(s FigureState) string {
	b, _ := json.Marshal(s) // a FigureState always marshals
	return string(b)
}

// UnmarshalState reads a state MarshalState wrote.
func UnmarshalState(s string) (FigureState, error) {
	var st FigureState
	if err := json.Unmarshal([]byte(s), &st); err != nil {
		return st, fmt.Errorf("read figure state: %w", err)
	}
	return st, nil
}

// maxTaught is how many words of its sentence an assign teaches an indicator.
const maxTaught = 3

// stopWords are Dutch words too common to identify an indicator.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`aan acht achter afgelopen al alle alleen als andere ander anderen bij
		binnen blijft boven circa daar daarbij daarmee daarnaast daarvan dan dat de deze die dit door drie
		een eerder eerste elf en enkele er ervan gaat geen gehad geweest gevallen hebben heeft hem hen het
		hier hierbij hiervan hij hun iets in inmiddels is jaar jaren januari februari maart april mei juni juli
		augustus september oktober november december kan komen kunnen laatste later maar maand maanden meer
		met minder minimaal minstens moet na naar namelijk negen niet nog nu of om omdat ondanks onder ons
		ongeveer ook op over peildatum per periode rapportageperiode ruim samen sinds sindsdien staan staat
		stand ten tenminste terwijl tien toe tot totaal totale twee twaalf uit van vanaf veel verder vier
		vijf voor vooral waar waarbij waarvan wat wel werd werden wie wij wordt worden zal zes zeven zeker
		zich zij zijn zo zoals zullen zo'n thans huidige momenteel moment gemeld genoemde betreft`) {
		m[w] = true
	}
	return m
}()

// TeachCues returns what assigning a figure to ind teaches ind: the figure's
// unit, unless a cue of ind already lies in it or it is ind's unit, and up to
// three content words of the sentence nearest to the figure's text (within the
// stretch between the numbers before and after it) that are not stop words,
// not numbers, at least four letters long, and neither a cue of ind already
// nor of another indicator (others) of the catalog.
func TeachCues(ind Indicator, unit, sentence, text string, others []Indicator) []string {
	var out []string
	has := func(c string) bool {
		if slices.Contains(ind.Cues, c) || slices.Contains(out, c) {
			return true
		}
		for _, o := range others {
			if o.ID != ind.ID && (slices.Contains(o.Cues, c) || strings.EqualFold(o.Unit, c)) {
				return true
			}
		}
		return false
	}
	u := strings.ToLower(strings.TrimSpace(unit))
	if u != "" && u != strings.ToLower(ind.Unit) && len([]rune(u)) >= 3 && !has(u) {
		covered := false
		for _, c := range ind.Cues {
			if strings.Contains(u, c) {
				covered = true
			}
		}
		if !covered {
			out = append(out, u)
		}
	}
	words := nearWords(strings.ToLower(sentence), strings.ToLower(text))
	for _, w := range words {
		if len(out) >= maxTaught+1 || (u == "" && len(out) >= maxTaught) {
			break
		}
		if len([]rune(w)) < 4 || stopWords[w] || w == u || has(w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// nearWords returns the words of sent around text, nearest first, within the
// stretch of sent between the numbers before and after text.
func nearWords(sent, text string) []string {
	at := strings.Index(sent, text)
	if at < 0 || text == "" {
		at, text = 0, ""
	}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || r == '-' || r == '’' || r == '\'' }
	split := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return !isWord(r) && !unicode.IsDigit(r) })
	}
	before, after := split(sent[:at]), split(sent[at+len(text):])
	hasDigit := func(w string) bool { return strings.IndexFunc(w, unicode.IsDigit) >= 0 }
	var b, a []string
	for i := len(before) - 1; i >= 0 && !hasDigit(before[i]); i-- {
		b = append(b, strings.Trim(before[i], "-'’"))
	}
	for _, w := range after {
		if hasDigit(w) {
			break
		}
		a = append(a, strings.Trim(w, "-'’"))
	}
	var out []string
	for i := 0; i < len(a) || i < len(b); i++ {
		if i < len(a) {
			out = append(out, a[i])
		}
		if i < len(b) {
			out = append(out, b[i])
		}
	}
	return out
}
