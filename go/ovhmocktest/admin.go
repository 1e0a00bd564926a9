package ovhmocktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// AdminError is a control-plane call the server refused, with its status and the API's
// error body ({"class": …, "message": …}).
type AdminError struct {
	Method, Path string
	Status       int
	Class        string
	Message      string
	Body         string
}

func (e *AdminError) Error() string {
	if e.Message != "" {
		return fmt.Sprintf("ovhmock %s %s: %d %s: %s", e.Method, e.Path, e.Status, e.Class, e.Message)
	}
	return fmt.Sprintf("ovhmock %s %s: %d %s", e.Method, e.Path, e.Status, e.Body)
}

// admin sends one control-plane request; a non-nil out receives the JSON answer.
func (s *Server) admin(method, path string, in, out interface{}) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("ovhmock %s %s: encoding the body: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+"/__admin"+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("ovhmock %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("ovhmock %s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode >= 300 {
		e := &AdminError{Method: method, Path: path, Status: resp.StatusCode, Body: string(data)}
		var apiErr struct{ Class, Message string }
		if json.Unmarshal(data, &apiErr) == nil {
			e.Class, e.Message = apiErr.Class, apiErr.Message
		}
		return e
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("ovhmock %s %s: decoding %q: %w", method, path, data, err)
		}
	}
	return nil
}

// Counts are the objects the server holds.
type Counts struct {
	Applications   int `json:"applications"`
	Credentials    int `json:"credentials"`
	Domains        int `json:"domains"`
	Zones          int `json:"zones"`
	Records        int `json:"records"`
	JournalEntries int `json:"journalEntries"`
	Faults         int `json:"faults"`
}

// Health is GET /__admin/health.
type Health struct {
	Status          string `json:"status"`
	Version         string `json:"version"`
	UptimeInSeconds int64  `json:"uptimeInSeconds"`
	Counts          Counts `json:"counts"`
}

// Health reports the server's version and what it holds.
func (s *Server) Health() (Health, error) {
	var h Health
	err := s.admin("GET", "/health", nil, &h)
	return h, err
}

// Reset brings the data back to the last loaded data set, clears the journal, removes
// every fault and puts the clock back to real time.
func (s *Server) Reset() error { return s.admin("POST", "/reset", nil, nil) }

// LoadDatasetDir replaces the data set with the fixtures directory dir, read by the server.
// It becomes what Reset returns to.
func (s *Server) LoadDatasetDir(dir string) (Counts, error) {
	var r struct{ Counts Counts }
	err := s.admin("POST", "/dataset", map[string]string{"directory": dir}, &r)
	return r.Counts, err
}

// LoadDataset replaces the data set with files named as in a fixtures directory
// ("applications.json", "zones/example.com.json", …), each value encoded as JSON.
func (s *Server) LoadDataset(files map[string]interface{}) (Counts, error) {
	var r struct{ Counts Counts }
	err := s.admin("POST", "/dataset", map[string]interface{}{"files": files}, &r)
	return r.Counts, err
}

// Application is an OVH application (application key and secret).
type Application struct {
	ApplicationID     int64  `json:"applicationId,omitempty"`
	ApplicationKey    string `json:"applicationKey,omitempty"`
	ApplicationSecret string `json:"applicationSecret,omitempty"`
	Name              string `json:"name,omitempty"`
	Description       string `json:"description,omitempty"`
	// Status: active (default), blocked, inactive or trusted.
	Status string `json:"status,omitempty"`
}

// CreateApplication creates an application; empty fields are generated.
func (s *Server) CreateApplication(a Application) (Application, error) {
	var out Application
	err := s.admin("POST", "/applications", a, &out)
	return out, err
}

// Rule is an access rule of a consumer key: a method and a path with '*' wildcards.
type Rule struct {
	Method string `json:"method"`
	Path   string `json:"path"`
}

