// Package ovhmocktest starts ovhmock, a mock of the OVHcloud API, from Go tests.
//
// Start launches one server per call on a free port, waits until it is ready and stops it
// when the test ends:
//
//	func TestZone(t *testing.T) {
//		t.Parallel()
//		s := ovhmocktest.Start(t)
//		// s.Endpoint, s.ApplicationKey, s.ApplicationSecret, s.ConsumerKey
//	}
//
// The package ovhmock/ovhmocktest/ovhclient hands over a go-ovh client configured for it;
// this package itself depends on the standard library only.
//
// # Finding the binary
//
// WithBinary, else the OVHMOCK_BIN environment variable, else "ovhmock" on the PATH.
//
// # Parallel tests
//
// Every Start gives the test its own server (about 15 ms to start, 10 MB of memory), so
// tests that call t.Parallel never see each other's data, faults, clock or journal, and
// the control-plane methods need no per-test scoping. A suite that prefers one shared
// server can call New from TestMain and scope faults and journal queries with TestID
// (the X-Ovhmock-Test-Id header); the control plane's Reset is then global.
//
// # Cleanup
//
// The server reads its standard input from a pipe that only this process holds open
// (ovhmock --stop-on-stdin-eof). When the test ends, Cleanup closes the pipe; if the test
// process dies, even by SIGKILL, the kernel closes it and the server exits by itself.
package ovhmocktest

import (
	"bufio"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestIDHeader is the request header that scopes faults and journal queries to one test.
const TestIDHeader = "X-Ovhmock-Test-Id"

type config struct {
	binary       string
	tls          bool
	void200Null  bool
	autoValidate bool
	clockOffset  time.Duration
	fixtures     string
	args         []string
	startTimeout time.Duration
}

// Option changes how Start and New run the server.
type Option func(*config)

// WithBinary runs the ovhmock binary at path instead of OVHMOCK_BIN or the PATH.
func WithBinary(path string) Option { return func(c *config) { c.binary = path } }

// WithTLS adds an HTTPS listener with a certificate from a CA generated at start:
// Server.TLSEndpoint, Server.CertPool (the CA) and Server.HTTPClient (trusting it).
func WithTLS() Option { return func(c *config) { c.tls = true } }

// WithVoid200Null makes void operations answer "200 null" (the API before October 2023)
// instead of 204.
func WithVoid200Null() Option { return func(c *config) { c.void200Null = true } }

// WithAutoValidate validates at once the keys requested through POST /auth/credential.
func WithAutoValidate() Option { return func(c *config) { c.autoValidate = true } }

// WithClockOffset sets the server's virtual clock d ahead (negative: behind) of real time
// once it is ready. Server.Reset brings the clock back to real time.
func WithClockOffset(d time.Duration) Option { return func(c *config) { c.clockOffset = d } }

// WithFixtures loads the data set in dir (the fixtures format) instead of the default one.
func WithFixtures(dir string) Option { return func(c *config) { c.fixtures = dir } }

// WithArgs passes extra command-line flags to the server, e.g. "--time-window", "60".
func WithArgs(args ...string) Option {
	return func(c *config) { c.args = append(c.args, args...) }
}

// WithStartTimeout bounds the wait for the ready line (default 10 s).
func WithStartTimeout(d time.Duration) Option { return func(c *config) { c.startTimeout = d } }

// Server is a running ovhmock. Its fields are set once it is ready and never change.
type Server struct {
	// URL is the HTTP base, e.g. "http://127.0.0.1:41234"; the control plane is URL+"/__admin".
	URL string
	// Endpoint is the API endpoint for clients, URL+"/1.0".
	Endpoint string
	// Port is the HTTP port the server picked.
	Port int

	// TLSURL, TLSEndpoint and TLSPort describe the HTTPS listener (WithTLS only).
	TLSURL      string
	TLSEndpoint string
	TLSPort     int
	// CertPool holds the CA that signed the HTTPS certificate (WithTLS only).
	CertPool *x509.CertPool
	// CAFile is the CA certificate in PEM, for SSL_CERT_FILE or other processes (WithTLS only).
	CAFile string

	// The first usable key of the data set, as the server's banner prints it: with the
	// default data set, an application key, its secret and a validated consumer key
	// allowed every method on /*.
	ApplicationKey    string
	ApplicationSecret string
	ConsumerKey       string

	// HTTPClient trusts CertPool (when WithTLS is used) and is the one the control-plane
	// methods use.
	HTTPClient *http.Client

	// PID is the server's process id.
	PID int

	cmd     *exec.Cmd
	stdin   io.WriteCloser
	out     *tailBuffer
	done    chan struct{}
	waitErr error
	tmpDir  string
	stopped sync.Once
	stopErr error
}

// Start starts a server for the test and registers its stop with t.Cleanup. When the server
// cannot start, the test fails (t.Fatal) with the server's output. When the test fails, the
// server's output (its access log) is added to the test log.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := New(opts...)
	if err != nil {
		t.Fatalf("ovhmocktest: %v", err)
	}
	t.Cleanup(func() {
		err := s.Close()
		if t.Failed() {
			t.Logf("ovhmock output (last %d bytes):\n%s", tailSize, s.Output())
		}
		if err != nil {
			t.Errorf("ovhmocktest: %v", err)
		}
	})
	return s
}

