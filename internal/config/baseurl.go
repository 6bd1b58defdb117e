package config

import (
	"net/url"
	"strings"

	"github.com/drammen-works/works/internal/msg"
)

// ParseBaseURL checks the address a site is published at, as works.toml's
// baseURL and the --baseURL flag give it, and returns it ending in "/".
// It must be "/" or an absolute http(s) address without user, query or
// fragment. This is the one place the rule is written.
func ParseBaseURL(s string) (string, error) {
	if s == "/" {
		return s, nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return s, notAnAddress{s}
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
}

// notAnAddress is a base URL that is not one; it says so in the writer's
// language where a message quotes it.
type notAnAddress struct{ got string }

func (e notAnAddress) Message() msg.Text {
	return msg.T("must be a web address starting with https:// or http:// (got %q)", e.got)
}

func (e notAnAddress) Error() string { return e.Message().String() }

// SplitBaseURL splits a base URL ParseBaseURL accepted, such as
// "https://example.org/drammen/", into its origin ("https://example.org")
// and its path without the last slash ("/drammen"); "/" gives "" and "".
func SplitBaseURL(base string) (origin, path string) {
	u, err := url.Parse(base)
	if err != nil {
		return "", ""
	}
	path = strings.TrimSuffix(u.Path, "/")
	if u.Host == "" {
		return "", path
	}
	return u.Scheme + "://" + u.Host, path
}

// BaseURLHint is what to write instead of a wrong base URL.
const BaseURLHint = `write the full address of the published site, like "https://drammen.works/", or "/"`
