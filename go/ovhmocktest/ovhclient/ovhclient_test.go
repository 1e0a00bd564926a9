package ovhclient_test

import (
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/ovh/go-ovh/ovh"

	"ovhmock/ovhmocktest"
	"ovhmock/ovhmocktest/ovhclient"
)

func TestCreateRecordWithGoOVH(t *testing.T) {
	t.Parallel()
	s, client := ovhclient.Start(t)
	var rec Record
	err := client.Post("/domain/zone/example.com/record",
		map[string]interface{}{"fieldType": "TXT", "subDomain": "_acme-challenge", "target": "token", "ttl": 60}, &rec)
	if err != nil {
		t.Fatal(err)
	}
	if rec.ID == 0 || rec.FieldType != "TXT" || rec.SubDomain != "_acme-challenge" {
		t.Fatalf("record %+v", rec)
	}
	var ids []int64
	if err := client.Get("/domain/zone/example.com/record?fieldType=TXT&subDomain=_acme-challenge", &ids); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0] != rec.ID {
		t.Fatalf("ids %v, want [%d]", ids, rec.ID)
	}
	accepted := true
	n, err := s.CountRequests(ovhmocktest.Filter{Method: "POST", Path: "/1.0/domain/zone/example.com/record", Accepted: &accepted})
	if err != nil || n != 1 {
		t.Fatalf("journal: %d POSTs accepted, %v", n, err)
	}
}

func TestGoOVHOverTLS(t *testing.T) {
	t.Parallel()
	s, client := ovhclient.Start(t, ovhmocktest.WithTLS())
	if client.Endpoint() != s.TLSEndpoint {
		t.Fatalf("client endpoint %q, want %q", client.Endpoint(), s.TLSEndpoint)
	}
	var me map[string]interface{}
	if err := client.Get("/me", &me); err != nil {
		t.Fatal(err)
	}
	reqs, err := s.Requests(ovhmocktest.Filter{Path: "/1.0/me"})
	if err != nil || len(reqs) != 1 || reqs[0].Scheme != "https" || reqs[0].Auth == nil || reqs[0].Auth.MatchedForm != "strict" {
		t.Fatalf("journal: %+v %v", reqs, err)
	}
}

// deleteStatus deletes a fresh record with go-ovh's signed request and returns the raw answer.
func deleteStatus(t *testing.T, client *ovh.Client) (int, string) {
	t.Helper()
	var rec Record
	if err := client.Post("/domain/zone/example.com/record",
		map[string]interface{}{"fieldType": "A", "subDomain": "tmp", "target": "192.0.2.1"}, &rec); err != nil {
		t.Fatal(err)
	}
	req, err := client.NewRequest("DELETE", fmt.Sprintf("/domain/zone/example.com/record/%d", rec.ID), nil, true)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestVoid200Null(t *testing.T) {
	t.Parallel()
	_, client := ovhclient.Start(t)
	if status, body := deleteStatus(t, client); status != 204 || body != "" {
		t.Fatalf("default: %d %q", status, body)
	}
	_, client = ovhclient.Start(t, ovhmocktest.WithVoid200Null())
	if status, body := deleteStatus(t, client); status != 200 || body != "null" {
		t.Fatalf("WithVoid200Null: %d %q", status, body)
	}
}

func TestAutoValidate(t *testing.T) {
	t.Parallel()
	s := ovhmocktest.Start(t, ovhmocktest.WithAutoValidate())
	client, err := ovhclient.NewWithKeys(s, s.ApplicationKey, s.ApplicationSecret, "")
	if err != nil {
		t.Fatal(err)
	}
	state, err := client.NewCkRequest().Do()
	if err != nil {
		t.Fatal(err)
	}
	if state.State != "validated" {
		t.Fatalf("state %q with WithAutoValidate", state.State)
	}
	var cred struct{ Status string }
	if err := client.Get("/auth/currentCredential", &cred); err != nil || cred.Status != "validated" {
		t.Fatalf("current credential %+v %v", cred, err)
	}
}

// go-ovh syncs its clock through /auth/time, so a server clock an hour ahead still accepts it.
func TestClockOffsetWithGoOVH(t *testing.T) {
	t.Parallel()
	s, client := ovhclient.Start(t, ovhmocktest.WithClockOffset(-time.Hour))
	var me map[string]interface{}
	if err := client.Get("/me", &me); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountRequests(ovhmocktest.Filter{Path: "/1.0/auth/time"}); err != nil || n != 1 {
		t.Fatalf("/auth/time calls: %d %v", n, err)
	}
}

func TestRefusedKey(t *testing.T) {
	t.Parallel()
	s, client := ovhclient.Start(t)
	if _, err := s.RefuseCredential(s.ConsumerKey); err != nil {
		t.Fatal(err)
	}
	var me map[string]interface{}
	err := client.Get("/me", &me)
	var apiErr *ovh.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != 403 {
		t.Fatalf("refused key: %v", err)
	}
}
