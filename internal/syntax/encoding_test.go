package syntax

import (
	"encoding/binary"
	"testing"
	"unicode/utf16"
)

// utf16Text encodes s as UTF-16, with a byte order mark if bom.
func utf16Text(s string, order binary.AppendByteOrder, bom bool) []byte {
	var out []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		out = order.AppendUint16(out, u)
	}
	return out
}

func utf32Text(s string, order binary.AppendByteOrder) []byte {
	var out []byte
	for _, r := range "\uFEFF" + s {
		out = order.AppendUint32(out, uint32(r))
	}
	return out
}

func TestEncoding(t *testing.T) {
	const toml = "title = \"Drammen Works\"\n[brand]\nname = \"Gründeriet\"\n"
	tests := []struct {
		name string
		src  []byte
		want string // "" for UTF-8
	}{
		{"UTF-8", []byte(toml), ""},
		{"ASCII", []byte("a: 1\n"), ""},
		{"empty", nil, ""},
		{"UTF-16 little-endian with a byte order mark", utf16Text(toml, binary.LittleEndian, true),
			`file: the file is saved as UTF-16; save it as UTF-8 (` + saveAsUTF8 + `)`},
		{"UTF-16 big-endian with a byte order mark", utf16Text(toml, binary.BigEndian, true),
			`file: the file is saved as UTF-16; save it as UTF-8 (` + saveAsUTF8 + `)`},
		{"UTF-16 little-endian without one", utf16Text(toml, binary.LittleEndian, false),
			`file: the file is saved as UTF-16; save it as UTF-8 (` + saveAsUTF8 + `)`},
		{"UTF-16 big-endian without one", utf16Text(toml, binary.BigEndian, false),
			`file: the file is saved as UTF-16; save it as UTF-8 (` + saveAsUTF8 + `)`},
		{"UTF-32", utf32Text(toml, binary.LittleEndian),
			`file: the file is saved as UTF-32; save it as UTF-8 (` + saveAsUTF8 + `)`},
		{"UTF-32 big-endian", utf32Text(toml, binary.BigEndian),
			`file: the file is saved as UTF-32; save it as UTF-8 (` + saveAsUTF8 + `)`},
		{"Windows-1252", []byte("title: X\nsummary: Bl\xe5b\xe6r\n"),
			`2:12: the file is saved as Windows-1252 or Latin-1, not UTF-8: this "å" is the first letter that is not UTF-8 (` + saveAsUTF8 + `)`},
		{"Windows-1252 quotes", []byte("title: \x93Drammen\x94\n"),
			`1:8: the file is saved as Windows-1252 or Latin-1, not UTF-8: this "“" is the first letter that is not UTF-8 (` + saveAsUTF8 + `)`},
		{"UTF-8 with one bad byte", []byte("title: Grønland\nsummary: Bl\xe5\n"),
			`2:12: the file is not valid UTF-8 text (the first bad byte is here) (type the character here again, or ` + saveAsUTF8 + `)`},
		{"a byte no encoding uses", []byte("a: \x81\n"),
			`1:4: the file is not valid UTF-8 text (the first bad byte is here) (type the character here again, or ` + saveAsUTF8 + `)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Encoding(tt.src)
			got := ""
			if p != nil {
				got = show(*p, tt.src)
			}
			if got != tt.want {
				t.Errorf("\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
}
