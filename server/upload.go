package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// Uploads: a beheerder sends a report (PDF or text, as ingest.Extract reads) with
// its metadata; the server ingests it in the background, one job at a time,
// and shows the job's progress until the report's figures are in the review
// queue.

// uploadPaths are the routes whose body may be up to Options.MaxUploadBytes.
var uploadPaths = map[string]bool{"/rapportages/nieuw": true, "/api/reports": true}

// uploadReadTimeout is how long an upload's body may take to arrive.
const uploadReadTimeout = 5 * time.Minute

// maxJobs is how many finished jobs the server remembers.
const maxJobs = 100

// job is one background ingestion.
type job struct {
	ID      string    `json:"id"`
	User    string    `json:"user"`
	File    string    `json:"file"`
	Title   string    `json:"title"`
	Started time.Time `json:"started"`

	// Guarded by jobs.mu.
	Stage   string `json:"stage"` // Dutch, for people
	Done    bool   `json:"done"`
	Error   string `json:"error,omitempty"`  // Dutch; the job failed and stored nothing
	Report  int64  `json:"report,omitempty"` // the stored report's id
	Action  string `json:"action,omitempty"` // added, replaced, unchanged
	Figures int    `json:"figures"`
	Open    int    `json:"open"` // figures that wait for review
}

// jobs holds the upload jobs; one runs at a time (the database has one writer).
type jobs struct {
	mu    sync.Mutex
	byID  map[string]*job
	order []string
	run   sync.Mutex     // held by the running job
	wg    sync.WaitGroup // jobs not finished
}

func newJobs() *jobs { return &jobs{byID: map[string]*job{}} }

// get returns a copy of job id.
func (js *jobs) get(id string) (job, bool) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.byID[id]
	if !ok {
		return job{}, false
	}
	return *j, true
}

func (js *jobs) update(j *job, fn func(j *job)) {
	js.mu.Lock()
	defer js.mu.Unlock()
	fn(j)
}

// add registers j, forgetting the oldest finished jobs beyond maxJobs.
func (js *jobs) add(j *job) {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.byID[j.ID] = j
	js.order = append(js.order, j.ID)
	for len(js.order) > maxJobs {
		old := js.byID[js.order[0]]
		if !old.Done {
			break
		}
		delete(js.byID, js.order[0])
		js.order = js.order[1:]
	}
}

// wait waits for the jobs that run or wait to run.
func (js *jobs) wait() { js.wg.Wait() }

// upload is a validated upload request.
type upload struct {
	raw         []byte
	file        string
	title       string
	reportDate  peil.Date
	periodStart peil.Date
	kamerstuk   string
	url         string
}

// uploadFields are the form fields of an upload, as the page and the API take
// them.
var uploadFields = []string{"file", "title", "report_date", "period_start", "kamerstuk", "url", "csrf_token"}

// uploadFormMemory is how much of an upload's form is held in memory; the
// rest of the file waits in a temporary file.
const uploadFormMemory = 8 << 20