// CredentialRequest describes a consumer key to create. Name the application by
// ApplicationKey or ApplicationID; the rest is optional.
type CredentialRequest struct {
	ApplicationKey string `json:"applicationKey,omitempty"`
	ApplicationID  int64  `json:"applicationId,omitempty"`
	ConsumerKey    string `json:"consumerKey,omitempty"`
	CredentialID   int64  `json:"credentialId,omitempty"`
	// Status: validated (default), pendingValidation, refused or expired.
	Status string `json:"status,omitempty"`
	// Rules: nil means every method on /*.
	Rules []Rule `json:"rules,omitempty"`
	// ExpiresIn: seconds of the virtual clock from now; 0 means no expiration.
	ExpiresIn   time.Duration `json:"-"`
	AllowedIPs  []string      `json:"allowedIPs,omitempty"`
	Redirection string        `json:"redirection,omitempty"`
}

// MarshalJSON writes ExpiresIn in whole seconds.
func (r CredentialRequest) MarshalJSON() ([]byte, error) {
	type plain CredentialRequest
	out := struct {
		plain
		ExpiresIn *int64 `json:"expiresIn,omitempty"`
	}{plain: plain(r)}
	if r.ExpiresIn != 0 {
		secs := int64(r.ExpiresIn / time.Second)
		out.ExpiresIn = &secs
	}
	return json.Marshal(out)
}

// Credential is a consumer key as the control plane shows it (auth.ApiCredential plus
// the consumer key on creation).
type Credential struct {
	CredentialID  int64    `json:"credentialId"`
	ApplicationID int64    `json:"applicationId"`
	ConsumerKey   string   `json:"consumerKey,omitempty"`
	Status        string   `json:"status"`
	Rules         []Rule   `json:"rules"`
	Creation      string   `json:"creation"`
	Expiration    *string  `json:"expiration"`
	LastUse       *string  `json:"lastUse"`
	AllowedIPs    []string `json:"allowedIPs"`
	OVHSupport    bool     `json:"ovhSupport"`
}

// CreateCredential creates a consumer key with the given rules and state.
func (s *Server) CreateCredential(r CredentialRequest) (Credential, error) {
	var c Credential
	err := s.admin("POST", "/credentials", r, &c)
	return c, err
}

func (s *Server) changeCredential(action, consumerKey string, expiresIn time.Duration) (Credential, error) {
	body := map[string]interface{}{"consumerKey": consumerKey}
	if expiresIn != 0 {
		body["expiresIn"] = int64(expiresIn / time.Second)
	}
	var c Credential
	err := s.admin("POST", "/credentials/"+action, body, &c)
	return c, err
}

// ValidateCredential validates a consumer key (e.g. one a client requested through
// POST /auth/credential). expiresIn > 0 sets its expiration that far ahead of the virtual
// clock; 0 keeps a future expiration and clears a past one.
func (s *Server) ValidateCredential(consumerKey string, expiresIn time.Duration) (Credential, error) {
	return s.changeCredential("validate", consumerKey, expiresIn)
}

// RefuseCredential refuses a consumer key: signed calls with it get 403 INVALID_CREDENTIAL.
func (s *Server) RefuseCredential(consumerKey string) (Credential, error) {
	return s.changeCredential("refuse", consumerKey, 0)
}

// ExpireCredential expires a consumer key now.
func (s *Server) ExpireCredential(consumerKey string) (Credential, error) {
	return s.changeCredential("expire", consumerKey, 0)
}

// Clock is the server's virtual clock, behind /auth/time, the timestamp window and key
// expirations.
type Clock struct {
	Now     int64  `json:"now"`
	NowISO  string `json:"nowIso"`
	RealNow int64  `json:"realNow"`
	Offset  int64  `json:"offset"`
	Frozen  bool   `json:"frozen"`
}

// Time is the virtual clock's now.
func (c Clock) Time() time.Time { return time.Unix(c.Now, 0) }

// Clock reads the virtual clock.
func (s *Server) Clock() (Clock, error) {
	var c Clock
	err := s.admin("GET", "/clock", nil, &c)
	return c, err
}

func (s *Server) clock(action string, body interface{}) (Clock, error) {
	var c Clock
	err := s.admin("POST", "/clock/"+action, body, &c)
	return c, err
}

// SetClockOffset puts the virtual clock d ahead of real time (whole seconds).
func (s *Server) SetClockOffset(d time.Duration) (Clock, error) {
	return s.clock("offset", map[string]int64{"seconds": int64(d / time.Second)})
}

