package server

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// maxChartIndicators bounds /grafiek: more lines in one chart are unreadable.
const maxChartIndicators = 8

// multiChartPage is the data of /grafiek: several indicators over one time
// range, on one axis when their units agree (sameAxis), else one chart each
// (small multiples) under each other.
type multiChartPage struct {
	Period     period
	Indicators []peil.Indicator
	OneAxis    bool            // the units agree: Overlay holds the chart
	Overlay    template.HTML   // one chart with every indicator
	Multiples  []template.HTML // one chart per indicator, same time axis
	CSV        []download      // the CSV of each indicator, for the period
}

func (s *Server) multiChartPage(c *gin.Context) error {
	raw := c.QueryArray("indicator")
	if len(raw) == 0 {
		return peil.Errorf(peil.EINVALID, "parameter indicator: kies een of meer indicatoren, bijvoorbeeld /grafiek?indicator=a&indicator=b (of vink ze aan op Indicatoren)")
	}
	if len(raw) > maxChartIndicators {
		return peil.Errorf(peil.EINVALID, "parameter indicator: hooguit %d indicatoren in één grafiek, niet %d", maxChartIndicators, len(raw))
	}
	var ids []peil.IndicatorID
	seen := map[peil.IndicatorID]bool{}
	for _, v := range raw {
		id, err := parseIndicatorID("indicator", v, false)
		if err != nil {
			return err
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	pr, err := parsePeriod(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	all, err := s.db.AllSeries(ctx, ids)
	if err != nil {
		return err
	}
	names, err := s.reportNames(ctx)
	if err != nil {
		return err
	}
	p := &multiChartPage{Period: pr, OneAxis: true}
	clipped := make([]*peil.Series, len(all))
	for i, series := range all {
		clipped[i] = pr.clip(series)
		p.Indicators = append(p.Indicators, series.Indicator)
		p.CSV = append(p.CSV, download{Label: series.Indicator.Label, Href: "/export.csv" + exportQuery(pr.filter(peil.Filter{Indicator: series.Indicator.ID}))})
		if !sameAxis(all[0].Indicator, series.Indicator) {
			p.OneAxis = false
		}
	}
	axis := pr.timeRange(clipped...)
	axis.ReportTitles = names.titles()
	if p.OneAxis && len(all) > 1 {
		p.Overlay = s.charts.Overlay(clipped, axis)
	} else {
		p.OneAxis = false
		for _, series := range clipped {
			p.Multiples = append(p.Multiples, s.charts.Trend(series, axis))
		}
	}
	png := s.charts.Drawn(p.Overlay)
	for _, h := range p.Multiples {
		png = png || s.charts.Drawn(h)
	}
	// The downloads take one indicator each: they are listed under the charts.
	s.renderPage(c, http.StatusOK, "chart", "Indicatoren samen", downloads{png: png}, p)
	return nil
}

// sameAxis reports whether b can share a's value axis: the same unit and the
// same sort of quantity (levels: a stock and a running total), and neither a
// count or amount over a period, which Trend draws as bars over the period.
func sameAxis(a, b peil.Indicator) bool {
	overPeriod := func(k peil.Kind) bool { return k == peil.KindFlow || k == peil.KindAmount }
	return strings.EqualFold(strings.TrimSpace(a.Unit), strings.TrimSpace(b.Unit)) &&
		a.Kind.SameQuantity(b.Kind) && b.Kind.SameQuantity(a.Kind) && !overPeriod(a.Kind) && !overPeriod(b.Kind)
}
