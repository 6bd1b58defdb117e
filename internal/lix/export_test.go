package lix

// ReferenceSentences is referenceSentences for the tests of package lix_test,
// which may import packages that import lix.
var ReferenceSentences = referenceSentences