// StepClock moves the virtual clock by d (whole seconds), e.g. past a key's expiration.
func (s *Server) StepClock(d time.Duration) (Clock, error) {
	return s.clock("step", map[string]int64{"seconds": int64(d / time.Second)})
}

// FreezeClock stops the virtual clock at at; the zero time freezes it at its current time.
func (s *Server) FreezeClock(at time.Time) (Clock, error) {
	if at.IsZero() {
		return s.clock("freeze", nil)
	}
	return s.clock("freeze", map[string]int64{"at": at.Unix()})
}

// UnfreezeClock lets the virtual clock run again from where it was frozen.
func (s *Server) UnfreezeClock() (Clock, error) { return s.clock("unfreeze", nil) }

// ResetClock puts the virtual clock back to real time.
func (s *Server) ResetClock() (Clock, error) { return s.clock("reset", nil) }

// Filter selects journal entries; every non-zero field must match.
type Filter struct {
	Method string
	// Path is a glob over the raw path, '*' matching anything: "/1.0/domain/*".
	Path      string
	Status    int
	ErrorCode string
	// Accepted: authenticated calls whose signature was accepted (true) or refused (false).
	Accepted *bool
	// TestID matches the X-Ovhmock-Test-Id header.
	TestID string
	// Route is the matched pattern, e.g. "/1.0/domain/zone/{zoneName}".
	Route string
	// Since keeps entries with a larger id.
	Since int64
	// Limit bounds the number of entries Requests returns (0: all).
	Limit int
}

