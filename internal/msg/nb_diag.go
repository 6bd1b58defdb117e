package msg

// What every diagnostic and file error says.
var _ = add(map[string]string{
	"warning: ":                       "advarsel: ",
	"%s":                              "%s",
	"it does not exist":               "den finnes ikke",
	"works is not allowed to open it": "works har ikke lov til å åpne den",
	"it exists already":               "den finnes fra før",
})
