package ovhmocktest_test

import (
	"fmt"
	"net/http"
	"testing"

	"ovhmock/ovhmocktest"
)

// In a test: one server per test, stopped by t.Cleanup, safe with t.Parallel.
func ExampleStart() {
	_ = func(t *testing.T) {
		t.Parallel()
		s := ovhmocktest.Start(t, ovhmocktest.WithTLS())
		// Point the code under test at s.TLSEndpoint (trusting s.CertPool) or s.Endpoint,
		// with s.ApplicationKey, s.ApplicationSecret and s.ConsumerKey.
		_ = s
	}
}

// Outside a test (TestMain, a program): New and Close.
func ExampleNew() {
	s, err := ovhmocktest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	h, err := s.Health()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h.Status, s.ApplicationKey)
	// Output: healthy 7kbG7Bk7S9Nt7ZSV
}

// A fault scoped to one test id leaves the requests of every other test alone.
func ExampleServer_AddFault() {
	s, err := ovhmocktest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	if _, err := s.AddFault(ovhmocktest.Fault{Kind: "error", Status: 503, TestID: "case-1", Times: 1}); err != nil {
		fmt.Println(err)
		return
	}
	for _, id := range []string{"case-2", "case-1", "case-1"} {
		req, _ := http.NewRequest("GET", s.Endpoint+"/auth/time", nil)
		req.Header.Set(ovhmocktest.TestIDHeader, id)
		resp, err := s.HTTPClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(id, resp.StatusCode)
	}
	n, _ := s.CountRequests(ovhmocktest.Filter{TestID: "case-1", Status: 503})
	fmt.Println("journal:", n)
	// Output:
	// case-2 200
	// case-1 503
	// case-1 200
	// journal: 1
}