// New starts a server outside a test (TestMain, examples). The caller must call Close.
func New(opts ...Option) (*Server, error) {
	cfg := config{startTimeout: 10 * time.Second}
	for _, o := range opts {
		o(&cfg)
	}
	bin, err := findBinary(cfg.binary)
	if err != nil {
		return nil, err
	}
	s := &Server{out: &tailBuffer{}, done: make(chan struct{})}
	args := []string{"--port", "0", "--stop-on-stdin-eof"}
	if cfg.tls {
		s.tmpDir, err = os.MkdirTemp("", "ovhmocktest-")
		if err != nil {
			return nil, fmt.Errorf("temporary directory for the CA: %w", err)
		}
		args = append(args, "--tls-port", "0", "--tls-ca-out", filepath.Join(s.tmpDir, "ca.pem"))
	}
	if cfg.void200Null {
		args = append(args, "--void-200-null")
	}
	if cfg.autoValidate {
		args = append(args, "--auto-validate")
	}
	if cfg.fixtures != "" {
		args = append(args, "--fixtures", cfg.fixtures)
	}
	args = append(args, cfg.args...)

	s.cmd = exec.Command(bin, args...)
	s.cmd.Stderr = s.out
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		s.removeTemp()
		return nil, err
	}
	if s.stdin, err = s.cmd.StdinPipe(); err != nil {
		s.removeTemp()
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		s.removeTemp()
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	s.PID = s.cmd.Process.Pid

	ready := make(chan readyLine, 1)
	go s.readOutput(stdout, ready)
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.done)
	}()

	timer := time.NewTimer(cfg.startTimeout)
	defer timer.Stop()
	select {
	case r, ok := <-ready:
		if !ok {
			<-s.done
			s.removeTemp()
			return nil, fmt.Errorf("%s %s exited before it was ready (%v); output:\n%s",
				bin, strings.Join(args, " "), s.waitErr, s.Output())
		}
		if err := s.configure(r, cfg); err != nil {
			_ = s.Close()
			return nil, fmt.Errorf("%w; output:\n%s", err, s.Output())
		}
		return s, nil
	case <-timer.C:
		_ = s.Close()
		return nil, fmt.Errorf("%s was not ready after %v; output:\n%s", bin, cfg.startTimeout, s.Output())
	}
}

func findBinary(opt string) (string, error) {
	if opt != "" {
		return opt, nil
	}
	if env := os.Getenv("OVHMOCK_BIN"); env != "" {
		return env, nil
	}
	p, err := exec.LookPath("ovhmock")
	if err != nil {
		return "", errors.New("ovhmock binary not found: give WithBinary, set OVHMOCK_BIN, or put ovhmock on the PATH")
	}
	return p, nil
}

