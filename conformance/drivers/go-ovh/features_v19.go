//go:build !debian

package main

import (
	"net/http"
	"net/url"
	"path/filepath"
	"runtime/debug"

	"github.com/ovh/go-ovh/ovh"
)

func hello() map[string]interface{} {
	h := map[string]interface{}{"name": "go-ovh", "library": "github.com/ovh/go-ovh", "version": "v1.9.0",
		"language": "go", "transport": map[string]interface{}{"https_only": false, "signs_port": true},
		"capabilities": capabilities("oauth2"), "errorFields": "Class, Message, Details, Code, QueryID"}
	// Built against a local checkout (--client-src, a go.mod replace directive): say which.
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/ovh/go-ovh" && dep.Replace != nil && filepath.IsAbs(dep.Replace.Path) {
				h["version"] = "source tree"
				h["source"] = map[string]string{"github.com/ovh/go-ovh/ovh": filepath.Join(dep.Replace.Path, "ovh", "ovh.go")}
			}
		}
	}
	return h
}

// tokenHostRewrite sends the token request go-ovh addresses to www.ovh.com to the server
// under test instead: NewOAuth2Client only knows the three official token URLs, and the
// reference (ovh-clients.md §2.3) documents this transport wrapper as the way to point it
// elsewhere. Nothing in the library is changed.
type tokenHostRewrite struct {
	base   http.RoundTripper
	target *url.URL
}

func (t tokenHostRewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == "www.ovh.com" {
		r = r.Clone(r.Context())
		r.URL.Scheme = t.target.Scheme
		r.URL.Host = t.target.Host
		r.Host = t.target.Host
	}
	return t.base.RoundTrip(r)
}

var originalTransport = http.DefaultTransport

func newOAuth2Client(endpoint string, o map[string]interface{}) (*ovh.Client, error) {
	tokenURL, err := url.Parse(o["token_url"].(string))
	if err != nil {
		return nil, err
	}
	http.DefaultTransport = tokenHostRewrite{base: originalTransport, target: tokenURL}
	c, err := ovh.NewOAuth2Client("ovh-eu", o["client_id"].(string), o["client_secret"].(string))
	if err != nil {
		return nil, err
	}
	if err := c.SetEndpoint(endpoint); err != nil {
		return nil, err
	}
	return c, nil
}
