//go:build race

package search

// raceEnabled is true under -race, where the 10 000-page measurement takes
// ten times as long and checks nothing the plain run does not.
const raceEnabled = true