type readyLine struct {
	Event       string `json:"event"`
	Port        int    `json:"port"`
	URL         string `json:"url"`
	Endpoint    string `json:"endpoint"`
	TLSPort     int    `json:"tlsPort"`
	TLSURL      string `json:"tlsUrl"`
	TLSEndpoint string `json:"tlsEndpoint"`
	CAFile      string `json:"caFile"`
	banner      map[string]string
}

// readOutput reads the banner and the ready line, hands them over, then keeps draining
// stdout (the access log) into the tail buffer so the server never blocks on a full pipe.
func (s *Server) readOutput(stdout io.Reader, ready chan<- readyLine) {
	r := bufio.NewReader(stdout)
	banner := map[string]string{}
	sent := false
	for {
		line, err := r.ReadString('\n')
		if len(line) > 0 {
			_, _ = s.out.Write([]byte(line))
			if !sent {
				trimmed := strings.TrimSpace(line)
				var rl readyLine
				if strings.HasPrefix(trimmed, "{") && json.Unmarshal([]byte(trimmed), &rl) == nil && rl.Event == "ready" {
					rl.banner = banner
					ready <- rl
					sent = true
				} else if k, v, ok := bannerField(trimmed); ok {
					banner[k] = v
				}
			}
		}
		if err != nil {
			break
		}
	}
	if !sent {
		close(ready)
	}
}

// bannerField splits "application key     7kbG7Bk7S9Nt7ZSV".
func bannerField(line string) (string, string, bool) {
	for _, k := range []string{"application key", "application secret", "consumer key"} {
		if strings.HasPrefix(line, k+" ") {
			return k, strings.TrimSpace(line[len(k):]), true
		}
	}
	return "", "", false
}

func (s *Server) configure(r readyLine, cfg config) error {
	s.URL, s.Endpoint, s.Port = r.URL, r.Endpoint, r.Port
	s.TLSURL, s.TLSEndpoint, s.TLSPort, s.CAFile = r.TLSURL, r.TLSEndpoint, r.TLSPort, r.CAFile
	s.ApplicationKey = r.banner["application key"]
	s.ApplicationSecret = r.banner["application secret"]
	s.ConsumerKey = r.banner["consumer key"]
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if cfg.tls {
		pem, err := os.ReadFile(r.CAFile)
		if err != nil {
			return fmt.Errorf("reading the generated CA: %w", err)
		}
		s.CertPool = x509.NewCertPool()
		if !s.CertPool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("no certificate in %s", r.CAFile)
		}
		transport.TLSClientConfig = tlsConfig(s.CertPool)
	}
	s.HTTPClient = &http.Client{Transport: transport}
	if cfg.clockOffset != 0 {
		if _, err := s.SetClockOffset(cfg.clockOffset); err != nil {
			return fmt.Errorf("setting the clock offset: %w", err)
		}
	}
	return nil
}

// Close stops the server: it closes the idle connections of HTTPClient, closes the
// server's standard input and waits for it to exit. A server still serving other
// keep-alive connections (a client of your own) after stopGrace is killed. Close is
// idempotent and safe to call from several goroutines.
func (s *Server) Close() error {
	s.stopped.Do(func() {
		if s.HTTPClient != nil {
			s.HTTPClient.CloseIdleConnections()
		}
		_ = s.stdin.Close()
		select {
		case <-s.done:
			if s.waitErr != nil {
				s.stopErr = fmt.Errorf("ovhmock exited with %v", s.waitErr)
			}
		case <-time.After(stopGrace):
			_ = s.cmd.Process.Kill()
			<-s.done
		}
		s.removeTemp()
	})
	return s.stopErr
}

// stopGrace is how long Close lets the server finish; it waits for open keep-alive
// connections, which a test's own HTTP clients may hold for seconds.
const stopGrace = 500 * time.Millisecond

func (s *Server) removeTemp() {
	if s.tmpDir != "" {
		_ = os.RemoveAll(s.tmpDir)
	}
}

// Output returns the end of what the server wrote (banner, ready line, access log).
func (s *Server) Output() string { return s.out.String() }

const tailSize = 64 << 10

// tailBuffer keeps the last tailSize bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - tailSize; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
