package config

import (
	"fmt"
	"net/url"
	"strings"
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
		return s, fmt.Errorf("must be a web address starting with https:// or http:// (got %q)", s)
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
}

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
