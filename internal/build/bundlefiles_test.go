package build

import (
	"bytes"
	"context"
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// TestBundleFiles: what a writer drops next to a page is published only
// when it is safe, decided from the file's bytes.
func TestBundleFiles(t *testing.T) {
	bundle := "content/historier/bryggeriet/"
	draft := "---\ntitle: Utkast\ndraft: true\n---\nKONFIDENSIELT: tallene fra styremøtet.\n"
	mp4 := func(moov string) string {
		b := binary.BigEndian.AppendUint32(nil, 16)
		b = append(b, "ftypisom\x00\x00\x00\x00"...)
		b = binary.BigEndian.AppendUint32(b, uint32(8+len(moov)))
		return string(append(append(b, "moov"...), moov...))
	}
	heic := string(binary.BigEndian.AppendUint32(nil, 24)) + "ftypheic\x00\x00\x00\x00mif1heic"
	tests := []struct {
		name    string
		changes map[string]string
		unsafe  bool
		want    []string // in the error; none: the build succeeds
		absent  []string // paths below public/ that must not exist
		present []string // and that must
	}{
		{
			name:    "a draft next to the page",
			changes: map[string]string{bundle + "utkast.md": draft},
			absent:  []string{"historier/bryggeriet/utkast.md"},
		},
		{
			name:    "a clean drawing",
			changes: map[string]string{bundle + "kart.svg": `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3"/></svg>`},
			present: []string{"historier/bryggeriet/kart.svg"},
		},
		{
			name:    "a drawing with a script",
			changes: map[string]string{bundle + "kart.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <script>fetch('/x?c='+document.cookie)</script>\n</svg>"},
			want:    []string{bundle + "kart.svg:2:", "<script>", "remove the <script> element"},
		},
		{
			name:    "a drawing with an event attribute",
			changes: map[string]string{bundle + "kart.svg": `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`},
			want:    []string{bundle + "kart.svg:1:", "onload"},
		},
		{
			name:    "a drawing that loads from another host",
			changes: map[string]string{bundle + "kart.svg": `<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tiles.example.org/1.png"/></svg>`},
			want:    []string{bundle + "kart.svg:1:", "https://tiles.example.org/1.png"},
		},
		{
			name:    "an HTML page in a bundle",
			changes: map[string]string{bundle + "skjema.html": "<script>alert(1)</script>"},
			want:    []string{bundle + "skjema.html", "run scripts", "unsafe = true"},
		},
		{
			name:    "an XML file in a bundle",
			changes: map[string]string{bundle + "data.xml": `<?xml version="1.0"?><x/>`},
			want:    []string{bundle + "data.xml", "XML"},
		},
		{
			name:    "HTML hidden behind another name",
			changes: map[string]string{bundle + "notat.txt": "<!doctype html><html><script>alert(1)</script></html>"},
			want:    []string{bundle + "notat.txt", "HTML"},
		},
		{
			name:    "an HTML page with unsafe on",
			changes: map[string]string{bundle + "skjema.html": "<p>Skjema</p>"},
			unsafe:  true,
			present: []string{"historier/bryggeriet/skjema.html"},
		},
		{
			name:    "an iPhone photo",
			changes: map[string]string{bundle + "IMG_0042.HEIC": heic},
			want:    []string{bundle + "IMG_0042.HEIC", "HEIC", "JPEG"},
		},
		{
			name:    "a TIFF scan",
			changes: map[string]string{bundle + "skann.tif": "II*\x00\x08\x00\x00\x00\x00\x00"},
			want:    []string{bundle + "skann.tif", "TIFF", "JPEG"},
		},
		{
			name:    "a video that records where it was filmed",
			changes: map[string]string{bundle + "apning.mp4": mp4("udta\xA9xyz+59.7439+010.2045/")},
			want:    []string{bundle + "apning.mp4", "GPS"},
		},
		{
			name:    "a video without a location",
			changes: map[string]string{bundle + "apning.mp4": mp4("mvhd")},
			present: []string{"historier/bryggeriet/apning.mp4"},
		},
	}
	for _, ext := range []string{"", ".jfif", ".jpe", ".JPG"} {
		name := "kran" + ext
		tests = append(tests, struct {
			name    string
			changes map[string]string
			unsafe  bool
			want    []string
			absent  []string
			present []string
		}{
			name:    "a photo named " + name,
			changes: map[string]string{bundle + name: string(photo(t, 300, 200))},
			absent:  []string{"historier/bryggeriet/" + name},
		})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, nil)
			if _, err := Run(context.Background(), Options{Source: dir, Now: now, Cache: t.TempDir()}); err != nil {
				t.Fatal(err) // the site published before the change
			}
			changes := tt.changes
			if tt.unsafe {
				toml, err := os.ReadFile(filepath.Join(dir, "works.toml"))
				if err != nil {
					t.Fatal(err)
				}
				changes["works.toml"] = strings.Replace(string(toml), "[markup]\n", "[markup]\nunsafe = true\n", 1)
				if !strings.Contains(changes["works.toml"], "unsafe = true") {
					changes["works.toml"] += "\n[markup]\nunsafe = true\n"
				}
			}
			writeFiles(t, dir, changes)
			before := hashTree(t, filepath.Join(dir, "public"))
			_, err := Run(context.Background(), Options{Source: dir, Now: now, Cache: t.TempDir()})
			if len(tt.want) > 0 {
				if err == nil {
					t.Fatal("build succeeded, want an error")
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error does not mention %q:\n%v", w, err)
					}
				}
				if after := hashTree(t, filepath.Join(dir, "public")); after != before {
					t.Error("the failed build changed the published site")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			public := filepath.Join(dir, "public")
			for _, p := range tt.absent {
				if _, err := os.Stat(filepath.Join(public, filepath.FromSlash(p))); err == nil {
					t.Errorf("%s was published", p)
				}
			}
			for _, p := range tt.present {
				if _, err := os.Stat(filepath.Join(public, filepath.FromSlash(p))); err != nil {
					t.Errorf("%s was not published: %v", p, err)
				}
			}
			// Nothing of the draft, nothing of a phone's camera data.
			err = filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(p)
				if bytes.Contains(b, []byte("KONFIDENSIELT")) || bytes.Contains(b, []byte(secret)) {
					t.Errorf("%s holds the draft's text or the photo's GPS position", p)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestStaticCameraData: a photo in static/ is published as it is, so one
// that carries camera data is refused; a clean one is published.
func TestStaticCameraData(t *testing.T) {
	dir := fixture(t, map[string]string{"static/images/kran.jpg": string(photo(t, 30, 20))})
	_, err := Run(context.Background(), Options{Source: dir, Now: now})
	if err == nil || !strings.Contains(err.Error(), "static/images/kran.jpg") || !strings.Contains(err.Error(), "GPS") {
		t.Fatalf("error %v, want one naming static/images/kran.jpg and its GPS data", err)
	}
	heic := string(binary.BigEndian.AppendUint32(nil, 24)) + "ftypheic\x00\x00\x00\x00mif1heic"
	dir = fixture(t, map[string]string{"themes/fixture/static/bilde.heic": heic})
	if _, err := Run(context.Background(), Options{Source: dir, Now: now}); err == nil || !strings.Contains(err.Error(), "HEIC") {
		t.Fatalf("error %v, want one about the HEIC picture", err)
	}
}

// TestNotAPicture: a file whose name promises a picture its bytes do not
// hold is an error in the picture's words, not a file published as it is.
func TestNotAPicture(t *testing.T) {
	dir := fixture(t, map[string]string{"content/historier/bryggeriet/kart.jpg": "%PDF-1.7\nikke et bilde\n"})
	_, err := Run(context.Background(), Options{Source: dir, Now: now, Cache: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "content/historier/bryggeriet/kart.jpg") || !strings.Contains(err.Error(), "not a JPEG picture") {
		t.Fatalf("error %v, want one saying kart.jpg is not a JPEG picture", err)
	}
}

// TestPictureErrorsInNorwegian shows what a Norwegian writer reads about
// the pictures works refuses: an iPhone photo and a damaged picture next
// to a page, and a photo in static/ that tells where it was taken.
func TestPictureErrorsInNorwegian(t *testing.T) {
	bundle := "content/historier/bryggeriet/"
	heic := string(binary.BigEndian.AppendUint32(nil, 24)) + "ftypheic\x00\x00\x00\x00mif1heic"
	damaged := photo(t, 300, 200)
	for i := len(damaged) / 2; i < len(damaged)/2+40; i++ {
		damaged[i] = 0xFF
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"next to a page", map[string]string{bundle + "IMG_0042.HEIC": heic, bundle + "kran.jpg": string(damaged)}, []string{
			bundle + "IMG_0042.HEIC: dette bildet er i formatet HEIC, som works ikke kan lese; publisert som det er, ville det ta med seg kameradataene og stedet det ble tatt (lagre eller eksporter det som JPEG (på iPhone: Innstillinger → Kamera → Formater → Mest kompatibel), og bruk JPEG-filen i stedet)",
			bundle + "kran.jpg: bildefilen er skadet: JPEG-dataene i den kan ikke leses (åpne bildet i et bildeprogram og eksporter det på nytt som JPEG; åpner det seg ikke der heller, be om å få filen på nytt)",
		}},
		{"in static/", map[string]string{"static/images/havnen.jpg": string(photo(t, 30, 20))}, []string{
			"static/images/havnen.jpg: dette bildet har kameradata (EXIF) med stedet fotoet ble tatt (GPS), og filer i «static/» publiseres som de er (legg fotoet i mappen til siden som viser det, der works fjerner slike data, eller lagre det på nytt uten)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), Options{Source: fixture(t, tt.files), Now: now, Cache: t.TempDir()})
			var l diag.List
			l.Add(err)
			var got []string
			for _, d := range l {
				got = append(got, d.Line(msg.Norwegian))
			}
			for _, want := range tt.want {
				if !slices.Contains(got, want) {
					t.Errorf("no\n%s\nin\n%s", want, strings.Join(got, "\n"))
				}
			}
		})
	}
}
