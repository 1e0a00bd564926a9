// Conformance driver for go-ovh (github.com/ovh/go-ovh v1.9.0, and Debian's 1.1.0 when
// built with -tags debian in GOPATH mode). Speaks the protocol in conformance/README.md.
//
// The client is pointed at the server as the reference documents: the endpoint URL passed
// to ovh.NewClient; the CA through SSL_CERT_FILE, set by the runner.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/ovh/go-ovh/ovh"
)

type message map[string]interface{}

type driverError struct {
	Kind    string      `json:"kind"`
	Type    string      `json:"type"`
	Status  interface{} `json:"status"`
	Message string      `json:"message"`
	QueryID string      `json:"queryId,omitempty"`
	Text    string      `json:"text"`
	Class   string      `json:"class,omitempty"`
}

type unsupported struct{ what string }

func (u unsupported) Error() string { return u.what }

var client *ovh.Client

func str(m message, k string) string {
	if v, ok := m[k].(string); ok {
		return v
	}
	return ""
}

func configure(m message) (interface{}, error) {
	if o, ok := m["oauth2"].(map[string]interface{}); ok && o != nil {
		c, err := newOAuth2Client(str(m, "endpoint"), o)
		if err != nil {
			return nil, err
		}
		client = c
		return map[string]interface{}{}, nil
	}
	c, err := ovh.NewClient(str(m, "endpoint"), str(m, "application_key"), str(m, "application_secret"),
		str(m, "consumer_key"))
	if err != nil {
		return nil, err
	}
	client = c
	return map[string]interface{}{}, nil
}

// encodeQuery builds the query string the way a Go caller would: url.Values.Encode
// (keys sorted, spaces as '+'). go-ovh itself takes the query inside the path.
func encodeQuery(q map[string]interface{}) string {
	v := url.Values{}
	for k, val := range q {
		v.Set(k, fmt.Sprint(val))
	}
	return v.Encode()
}

func call(m message) (interface{}, error) {
	method := strings.ToUpper(str(m, "method"))
	path := str(m, "path")
	if q, ok := m["query"].(map[string]interface{}); ok && len(q) > 0 {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + encodeQuery(q)
	}
	auth := true
	if a, ok := m["auth"].(bool); ok {
		auth = a
	}
	var body interface{}
	if b, ok := m["body"]; ok && b != nil {
		body = b
	}
	if h, ok := m["headers"].(map[string]interface{}); ok && len(h) > 0 {
		return callWithHeaders(method, path, body, auth, h)
	}
	var res interface{}
	err := client.CallAPI(method, path, body, &res, auth)
	return res, err
}

// callWithHeaders: NewRequest + extra headers + Do + UnmarshalResponse, the library's own
// pieces, for /v2 pagination; returns the value and the response headers.
func callWithHeaders(method, path string, body interface{}, auth bool, h map[string]interface{}) (interface{}, error) {
	req, err := client.NewRequest(method, path, body, auth)
	if err != nil {
		return nil, err
	}
	for k, v := range h {
		req.Header.Set(k, fmt.Sprint(v))
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	headers := map[string]string{}
	for k := range resp.Header {
		headers[k] = resp.Header.Get(k)
	}
	var res interface{}
	if err := client.UnmarshalResponse(resp, &res); err != nil {
		return nil, err
	}
	return map[string]interface{}{"value": res, "headers": headers}, nil
}

func requestConsumerKey(m message) (interface{}, error) {
	ck := client.NewCkRequestWithRedirection(str(m, "redirection"))
	rules, _ := m["rules"].([]interface{})
	for _, r := range rules {
		rm, _ := r.(map[string]interface{})
		ck.AddRule(fmt.Sprint(rm["method"]), fmt.Sprint(rm["path"]))
	}
	state, err := ck.Do()
	if err != nil {
		return nil, err
	}
	return map[string]interface{}{"consumerKey": state.ConsumerKey, "state": state.State,
		"validationUrl": state.ValidationURL}, nil
}

func bench(m message) (interface{}, error) {
	n := 200
	if v, ok := m["n"].(json.Number); ok {
		if i, err := v.Int64(); err == nil {
			n = int(i)
		}
	}
	signN := n * 50
	if v, ok := m["sign_n"].(json.Number); ok {
		if i, err := v.Int64(); err == nil {
			signN = int(i)
		}
	}
	path := str(m, "path")
	var res interface{}
	if err := client.Get(path, &res); err != nil { // time sync and connection outside the measurement
		return nil, err
	}
	start := time.Now()
	for i := 0; i < n; i++ {
		if err := client.Get(path, &res); err != nil {
			return nil, err
		}
	}
	elapsed := time.Since(start).Seconds()
	start = time.Now()
	for i := 0; i < signN; i++ {
		if _, err := client.NewRequest("GET", path, nil, true); err != nil {
			return nil, err
		}
	}
	signElapsed := time.Since(start).Seconds()
	return map[string]interface{}{"calls": n, "elapsed_s": elapsed,
		"signing": map[string]interface{}{"n": signN, "elapsed_s": signElapsed,
			"what": "Client.NewRequest (builds and signs the request, no I/O)"}}, nil
}

func classify(err error) driverError {
	var apiErr *ovh.APIError
	if errors.As(err, &apiErr) {
		return driverError{Kind: "api", Type: "APIError", Status: apiErr.Code, Message: apiErr.Message,
			QueryID: apiErr.QueryID, Text: err.Error(), Class: errorClass(apiErr)}
	}
	var u unsupported
	if errors.As(err, &u) {
		return driverError{Kind: "unsupported", Type: "Unsupported", Message: u.what, Text: u.what}
	}
	kind := "transport"
	if strings.Contains(err.Error(), "invalid oauth2") || strings.Contains(err.Error(), "authentication") {
		kind = "local"
	}
	return driverError{Kind: kind, Type: fmt.Sprintf("%T", err), Message: err.Error(), Text: err.Error()}
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			if done := handle(line, out); done {
				return
			}
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return
		}
	}
}

func handle(line []byte, out *bufio.Writer) bool {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var m message
	if err := dec.Decode(&m); err != nil {
		fmt.Fprintln(os.Stderr, "bad input:", err)
		return false
	}
	reply := map[string]interface{}{"id": m["id"]}
	var value interface{}
	var err error
	op := str(m, "op")
	switch op {
	case "hello":
		value = hello()
	case "configure":
		value, err = configure(m)
	case "call":
		value, err = call(m)
	case "request_consumer_key":
		value, err = requestConsumerKey(m)
	case "bench":
		value, err = bench(m)
	case "quit":
		reply["ok"] = true
		writeReply(out, reply)
		return true
	default:
		err = unsupported{"op " + op + " is not implemented by this driver"}
	}
	if err != nil {
		reply["ok"] = false
		reply["error"] = classify(err)
	} else {
		reply["ok"] = true
		reply["value"] = value
	}
	writeReply(out, reply)
	return false
}

func writeReply(out *bufio.Writer, reply map[string]interface{}) {
	b, err := json.Marshal(reply)
	if err != nil {
		b, _ = json.Marshal(map[string]interface{}{"id": reply["id"], "ok": false,
			"error": driverError{Kind: "driver", Type: "json", Message: err.Error()}})
	}
	out.Write(b)
	out.WriteByte('\n')
	out.Flush()
}

func capabilities(extra ...string) []string {
	caps := append([]string{"call", "unauth_call", "query", "body", "delete_body", "headers", "v1", "v2",
		"consumer_key", "bench"}, extra...)
	sort.Strings(caps)
	return caps
}
