package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// The catalog on the web: /catalogus lists the indicators per measure;
// beheerders add and edit them there or through POST /api/catalog/indicators
// (analytics.DB.AddIndicator and EditIndicator, which audit every change).

// indicatorRequest is the body of POST /api/catalog/indicators.
type indicatorRequest struct {
	ID      string   `json:"id"`
	Measure int      `json:"measure"`
	Label   string   `json:"label"`
	LabelEN string   `json:"label_en"`
	Unit    string   `json:"unit"`
	Kind    string   `json:"kind"`
	Key     bool     `json:"key"`
	Cues    []string `json:"cues"`
}

func (r indicatorRequest) indicator() peil.Indicator {
	return peil.Indicator{ID: peil.IndicatorID(strings.TrimSpace(r.ID)), Measure: r.Measure, Label: strings.TrimSpace(r.Label),
		LabelEN: strings.TrimSpace(r.LabelEN), Unit: strings.TrimSpace(r.Unit), Kind: peil.Kind(r.Kind), Key: r.Key,
		Cues: peil.ParseCues(strings.Join(r.Cues, "|"))}
}

// indicatorEditRequest is the body of POST /api/catalog/indicators/{id}:
// the fields to change.
type indicatorEditRequest struct {
	Label   *string    `json:"label"`
	LabelEN *string    `json:"label_en"`
	Unit    *string    `json:"unit"`
	Kind    *peil.Kind `json:"kind"`
	Cues    *[]string  `json:"cues"`
	Key     *bool      `json:"key"`
}

func (r indicatorEditRequest) edit() peil.IndicatorEdit {
	return peil.IndicatorEdit{Label: r.Label, LabelEN: r.LabelEN, Unit: r.Unit, Kind: r.Kind, Cues: r.Cues, Key: r.Key}
}

func (s *Server) apiAddIndicator(c *gin.Context) error {
	var req indicatorRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ind := req.indicator()
	if err := s.db.AddIndicator(c.Request.Context(), ind, sessionOf(c).User); err != nil {
		return err
	}
	c.JSON(http.StatusCreated, ind)
	return nil
}

func (s *Server) apiEditIndicator(c *gin.Context) error {
	var req indicatorEditRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ind, err := s.db.EditIndicator(c.Request.Context(), peil.IndicatorID(c.Param("indicator")), req.edit(), sessionOf(c).User)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, ind)
	return nil
}

// catalogView is the data of /catalogus.
type catalogView struct {
	Measures []catalogMeasure
	All      []peil.Measure
	Kinds    []peil.Kind
	Admin    bool   // the forms are shown
	CSRF     string // for the forms
	Done     string // what the last change did
	Message  string // why the last change was refused
}

type catalogMeasure struct {
	peil.Measure
	Indicators []catalogIndicator
}

type catalogIndicator struct {
	peil.Indicator
	CuesText string // the cues, | separated, for the edit field
}

func (s *Server) catalogPage(c *gin.Context) error {
	return s.renderCatalog(c, http.StatusOK, c.Query("gedaan"), "")
}

func (s *Server) renderCatalog(c *gin.Context, status int, done, msg string) error {
	cat, err := s.db.Catalog(c.Request.Context())
	if err != nil {
		return err
	}
	v := catalogView{All: cat.Measures, Kinds: peil.Kinds, Done: done, Message: msg}
	if sess := sessionOf(c); sess != nil && sess.Role.Allows(peil.RoleAdmin) {
		v.Admin, v.CSRF = true, sess.CSRFToken
	}
	byMeasure := map[int][]catalogIndicator{}
	for _, ind := range cat.Indicators {
		byMeasure[ind.Measure] = append(byMeasure[ind.Measure], catalogIndicator{ind, strings.Join(ind.Cues, " | ")})
	}
	for _, m := range cat.Measures {
		v.Measures = append(v.Measures, catalogMeasure{m, byMeasure[m.Nr]})
	}
	c.Header("Cache-Control", "no-store")
	s.renderPage(c, status, "catalog", "Catalogus", downloads{}, v)
	return nil
}

// catalogForm adds an indicator posted from /catalogus.
func (s *Server) catalogForm(c *gin.Context) error {
	nr, _ := strconv.Atoi(c.PostForm("measure"))
	req := indicatorRequest{ID: c.PostForm("id"), Measure: nr, Label: c.PostForm("label"), LabelEN: c.PostForm("label_en"),
		Unit: c.PostForm("unit"), Kind: c.PostForm("kind"), Key: c.PostForm("key") == "on", Cues: []string{c.PostForm("cues")}}
	ind := req.indicator()
	if err := s.db.AddIndicator(c.Request.Context(), ind, sessionOf(c).User); err != nil {
		if peil.ErrorCode(err) == peil.EINVALID {
			return s.renderCatalog(c, http.StatusBadRequest, "", peil.ErrorMessage(err))
		}
		return err
	}
	c.Redirect(http.StatusSeeOther, "/catalogus?gedaan="+url.QueryEscape("Indicator "+string(ind.ID)+" toegevoegd.")+"#m"+strconv.Itoa(ind.Measure))
	return nil
}

// catalogEditForm changes an indicator posted from /catalogus: label,
// English label, unit, kind, cues and whether it is a key indicator.
func (s *Server) catalogEditForm(c *gin.Context) error {
	label, labelEN, cues := c.PostForm("label"), c.PostForm("label_en"), peil.ParseCues(c.PostForm("cues"))
	key := c.PostForm("key") == "on"
	e := peil.IndicatorEdit{Label: &label, LabelEN: &labelEN, Cues: &cues, Key: &key}
	if unit, ok := c.GetPostForm("unit"); ok {
		e.Unit = &unit
	}
	if kind, ok := c.GetPostForm("kind"); ok {
		k := peil.Kind(kind)
		e.Kind = &k
	}
	id := peil.IndicatorID(c.Param("indicator"))
	ind, err := s.db.EditIndicator(c.Request.Context(), id, e, sessionOf(c).User)
	if err != nil {
		if peil.ErrorCode(err) == peil.EINVALID {
			return s.renderCatalog(c, http.StatusBadRequest, "", peil.ErrorMessage(err))
		}
		return err
	}
	c.Redirect(http.StatusSeeOther, "/catalogus?gedaan="+url.QueryEscape("Indicator "+string(id)+" gewijzigd.")+"#m"+strconv.Itoa(ind.Measure))
	return nil
}
