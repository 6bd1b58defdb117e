package msg

// [editor] in works.toml: the language works speaks.
var _ = add(map[string]string{
	`write language = "nb" for Norwegian or language = "en" for English`: `skriv language = "nb" for norsk eller language = "en" for engelsk`,
	"%q must be \"nb\" or \"en\" (got %v)":                               "«%s» må være \"nb\" eller \"en\" (ikke %v)",
})
