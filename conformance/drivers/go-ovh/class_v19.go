//go:build !debian

package main

import "github.com/ovh/go-ovh/ovh"

func errorClass(e *ovh.APIError) string { return e.Class }