// readUpload reads and checks a multipart upload: the file field and the
// metadata. Bad input gives EINVALID with a Dutch message.
func (s *Server) readUpload(c *gin.Context) (*upload, error) {
	if err := c.Request.ParseMultipartForm(uploadFormMemory); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, peil.Errorf(codeTooLarge, "het bestand is groter dan de grens van %d MB", s.opts.MaxUploadBytes>>20)
		}
		return nil, &peil.Error{Code: peil.EINVALID, Message: "geen geldig formulier met een bestand (multipart/form-data)", Err: err}
	}
	defer c.Request.MultipartForm.RemoveAll()
	for name := range c.Request.MultipartForm.Value {
		if !slices.Contains(uploadFields, name) {
			return nil, peil.Errorf(peil.EINVALID, "onbekend veld %q; de velden zijn %s", name, strings.Join(uploadFields, ", "))
		}
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, peil.Errorf(peil.EINVALID, "kies een bestand (veld file): de tekst of de PDF van de rapportage")
	}
	u := &upload{file: filepath.Base(fh.Filename), title: strings.TrimSpace(c.PostForm("title")),
		kamerstuk: strings.TrimSpace(c.PostForm("kamerstuk")), url: strings.TrimSpace(c.PostForm("url"))}
	if !fs.ValidPath(u.file) || u.file == "." || !utf8.ValidString(u.file) || len(u.file) > 200 {
		return nil, peil.Errorf(peil.EINVALID, "de bestandsnaam is leeg, te lang of geen geldige UTF-8")
	}
	if u.raw, err = readPart(fh); err != nil {
		return nil, err
	}
	for _, d := range []struct {
		field string
		out   *peil.Date
	}{{"report_date", &u.reportDate}, {"period_start", &u.periodStart}} {
		v := strings.TrimSpace(c.PostForm(d.field))
		if v == "" {
			continue
		}
		if *d.out, err = peil.ParseDate(v); err != nil {
			return nil, peil.Errorf(peil.EINVALID, "%s: geef een datum als JJJJ-MM-DD, niet %q", d.field, v)
		}
	}
	if len(u.title) > 300 || len(u.kamerstuk) > 50 {
		return nil, peil.Errorf(peil.EINVALID, "de titel (300 tekens) of het kamerstuk (50 tekens) is te lang")
	}
	if u.url != "" {
		p, err := url.Parse(u.url)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || len(u.url) > 2000 {
			return nil, peil.Errorf(peil.EINVALID, "url: geef een adres dat begint met https:// of http://, niet %q", u.url)
		}
	}
	return u, nil
}

