package server

import _ "embed"

// liveJS is the script every HTML page loads from /_works/live.js.
//
//go:embed live.js
var liveJS string
