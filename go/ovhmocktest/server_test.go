package ovhmocktest_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"ovhmock/ovhmocktest"
)

// The keys of the default data set (fixtures/default), as the banner prints them.
const (
	defaultAK = "7kbG7Bk7S9Nt7ZSV"
	defaultAS = "Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA"
	defaultCK = "a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b"
)

func get(t *testing.T, c *http.Client, url string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestStartReadsEndpointAndKeys(t *testing.T) {
	t.Parallel()
	s := ovhmocktest.Start(t)
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") || s.Endpoint != s.URL+"/1.0" || s.Port == 0 {
		t.Fatalf("URL %q, endpoint %q, port %d", s.URL, s.Endpoint, s.Port)
	}
	if s.ApplicationKey != defaultAK || s.ApplicationSecret != defaultAS || s.ConsumerKey != defaultCK {
		t.Fatalf("keys %q %q %q", s.ApplicationKey, s.ApplicationSecret, s.ConsumerKey)
	}
	if s.TLSEndpoint != "" || s.CertPool != nil {
		t.Fatalf("HTTPS without WithTLS: %q", s.TLSEndpoint)
	}
	h, err := s.Health()
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != "healthy" || h.Counts.Applications == 0 || h.Counts.Zones == 0 {
		t.Fatalf("health %+v", h)
	}
	if resp := get(t, s.HTTPClient, s.Endpoint+"/auth/time"); resp.StatusCode != 200 {
		t.Fatalf("GET /auth/time: %d", resp.StatusCode)
	}
}

func TestCloseStopsTheServer(t *testing.T) {
	s, err := ovhmocktest.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if !strings.Contains(s.Output(), `"event":"stopped"`) {
		t.Fatalf("no stopped event in the output:\n%s", s.Output())
	}
	if _, err := http.Get(s.URL + "/1.0/auth/time"); err == nil {
		t.Fatal("the server still answers after Close")
	}
}

func TestStartFailures(t *testing.T) {
	t.Parallel()
	_, err := ovhmocktest.New(ovhmocktest.WithBinary(filepath.Join(t.TempDir(), "no-such-ovhmock")))
	if err == nil || !strings.Contains(err.Error(), "no-such-ovhmock") {
		t.Fatalf("missing binary: %v", err)
	}
	// A server that refuses its flags: the error carries what it printed.
	_, err = ovhmocktest.New(ovhmocktest.WithArgs("--time-window", "soon"))
	if err == nil || !strings.Contains(err.Error(), "exited before it was ready") ||
		!strings.Contains(err.Error(), "time-window") {
		t.Fatalf("bad flag: %v", err)
	}
	_, err = ovhmocktest.New(ovhmocktest.WithFixtures(t.TempDir()))
	if err == nil || !strings.Contains(err.Error(), "exited before it was ready") {
		t.Fatalf("empty fixtures directory: %v", err)
	}
}

