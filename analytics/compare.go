package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/peil-dev/peil"
)

// Compare sets two reports side by side (report ids; 0, 0 compares the report
// before the latest with the latest; 0 as from alone means the report before
// to). Per measure it lists the indicators that moved (stated by both reports
// with another value or period, with the absolute and percentage change), that
// appeared or disappeared, and whether the status text changed, with both texts.
// Only measures with something to report are listed. An indicator's value in a
// report is what the report said of it by the series' rule (peil.ReportPoint):
// its reviewed figure with the latest period end (the first in the text among
// equals), no expectation, nothing of another kind than the indicator's, with
// the period of the series' point. The values come from the series reader,
// restricted to the points the two reports stated. ENOTFOUND for an unknown
// report; EINVALID with fewer than two reports.
func (db *DB) Compare(ctx context.Context, from, to int64) (*peil.Comparison, error) {
	ctx, done := db.reading(ctx)
	defer done()
	var c *peil.Comparison
	err := db.inTx(ctx, func(conn *sql.Conn) error {
		var err error
		if from, to, err = compareIDs(ctx, conn, from, to); err != nil {
			return err
		}
		c = &peil.Comparison{}
		if c.From, err = reportSummary(ctx, conn, from); err != nil {
			return err
		}
		if c.To, err = reportSummary(ctx, conn, to); err != nil {
			return err
		}
		measures, err := queryMeasures(ctx, conn, measuresSQL+` ORDER BY m.nr`)
		if err != nil {
			return err
		}
		statusFrom, err := reportStatuses(ctx, conn, from)
		if err != nil {
			return err
		}
		statusTo, err := reportStatuses(ctx, conn, to)
		if err != nil {
			return err
		}
		series, err := readSelection(ctx, conn, seriesSelection{Reports: []int64{from, to}})
		if err != nil {
			return err
		}
		byID := make(map[peil.IndicatorID]peil.Indicator, len(series))
		for _, s := range series {
			byID[s.Indicator.ID] = s.Indicator
		}
		pointsFrom, pointsTo := reportPoints(series, from), reportPoints(series, to)
		for _, m := range measures {
			mc := peil.MeasureComparison{Measure: m, StatusFrom: statusFrom[m.Nr], StatusTo: statusTo[m.Nr]}
			mc.StatusChanged = strings.Join(strings.Fields(mc.StatusFrom), " ") != strings.Join(strings.Fields(mc.StatusTo), " ")
			mc.Measure.Status = mc.StatusTo
			for _, id := range indicatorIDs(pointsFrom[m.Nr], pointsTo[m.Nr]) {
				a, inFrom := pointsFrom[m.Nr][id]
				b, inTo := pointsTo[m.Nr][id]
				mv := peil.Movement{Indicator: byID[id]}
				switch {
				case inFrom && inTo:
					if a.Value == b.Value && a.PeriodStart.Equal(b.PeriodStart.Time) && a.PeriodEnd.Equal(b.PeriodEnd.Time) {
						continue
					}
					mv.From, mv.To = &a, &b
					change := b.Value - a.Value
					mv.Change = &change
					if a.Value != 0 {
						pct := change / a.Value * 100
						mv.ChangePct = &pct
					}
					mc.Moved = append(mc.Moved, mv)
				case inTo:
					mv.To = &b
					mc.Appeared = append(mc.Appeared, mv)
				default:
					mv.From = &a
					mc.Disappeared = append(mc.Disappeared, mv)
				}
			}
			if mc.StatusChanged || mc.Moved != nil || mc.Appeared != nil || mc.Disappeared != nil {
				c.Measures = append(c.Measures, mc)
			}
		}
		return nil
	})
	if err != nil {
		if code := peil.ErrorCode(err); code == peil.ENOTFOUND || code == peil.EINVALID {
			return nil, err
		}
		return nil, fmt.Errorf("compare %d and %d: %w", from, to, err)
	}
	return c, nil
}

// compareIDs fills in the defaults of Compare.
func compareIDs(ctx context.Context, q querier, from, to int64) (int64, int64, error) {
	if from != 0 && to != 0 {
		if from == to {
			return 0, 0, peil.Errorf(peil.EINVALID, "vergelijk een rapportage met een andere, niet met zichzelf")
		}
		return from, to, nil
	}
	if to == 0 && from != 0 {
		return 0, 0, peil.Errorf(peil.EINVALID, "geef de rapportage om mee te vergelijken")
	}
	ids, err := reportIDsByDate(ctx, q)
	if err != nil {
		return 0, 0, err
	}
	if to == 0 {
		if len(ids) < 2 {
			return 0, 0, peil.Errorf(peil.EINVALID, "een vergelijking heeft twee rapportages nodig; de database heeft er %d", len(ids))
		}
		return ids[len(ids)-2], ids[len(ids)-1], nil
	}
	for i, id := range ids {
		if id == to {
			if i == 0 {
				return 0, 0, peil.Errorf(peil.EINVALID, "rapportage %d is de eerste: er is geen eerdere", to)
			}
			return ids[i-1], to, nil
		}
	}
	return 0, 0, peil.Errorf(peil.ENOTFOUND, "rapportage %d niet gevonden", to)
}

// reportIDsByDate returns the ids of all reports, by report date ascending.
func reportIDsByDate(ctx context.Context, q querier) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM reports ORDER BY report_date, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// reportStatuses returns the status texts of a report by measure.
func reportStatuses(ctx context.Context, q querier, report int64) (map[int]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT measure, status FROM measure_status WHERE report = ? ORDER BY line`, report)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var nr int
		var s string
		if err := rows.Scan(&nr, &s); err != nil {
			return nil, err
		}
		if out[nr] != "" {
			s = out[nr] + "\n" + s
		}
		out[nr] = s
	}
	return out, rows.Err()
}

// reportPoints returns per measure and indicator what report said in series
// (peil.ReportPoint).
func reportPoints(series []*peil.Series, report int64) map[int]map[peil.IndicatorID]peil.Point {
	out := map[int]map[peil.IndicatorID]peil.Point{}
	for _, s := range series {
		p, ok := peil.ReportPoint(s.Points, report)
		if !ok {
			continue
		}
		nr := s.Indicator.Measure
		if out[nr] == nil {
			out[nr] = map[peil.IndicatorID]peil.Point{}
		}
		out[nr][s.Indicator.ID] = p
	}
	return out
}

// indicatorIDs returns the ids in a or b, sorted.
func indicatorIDs(a, b map[peil.IndicatorID]peil.Point) []peil.IndicatorID {
	seen := map[peil.IndicatorID]bool{}
	var ids []peil.IndicatorID
	for _, m := range []map[peil.IndicatorID]peil.Point{a, b} {
		for id := range m {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}