func readPart(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("open upload: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	return b, nil
}

// startUpload starts the background ingestion of u by user and returns its job.
func (s *Server) startUpload(u *upload, user string) *job {
	id := make([]byte, 8)
	_, _ = rand.Read(id) // crypto/rand does not fail
	j := &job{ID: hex.EncodeToString(id), User: user, File: u.file, Title: u.title, Started: s.now().UTC(),
		Stage: fmt.Sprintf("ontvangen (%s bytes); wacht op de beurt", peil.FormatNumber(float64(len(u.raw))))}
	s.jobs.add(j)
	s.jobs.wg.Add(1)
	go func() {
		defer s.jobs.wg.Done()
		s.jobs.run.Lock()
		defer s.jobs.run.Unlock()
		err := s.ingestUpload(context.Background(), j, u)
		s.jobs.update(j, func(j *job) {
			j.Done = true
			if err != nil {
				j.Error = peil.ErrorMessage(err)
				if pe := new(peil.Error); errors.As(err, &pe) && pe.Code == peil.EINVALID {
					j.Error = pe.Error() // with file and line
				}
				j.Stage = "mislukt; er is niets opgeslagen"
			}
		})
		if err != nil {
			s.log.Warn("upload failed", "job", j.ID, "file", j.File, "user", j.User, "err", err)
		}
	}()
	return j
}

// ingestUpload extracts and stores one upload through s.ingest: the pipeline
// of peil ingest (the stored catalog, the period-start policy: a report
// without one starts at the date of the report before it), reporting its
// stages on j.
func (s *Server) ingestUpload(ctx context.Context, j *job, u *upload) error {
	stage := func(st string) { s.jobs.update(j, func(j *job) { j.Stage = st }) }
	stage("maatregelen en cijfers zoeken en opslaan")
	res, err := s.ingest.Upload(ctx, peil.Report{File: u.file, Title: u.title, ReportDate: u.reportDate,
		PeriodStart: u.periodStart, Kamerstuk: u.kamerstuk, URL: u.url}, u.raw, j.User,
		"vul de rapportagedatum in bij het uploaden")
	if err != nil {
		return err
	}
	s.jobs.update(j, func(j *job) {
		j.Report, j.Action, j.Figures, j.Open = res.Report.ID, res.Action, res.Figures, res.Open
		j.Stage = fmt.Sprintf("klaar: %d cijfers, waarvan %d te beoordelen", res.Figures, res.Open)
	})
	s.log.Info("upload", "job", j.ID, "file", j.File, "user", j.User, "report", res.Report.ID, "action", res.Action)
	return nil
}

// uploadView is the data of /rapportages/nieuw.
type uploadView struct {
	CSRF     string
	MaxMB    int64
	Message  string // why the last upload was refused
	Job      *job   // the job shown, on /rapportages/nieuw/{job}
	Recent   []job  // recent jobs
	Progress bool   // the job runs: the page refreshes itself
}

func (s *Server) uploadPage(c *gin.Context) error {
	s.renderUpload(c, http.StatusOK, nil, "")
	return nil
}

func (s *Server) renderUpload(c *gin.Context, status int, j *job, msg string) {
	v := uploadView{CSRF: sessionOf(c).CSRFToken, MaxMB: s.opts.MaxUploadBytes >> 20, Message: msg, Job: j}
	if j != nil && !j.Done {
		v.Progress = true
		c.Header("Refresh", "1") // the browser asks again in a second; no script needed
	}
	s.jobs.mu.Lock()
	for i := len(s.jobs.order) - 1; i >= 0 && len(v.Recent) < 10; i-- {
		v.Recent = append(v.Recent, *s.jobs.byID[s.jobs.order[i]])
	}
	s.jobs.mu.Unlock()
	c.Header("Cache-Control", "no-store")
	s.renderPage(c, status, "upload", "Nieuwe rapportage", downloads{}, v)
}

func (s *Server) uploadForm(c *gin.Context) error {
	u, err := s.readUpload(c)
	if err != nil {
		if code := peil.ErrorCode(err); code == peil.EINVALID || code == codeTooLarge {
			s.renderUpload(c, statusOf(code), nil, peil.ErrorMessage(err))
			return nil
		}
		return err
	}
	j := s.startUpload(u, sessionOf(c).User)
	c.Redirect(http.StatusSeeOther, "/rapportages/nieuw/"+j.ID)
	return nil
}

func (s *Server) uploadJobPage(c *gin.Context) error {
	j, ok := s.jobs.get(c.Param("job"))
	if !ok {
		return peil.Errorf(peil.ENOTFOUND, "geen upload %q (de server onthoudt de laatste %d)", c.Param("job"), maxJobs)
	}
	s.renderUpload(c, http.StatusOK, &j, "")
	return nil
}

// uploadJSON is the answer of POST /api/reports and GET /api/reports/jobs/{job}.
type uploadJSON struct {
	job
	StatusURL string `json:"status_url"`
	ReviewURL string `json:"review_url,omitempty"` // the report's figures in the review queue, once stored
}

func jobJSON(j job) uploadJSON {
	out := uploadJSON{job: j, StatusURL: "/api/reports/jobs/" + j.ID}
	if j.Report > 0 {
		out.ReviewURL = fmt.Sprintf("/beoordelen?rapport=%d&status=alle", j.Report)
	}
	return out
}

func (s *Server) apiUpload(c *gin.Context) error {
	u, err := s.readUpload(c)
	if err != nil {
		return err
	}
	j := s.startUpload(u, sessionOf(c).User)
	cp, _ := s.jobs.get(j.ID)
	c.Header("Location", "/api/reports/jobs/"+j.ID)
	c.JSON(http.StatusAccepted, jobJSON(cp))
	return nil
}

func (s *Server) apiUploadJob(c *gin.Context) error {
	j, ok := s.jobs.get(c.Param("job"))
	if !ok {
		return peil.Errorf(peil.ENOTFOUND, "geen upload %q (de server onthoudt de laatste %d)", c.Param("job"), maxJobs)
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, jobJSON(j))
	return nil
}