func TestBinaryFromEnvironment(t *testing.T) {
	bin := os.Getenv("OVHMOCK_BIN")
	t.Setenv("OVHMOCK_BIN", filepath.Join(t.TempDir(), "not-here"))
	if _, err := ovhmocktest.New(); err == nil || !strings.Contains(err.Error(), "not-here") {
		t.Fatalf("OVHMOCK_BIN not used: %v", err)
	}
	if bin != "" {
		// WithBinary wins over the environment.
		s, err := ovhmocktest.New(ovhmocktest.WithBinary(bin))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTLS(t *testing.T) {
	t.Parallel()
	s := ovhmocktest.Start(t, ovhmocktest.WithTLS())
	if !strings.HasPrefix(s.TLSEndpoint, "https://127.0.0.1:") || s.CertPool == nil || s.CAFile == "" {
		t.Fatalf("TLS endpoint %q, CA file %q", s.TLSEndpoint, s.CAFile)
	}
	if resp := get(t, s.HTTPClient, s.TLSEndpoint+"/auth/time"); resp.StatusCode != 200 {
		t.Fatalf("GET over HTTPS: %d", resp.StatusCode)
	}
	// A client that does not trust the CA is refused.
	if _, err := http.Get(s.TLSEndpoint + "/auth/time"); err == nil {
		t.Fatal("the generated certificate was trusted without the CA")
	}
}

func TestClockOptionAndMethods(t *testing.T) {
	t.Parallel()
	s := ovhmocktest.Start(t, ovhmocktest.WithClockOffset(time.Hour))
	c, err := s.Clock()
	if err != nil {
		t.Fatal(err)
	}
	if c.Offset != 3600 || c.Now-c.RealNow < 3599 {
		t.Fatalf("clock after WithClockOffset(1h): %+v", c)
	}
	if c, err = s.StepClock(30 * time.Second); err != nil || c.Offset != 3630 {
		t.Fatalf("step: %+v %v", c, err)
	}
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	if c, err = s.FreezeClock(at); err != nil || !c.Frozen || c.Now != at.Unix() || !c.Time().Equal(at) {
		t.Fatalf("freeze: %+v %v", c, err)
	}
	if c, err = s.UnfreezeClock(); err != nil || c.Frozen {
		t.Fatalf("unfreeze: %+v %v", c, err)
	}
	if c, err = s.ResetClock(); err != nil || c.Offset != 0 || c.Frozen {
		t.Fatalf("reset: %+v %v", c, err)
	}
	if c, err = s.SetClockOffset(-2 * time.Minute); err != nil || c.Offset != -120 {
		t.Fatalf("offset: %+v %v", c, err)
	}
}

func TestApplicationsAndCredentials(t *testing.T) {
	t.Parallel()
	s := ovhmocktest.Start(t)
	app, err := s.CreateApplication(ovhmocktest.Application{Name: "ci"})
	if err != nil {
		t.Fatal(err)
	}
	if app.ApplicationKey == "" || app.ApplicationSecret == "" || app.ApplicationID == 0 || app.Status != "active" {
		t.Fatalf("application %+v", app)
	}
	cred, err := s.CreateCredential(ovhmocktest.CredentialRequest{
		ApplicationKey: app.ApplicationKey,
		Status:         "pendingValidation",
		Rules:          []ovhmocktest.Rule{{Method: "GET", Path: "/domain/*"}},
		ExpiresIn:      time.Hour,
		AllowedIPs:     []string{"127.0.0.1/32"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if cred.ConsumerKey == "" || cred.Status != "pendingValidation" || cred.ApplicationID != app.ApplicationID ||
		len(cred.Rules) != 1 || cred.Rules[0].Path != "/domain/*" || cred.Expiration == nil ||
		len(cred.AllowedIPs) != 1 {
		t.Fatalf("credential %+v", cred)
	}
	if c, err := s.ValidateCredential(cred.ConsumerKey, time.Minute); err != nil || c.Status != "validated" {
		t.Fatalf("validate: %+v %v", c, err)
	}
	if c, err := s.RefuseCredential(cred.ConsumerKey); err != nil || c.Status != "refused" {
		t.Fatalf("refuse: %+v %v", c, err)
	}
	if c, err := s.ExpireCredential(cred.ConsumerKey); err != nil || c.Status != "expired" {
		t.Fatalf("expire: %+v %v", c, err)
	}
	// Errors come back typed, with the server's message.
	_, err = s.ValidateCredential("no-such-key", 0)
	var ae *ovhmocktest.AdminError
	if !errors.As(err, &ae) || ae.Status != 404 || ae.Message != "No such credential" {
		t.Fatalf("unknown key: %#v", err)
	}
	_, err = s.CreateCredential(ovhmocktest.CredentialRequest{ApplicationKey: "nope"})
	if !errors.As(err, &ae) || ae.Status != 400 || !strings.Contains(err.Error(), "No such application") {
		t.Fatalf("unknown application: %v", err)
	}
}

func TestDatasetsAndReset(t *testing.T) {
	t.Parallel()
	s := ovhmocktest.Start(t)
	counts, err := s.LoadDataset(map[string]interface{}{
		"applications.json": []map[string]interface{}{{"applicationId": 1, "applicationKey": "AKAKAKAKAKAKAKAK",
			"applicationSecret": "ASASASASASASASASASASASASASASASAS", "name": "ci", "description": "", "status": "active"}},
		"credentials.json": []interface{}{},
	})
	if err != nil {
		t.Fatal(err)
	}
	if counts.Applications != 1 || counts.Credentials != 0 {
		t.Fatalf("counts %+v", counts)
	}
	if _, err := s.CreateApplication(ovhmocktest.Application{Name: "extra"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	h, err := s.Health()
	if err != nil || h.Counts.Applications != 1 {
		t.Fatalf("after reset, back to the loaded data set: %+v %v", h, err)
	}
	_, err = s.LoadDataset(map[string]interface{}{"credentials.json": []map[string]interface{}{{"credentialId": 1}}, "applications.json": []interface{}{}})
	var ae *ovhmocktest.AdminError
	if !errors.As(err, &ae) || ae.Status != 400 || !strings.Contains(ae.Message, "credentials.json") {
		t.Fatalf("bad data set: %v", err)
	}
	if _, err := s.LoadDatasetDir(filepath.Join(t.TempDir(), "missing")); !errors.As(err, &ae) || ae.Status != 400 {
		t.Fatalf("missing directory: %v", err)
	}
}

func TestFaultsAndJournal(t *testing.T) {
	t.Parallel()
	s := ovhmocktest.Start(t)
	f, err := s.AddFault(ovhmocktest.Fault{Kind: "error", Status: 503, TestID: "case-1", Times: 1})
	if err != nil {
		t.Fatal(err)
	}
	if f.ID == "" || f.Kind != "error" || f.Remaining == nil || *f.Remaining != 1 {
		t.Fatalf("fault %+v", f)
	}
	if resp := get(t, s.HTTPClient, s.Endpoint+"/auth/time", ovhmocktest.TestIDHeader, "case-2"); resp.StatusCode != 200 {
		t.Fatalf("another test's request hit the fault: %d", resp.StatusCode)
	}
	if resp := get(t, s.HTTPClient, s.Endpoint+"/auth/time", ovhmocktest.TestIDHeader, "case-1"); resp.StatusCode != 503 {
		t.Fatalf("scoped fault not applied: %d", resp.StatusCode)
	}
	if resp := get(t, s.HTTPClient, s.Endpoint+"/auth/time", ovhmocktest.TestIDHeader, "case-1"); resp.StatusCode != 200 {
		t.Fatalf("fault applied more than Times: %d", resp.StatusCode)
	}
	reqs, err := s.Requests(ovhmocktest.Filter{TestID: "case-1"})
	if err != nil || len(reqs) != 2 || reqs[0].Status != 200 || reqs[1].Status != 503 || len(reqs[1].Fault) == 0 {
		t.Fatalf("journal for case-1: %+v %v", reqs, err)
	}
	if n, err := s.CountRequests(ovhmocktest.Filter{Path: "/1.0/auth/*", Status: 200}); err != nil || n != 2 {
		t.Fatalf("count: %d %v", n, err)
	}
	if reqs, err := s.Requests(ovhmocktest.Filter{Limit: 1}); err != nil || len(reqs) != 1 {
		t.Fatalf("limit: %d %v", len(reqs), err)
	}
	if _, err := s.AddFault(ovhmocktest.Fault{Kind: "latency", DelayMs: 10, Path: "/1.0/me"}); err != nil {
		t.Fatal(err)
	}
	// The error fault is gone after its one hit; the latency fault stays until removed.
	active, err := s.Faults()
	if err != nil || len(active) != 1 || active[0].Kind != "latency" || active[0].Remaining != nil {
		t.Fatalf("faults: %+v %v", active, err)
	}
	if err := s.RemoveFault(active[0].ID); err != nil {
		t.Fatal(err)
	}
	var ae *ovhmocktest.AdminError
	if err := s.RemoveFault(active[0].ID); !errors.As(err, &ae) || ae.Status != 404 {
		t.Fatalf("removing twice: %v", err)
	}
	if _, err := s.AddFault(ovhmocktest.Fault{Kind: "teleport"}); !errors.As(err, &ae) || ae.Status != 400 {
		t.Fatalf("bad kind: %v", err)
	}
	if err := s.ClearFaults(); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearRequests(); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountRequests(ovhmocktest.Filter{}); err != nil || n != 0 {
		t.Fatalf("after clear: %d %v", n, err)
	}
	m, err := s.Metrics()
	if err != nil || !strings.Contains(m, `ovhmock_faults_injected_total{kind="error"} 1`) {
		t.Fatalf("metrics: %v\n%s", err, m)
	}
}

// Parallel tests each get their own server: a fault, data and clock changes in one test
// never reach another.
func TestParallelTestsAreIsolated(t *testing.T) {
	ports := make(chan int, 8)
	t.Run("group", func(t *testing.T) {
		for i := 0; i < 8; i++ {
			i := i
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				s := ovhmocktest.Start(t)
				ports <- s.Port
				if _, err := s.AddFault(ovhmocktest.Fault{Kind: "error", Status: 500 + i%4}); err != nil {
					t.Fatal(err)
				}
				if _, err := s.SetClockOffset(time.Duration(i) * time.Minute); err != nil {
					t.Fatal(err)
				}
				resp := get(t, s.HTTPClient, s.Endpoint+"/auth/time")
				if resp.StatusCode != 500+i%4 {
					t.Fatalf("status %d, want this test's own fault %d", resp.StatusCode, 500+i%4)
				}
				if n, err := s.CountRequests(ovhmocktest.Filter{}); err != nil || n != 1 {
					t.Fatalf("journal holds %d entries, want this test's one: %v", n, err)
				}
				if c, err := s.Clock(); err != nil || c.Offset != int64(i*60) {
					t.Fatalf("clock %+v %v", c, err)
				}
			})
		}
	})
	close(ports)
	seen := map[int]bool{}
	for p := range ports {
		if seen[p] {
			t.Fatalf("port %d served two tests", p)
		}
		seen[p] = true
	}
}

// recorder is a testing.TB that records what Start does with it.
type recorder struct {
	testing.TB
	fatal    string
	failed   bool
	logs     []string
	cleanups []func()
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...interface{}) {
	r.fatal = fmt.Sprintf(format, args...)
	r.failed = true
	runtime.Goexit()
}
func (r *recorder) Logf(format string, args ...interface{}) {
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}
func (r *recorder) Errorf(format string, args ...interface{}) {
	r.failed = true
	r.Logf(format, args...)
}
func (r *recorder) Failed() bool     { return r.failed }
func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

// runStart calls Start in its own goroutine, as a test would, and returns what it recorded.
func runStart(r *recorder, opts ...ovhmocktest.Option) *ovhmocktest.Server {
	var s *ovhmocktest.Server
	done := make(chan struct{})
	go func() {
		defer close(done)
		s = ovhmocktest.Start(r, opts...)
	}()
	<-done
	return s
}

func TestStartFailsTheTestWithTheServerOutput(t *testing.T) {
	t.Parallel()
	r := &recorder{TB: t}
	if s := runStart(r, ovhmocktest.WithArgs("--port-file")); s != nil || !r.failed {
		t.Fatalf("Start did not fail the test: %+v", r)
	}
	if !strings.Contains(r.fatal, "--port-file") || !strings.Contains(r.fatal, "exited before it was ready") {
		t.Fatalf("fatal message without the server's output: %q", r.fatal)
	}
	if len(r.cleanups) != 0 {
		t.Fatalf("a cleanup registered for a server that never started")
	}
}

func TestCleanupStopsAndLogsTheOutputOfAFailedTest(t *testing.T) {
	t.Parallel()
	r := &recorder{TB: t}
	s := runStart(r)
	if s == nil || len(r.cleanups) != 1 {
		t.Fatalf("Start: %+v", r)
	}
	get(t, s.HTTPClient, s.Endpoint+"/auth/time")
	r.failed = true // the test failed: the cleanup adds the access log to the test log
	r.cleanups[0]()
	if len(r.logs) != 1 || !strings.Contains(r.logs[0], "GET /1.0/auth/time 200") {
		t.Fatalf("logs %q", r.logs)
	}
	if _, err := s.HTTPClient.Get(s.URL + "/1.0/auth/time"); err == nil {
		t.Fatal("the server still answers after the cleanup")
	}
}