func (f Filter) query(withLimit bool) string {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("method", f.Method)
	set("path", f.Path)
	set("errorCode", f.ErrorCode)
	set("testId", f.TestID)
	set("route", f.Route)
	if f.Status != 0 {
		v.Set("status", strconv.Itoa(f.Status))
	}
	if f.Accepted != nil {
		v.Set("accepted", strconv.FormatBool(*f.Accepted))
	}
	if f.Since != 0 {
		v.Set("since", strconv.FormatInt(f.Since, 10))
	}
	if withLimit && f.Limit > 0 {
		v.Set("limit", strconv.Itoa(f.Limit))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// SignatureHint is the explainer's report on a rejected signature: the variant of the
// request the client signed, and the string it hashed (secrets masked).
type SignatureHint struct {
	VariantClass string `json:"variantClass"`
	Variant      string `json:"variant"`
	Hashed       string `json:"hashed"`
}

// Auth is what the server concluded about a request's authentication.
type Auth struct {
	Method         string         `json:"method"`
	Accepted       bool           `json:"accepted"`
	ErrorCode      string         `json:"errorCode"`
	Reason         string         `json:"reason"`
	MatchedForm    string         `json:"matchedForm"`
	TimestampDelta *int64         `json:"timestampDelta"`
	ApplicationKey string         `json:"applicationKey"`
	ConsumerKey    string         `json:"consumerKey"`
	CredentialID   int64          `json:"credentialId"`
	SignatureHint  *SignatureHint `json:"signatureHint"`
}

// Request is one journal entry. Secrets in headers and bodies are masked by the server.
type Request struct {
	ID            int64             `json:"id"`
	Time          string            `json:"time"`
	Timestamp     int64             `json:"timestamp"`
	Method        string            `json:"method"`
	URL           string            `json:"url"`
	Path          string            `json:"path"`
	Host          string            `json:"host"`
	Scheme        string            `json:"scheme"`
	Peer          string            `json:"peer"`
	TestID        string            `json:"testId"`
	Route         string            `json:"route"`
	Status        int               `json:"status"`
	ErrorCode     string            `json:"errorCode"`
	ErrorMessage  string            `json:"errorMessage"`
	DurationUs    int64             `json:"durationUs"`
	QueryID       string            `json:"queryId"`
	Auth          *Auth             `json:"auth"`
	Fault         json.RawMessage   `json:"fault"`
	Headers       map[string]string `json:"headers"`
	Body          string            `json:"body"`
	BodyTruncated bool              `json:"bodyTruncated"`
}

// Requests lists the journal entries matching f, newest first.
func (s *Server) Requests(f Filter) ([]Request, error) {
	var r struct {
		Requests []Request `json:"requests"`
	}
	err := s.admin("GET", "/requests"+f.query(true), nil, &r)
	return r.Requests, err
}

// CountRequests counts the journal entries matching f (f.Limit is ignored).
func (s *Server) CountRequests(f Filter) (int, error) {
	var r struct {
		Count int `json:"count"`
	}
	err := s.admin("GET", "/requests/count"+f.query(false), nil, &r)
	return r.Count, err
}

// ClearRequests empties the journal.
func (s *Server) ClearRequests() error { return s.admin("DELETE", "/requests", nil, nil) }

// LastSignatureHint explains the most recent request refused with INVALID_SIGNATURE
// (restricted to testID when not empty); nil when there is none.
func (s *Server) LastSignatureHint(testID string) (*SignatureHint, error) {
	reqs, err := s.Requests(Filter{ErrorCode: "INVALID_SIGNATURE", TestID: testID, Limit: 1})
	if err != nil || len(reqs) == 0 || reqs[0].Auth == nil {
		return nil, err
	}
	return reqs[0].Auth.SignatureHint, nil
}

// Header scopes a fault to requests carrying a header.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Fault is an injected failure: latency, error, rateLimit or drop.
type Fault struct {
	// Kind: "latency", "error", "rateLimit" or "drop" (required).
	Kind string `json:"kind"`
	// Scope: exact method, glob over the raw path, test id or another header.
	Method string  `json:"method,omitempty"`
	Path   string  `json:"path,omitempty"`
	TestID string  `json:"testId,omitempty"`
	Header *Header `json:"header,omitempty"`
	// Times: the next N matching requests; 0 until removed.
	Times int `json:"times,omitempty"`
	// DelayMs waits first (required for latency).
	DelayMs int `json:"delayMs,omitempty"`
	// Status of an error fault (400-599).
	Status int `json:"status,omitempty"`
	// Message, ErrorCode, Class override the error body (error and rateLimit).
	Message   string `json:"message,omitempty"`
	ErrorCode string `json:"errorCode,omitempty"`
	Class     string `json:"class,omitempty"`
	// RetryAfter is the Retry-After seconds of a rateLimit fault (default 1).
	RetryAfter int `json:"retryAfter,omitempty"`
}

// ActiveFault is a fault as the server holds it.
type ActiveFault struct {
	ID         string          `json:"id"`
	Kind       string          `json:"kind"`
	Hits       int             `json:"hits"`
	Remaining  *int            `json:"remaining"`
	Status     int             `json:"status"`
	Method     string          `json:"method"`
	Path       string          `json:"path"`
	Header     *Header         `json:"header"`
	DelayMs    int             `json:"delayMs"`
	RetryAfter int             `json:"retryAfter"`
	Body       json.RawMessage `json:"body"`
}

// AddFault injects a fault and returns it with its id.
func (s *Server) AddFault(f Fault) (ActiveFault, error) {
	var a ActiveFault
	err := s.admin("POST", "/faults", f, &a)
	return a, err
}

// Faults lists the active faults with their hits and remaining counts.
func (s *Server) Faults() ([]ActiveFault, error) {
	var r struct {
		Faults []ActiveFault `json:"faults"`
	}
	err := s.admin("GET", "/faults", nil, &r)
	return r.Faults, err
}

// RemoveFault removes one fault by id.
func (s *Server) RemoveFault(id string) error {
	return s.admin("DELETE", "/faults/"+url.PathEscape(id), nil, nil)
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() error { return s.admin("DELETE", "/faults", nil, nil) }

// Metrics returns the Prometheus text exposition.
func (s *Server) Metrics() (string, error) {
	req, err := http.NewRequest("GET", s.URL+"/__admin/metrics", nil)
	if err != nil {
		return "", err
	}
	resp, err := s.HTTPClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("ovhmock GET /metrics: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != 200 {
		err = &AdminError{Method: "GET", Path: "/metrics", Status: resp.StatusCode, Body: string(b)}
	}
	return string(b), err
}
