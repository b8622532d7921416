package analytics

import (
	"context"
	"database/sql"
	"database/sql/driver"

	"github.com/peil-dev/peil"
)

// Sentences are stored once (table sentences, migration 0006) and
// observations refer to them by sentence_id: a sentence with many figures
// costs its text once, not once per figure. A sentence belongs to one report
// (NULL for imported observations) and is removed with it.

// sentenceJoin gives a query over observations the column sentence, the text
// of the observation's sentence (” when it has none). It names only
// sentence_id and sentence, so unqualified columns of observations stay
// unambiguous.
const sentenceJoin = sentenceJoinHead + `) sn USING (sentence_id)`

// sentenceJoinHead is sentenceJoin up to the end of its subquery over
// sentences, where sentenceJoinOf adds a condition.
const sentenceJoinHead = `
LEFT JOIN (SELECT id AS sentence_id, text AS sentence FROM sentences`

// sentenceJoinOf is sentenceJoin over the sentences whose ids the subquery
// ids selects (as reviewJoinOf does for reviews).
func sentenceJoinOf(ids string) string {
	return sentenceJoinHead + ` WHERE id IN (` + ids + `)) sn USING (sentence_id)`
}

// sentenceOf is the select expression of an observation's sentence text in a
// query with sentenceJoin.
const sentenceOf = `coalesce(sentence, '')`

// sentenceSet hands out the ids of the distinct sentences of a write: each
// text once, in the order first seen.
type sentenceSet struct {
	report driver.Value // the report the sentences belong to; nil for imports
	ids    map[string]int64
	texts  []string // new texts, the first with id next
	next   int64    // the id of texts[0]
}

// newSentenceSet starts a set for report (0: none) whose new sentences get ids
// from next on; known holds sentences stored already (text to id), or nil.
func newSentenceSet(report, next int64, known map[string]int64) *sentenceSet {
	s := &sentenceSet{ids: map[string]int64{}, next: next}
	if report != 0 {
		s.report = report
	}
	for t, id := range known {
		s.ids[t] = id
	}
	return s
}

// id returns the id of text, adding it when new; nil for an empty text.
func (s *sentenceSet) id(text string) driver.Value {
	if text == "" {
		return nil
	}
	if id, ok := s.ids[text]; ok {
		return id
	}
	id := s.next + int64(len(s.texts))
	s.ids[text] = id
	s.texts = append(s.texts, text)
	return id
}

// add gives every observation's sentence an id, in order, and returns them.
func (s *sentenceSet) add(obs []peil.Observation) []driver.Value {
	ids := make([]driver.Value, len(obs))
	for i := range obs {
		ids[i] = s.id(obs[i].Sentence)
	}
	return ids
}

// store appends the new sentences to the sentences table.
func (s *sentenceSet) store(ctx context.Context, conn *sql.Conn) error {
	return appendRows(ctx, conn, "sentences", len(s.texts), func(i int) []driver.Value {
		return []driver.Value{s.next + int64(i), s.report, s.texts[i]}
	})
}

// reportSentences returns the stored sentences of a report, text to id, and
// the next free sentence id.
func reportSentences(ctx context.Context, conn *sql.Conn, report int64) (_ map[string]int64, _ int64, err error) {
	defer peil.Wrap(&err, "sentences of report %d", report)
	var next int64
	if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM sentences`).Scan(&next); err != nil {
		return nil, 0, err
	}
	rows, err := conn.QueryContext(ctx, `SELECT id, text FROM sentences WHERE report = ?`, report)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	known := map[string]int64{}
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, 0, err
		}
		known[text] = id
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return known, next, nil
}
