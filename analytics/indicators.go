package analytics

import (
	"context"
	"fmt"

	"github.com/peil-dev/peil"
)

const indicatorsSQL = `SELECT i.id, i.measure, i.label, i.label_en, i.unit, i.kind, i.key, i.cues FROM indicators i`

// Indicators lists the indicators of a measure (0: of all measures) that have
// observations, by measure and id.
func (db *DB) Indicators(ctx context.Context, measure int) ([]peil.Indicator, error) {
	ctx, done := db.reading(ctx)
	defer done()
	out, err := queryIndicators(ctx, db.sql, indicatorsSQL+`
		WHERE (? = 0 OR i.measure = ?)
		  AND EXISTS (SELECT 1 FROM observations o WHERE o.indicator = i.id)
		ORDER BY i.measure, i.id`, measure, measure)
	if err != nil {
		return nil, fmt.Errorf("indicators: %w", err)
	}
	return out, nil
}

// indicatorsByID reads the indicators that query (on indicatorsSQL) selects,
// by id.
func indicatorsByID(ctx context.Context, q querier, query string, args ...any) (map[peil.IndicatorID]peil.Indicator, error) {
	inds, err := queryIndicators(ctx, q, query, args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[peil.IndicatorID]peil.Indicator, len(inds))
	for _, ind := range inds {
		byID[ind.ID] = ind
	}
	return byID, nil
}

func queryIndicators(ctx context.Context, q querier, query string, args ...any) ([]peil.Indicator, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []peil.Indicator{}
	for rows.Next() {
		var ind peil.Indicator
		var id, kind string
		var cues []any
		if err := rows.Scan(&id, &ind.Measure, &ind.Label, &ind.LabelEN, &ind.Unit, &kind, &ind.Key, &cues); err != nil {
			return nil, err
		}
		ind.ID, ind.Kind = peil.IndicatorID(id), peil.Kind(kind)
		for _, c := range cues {
			if s, ok := c.(string); ok {
				ind.Cues = append(ind.Cues, s)
			}
		}
		out = append(out, ind)
	}
	return out, rows.Err()
}
