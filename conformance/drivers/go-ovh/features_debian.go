//go:build debian

package main

import "github.com/ovh/go-ovh/ovh"

func hello() map[string]interface{} {
	return map[string]interface{}{"name": "go-ovh-debian", "library": "github.com/ovh/go-ovh (Debian golang-github-ovh-go-ovh-dev)",
		"version": "1.1.0", "language": "go", "transport": map[string]interface{}{"https_only": false, "signs_port": true},
		"capabilities": capabilities(), "errorFields": "Message, Code, QueryID"}
}

func newOAuth2Client(string, map[string]interface{}) (*ovh.Client, error) {
	return nil, unsupported{"go-ovh 1.1.0 has no OAuth2"}
}

func errorClass(*ovh.APIError) string { return "" }
