package ovhclient_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ovh/go-ovh/ovh"

	"ovhmock/ovhmocktest"
	"ovhmock/ovhmocktest/ovhclient"
)

// Record is a domain.zone.Record.
type Record struct {
	ID        int64  `json:"id"`
	Zone      string `json:"zone"`
	FieldType string `json:"fieldType"`
	SubDomain string `json:"subDomain"`
	Target    string `json:"target"`
	TTL       int    `json:"ttl"`
}

// Create and delete a DNS record with go-ovh. In a test, ovhclient.Start(t) does the
// starting and the stopping.
func Example() {
	s, err := ovhmocktest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	client, err := ovhclient.New(s)
	if err != nil {
		fmt.Println(err)
		return
	}

	var rec Record
	err = client.Post("/domain/zone/example.com/record",
		map[string]interface{}{"fieldType": "A", "subDomain": "www2", "target": "203.0.113.7", "ttl": 300}, &rec)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Zone, rec.FieldType, rec.SubDomain, rec.Target, rec.TTL)

	path := fmt.Sprintf("/domain/zone/example.com/record/%d", rec.ID)
	if err := client.Delete(path, nil); err != nil {
		fmt.Println(err)
		return
	}
	var apiErr *ovh.APIError
	if err := client.Get(path, &rec); errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, strings.Replace(apiErr.Message, fmt.Sprint(rec.ID), "<id>", 1))
	}
	// Output:
	// example.com A www2 203.0.113.7 300
	// 404 The requested object (id = <id>) does not exist
}

// A client with the wrong application secret gets the real API's error; the server says
// what the client signed.
func Example_wrongSecret() {
	s, err := ovhmocktest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	// The secret of another application of the default data set.
	client, err := ovhclient.NewWithKeys(s, s.ApplicationKey, "Yt6uI3oP9aS2dF5gH8jK1lZ4xC7vB0nM", s.ConsumerKey)
	if err != nil {
		fmt.Println(err)
		return
	}
	var me map[string]interface{}
	err = client.Get("/me", &me)
	var apiErr *ovh.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.Class, apiErr.Message)
	}
	hint, err := s.LastSignatureHint("")
	if err != nil || hint == nil {
		fmt.Println("no hint", err)
		return
	}
	fmt.Println(hint.VariantClass)
	// Output:
	// 400 Client::BadRequest Invalid signature
	// wrong-secret
}

// A 429 injected once: go-ovh returns it as an *ovh.APIError (it does not retry), and the
// call succeeds when the caller tries again.
func Example_rateLimit() {
	s, err := ovhmocktest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	client, err := ovhclient.New(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := s.AddFault(ovhmocktest.Fault{Kind: "rateLimit", Path: "/1.0/me", Times: 1, RetryAfter: 1}); err != nil {
		fmt.Println(err)
		return
	}
	var me struct {
		Nichandle string `json:"nichandle"`
	}
	err = client.Get("/me", &me)
	var apiErr *ovh.APIError
	if errors.As(err, &apiErr) && apiErr.Code == 429 {
		fmt.Println("429:", apiErr.Message)
		err = client.Get("/me", &me) // a real caller waits Retry-After first
	}
	fmt.Println(err == nil, me.Nichandle != "")
	// Output:
	// 429: Too many requests
	// true true
}

// A consumer key requested by the client stays pending until validated; the control plane
// validates it as a user would in the browser.
func Example_consumerKeyValidation() {
	s, err := ovhmocktest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	client, err := ovhclient.NewWithKeys(s, s.ApplicationKey, s.ApplicationSecret, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	req := client.NewCkRequest()
	req.AddRecursiveRules(ovh.ReadOnly, "/domain")
	state, err := req.Do()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(state.State)

	var zones []string
	err = client.Get("/domain/zone", &zones)
	var apiErr *ovh.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.Message)
	}

	if _, err := s.ValidateCredential(state.ConsumerKey, time.Hour); err != nil {
		fmt.Println(err)
		return
	}
	if err := client.Get("/domain/zone", &zones); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(zones)
	// Output:
	// pendingValidation
	// 403 This credential is not valid
	// [example.com example.net]
}
