// Package ovhclient hands over a go-ovh client (github.com/ovh/go-ovh) configured for an
// ovhmock server started by ovhmocktest. It is the only package of the module that
// depends on go-ovh.
//
//	func TestRecords(t *testing.T) {
//		t.Parallel()
//		s, client := ovhclient.Start(t)
//		var ids []int64
//		if err := client.Get("/domain/zone/example.com/record", &ids); err != nil {
//			t.Fatal(err)
//		}
//		_ = s // the control plane: s.AddFault, s.Requests, s.ValidateCredential, …
//	}
package ovhclient

import (
	"testing"

	"github.com/ovh/go-ovh/ovh"

	"ovhmock/ovhmocktest"
)

// New returns a go-ovh client signing with the server's default keys, on its HTTPS
// endpoint (trusting the generated CA) when the server was started WithTLS, else on HTTP.
func New(s *ovhmocktest.Server) (*ovh.Client, error) {
	return NewWithKeys(s, s.ApplicationKey, s.ApplicationSecret, s.ConsumerKey)
}

// NewWithKeys is New with other keys, e.g. an application and consumer key created through
// the control plane, a wrong secret, or an empty consumer key (then use client.NewCkRequest).
func NewWithKeys(s *ovhmocktest.Server, appKey, appSecret, consumerKey string) (*ovh.Client, error) {
	endpoint := s.Endpoint
	if s.TLSEndpoint != "" {
		endpoint = s.TLSEndpoint
	}
	c, err := ovh.NewClient(endpoint, appKey, appSecret, consumerKey)
	if err != nil {
		return nil, err
	}
	c.Client = s.HTTPClient
	return c, nil
}

// Start starts a server for the test (ovhmocktest.Start) and returns it with a client
// from New. The test fails when either cannot be made.
func Start(t testing.TB, opts ...ovhmocktest.Option) (*ovhmocktest.Server, *ovh.Client) {
	t.Helper()
	s := ovhmocktest.Start(t, opts...)
	c, err := New(s)
	if err != nil {
		t.Fatalf("ovhclient: %v", err)
	}
	return s, c
}
