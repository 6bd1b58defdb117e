// Package e2e holds the browser test of the sample site and the works theme:
// it builds the site, serves it with nginx and drives headless Chromium over
// one page of every template, checking what a visitor would meet (errors,
// requests to other hosts, horizontal scrolling, headings and the WCAG 2.1
// A and AA rules of axe-core), and serves it again with the
// Content-Security-Policy the build writes for hosts, which no page may
// break and under which the brand colours must still show. The package has
// no code outside its tests.
//
// Run it with
//
//	go test ./internal/e2e/ -v
//
// It runs only with WORKS_E2E=1, which CI sets after installing Chromium,
// nginx, Java and the npm tools (npm ci --ignore-scripts in this folder);
// then a missing tool is a failure. Add
// -screenshots (or WORKS_SCREENSHOTS=1) to write the theme's screenshots to
// themes/works/screenshots/.
package e2e
