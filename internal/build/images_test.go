package build

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/images"
)

// fixturePhoto is the photo the fixture's brewery story shows.
const fixturePhoto = "content/historier/bryggeriet/hall.jpg"

// secret is written into the test photo's EXIF; no output may hold it.
const secret = "WORKS-GPS-59.7437N"

// photo returns a w×h JPEG with an EXIF block that holds a GPS position,
// as a phone writes it.
func photo(t testing.TB, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x + y) % 256), 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	payload := append([]byte("Exif\x00\x00"), gpsTIFF()...)
	app1 := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(app1[2:], uint16(len(payload)+2))
	app1 = append(app1, payload...)
	data := enc.Bytes()
	return slices.Concat(data[:2], app1, data[2:]) // right after SOI
}

// gpsTIFF is a big-endian EXIF TIFF: IFD0 with a Make (the secret) and a
// pointer to a GPS IFD holding a latitude reference.
func gpsTIFF() []byte {
	var b bytes.Buffer
	put16 := func(v uint16) { _ = binary.Write(&b, binary.BigEndian, v) }
	put32 := func(v uint32) { _ = binary.Write(&b, binary.BigEndian, v) }
	makeStr := secret + "\x00"
	const ifd0End = 8 + 2 + 2*12 + 4
	gpsAt := uint32(ifd0End + len(makeStr))
	b.WriteString("MM")
	put16(42)
	put32(8)
	put16(2)
	put16(0x010F) // Make, ASCII
	put16(2)
	put32(uint32(len(makeStr)))
	put32(ifd0End)
	put16(0x8825) // GPS IFD, LONG
	put16(4)
	put32(1)
	put32(gpsAt)
	put32(0)
	b.WriteString(makeStr)
	put16(1)
	put16(0x0001) // GPSLatitudeRef "N"
	put16(2)
	put32(2)
	b.WriteString("N\x00\x00\x00")
	put32(0)
	return b.Bytes()
}

// metadataIn names the metadata blocks in an image file: JPEG APP1–APP15
// segments, PNG eXIf/iTXt/tEXt/zTXt chunks, WebP EXIF/XMP chunks.
func metadataIn(data []byte) []string {
	var found []string
	switch images.Sniff(data) {
	case images.JPEG:
		for i := 2; i+4 <= len(data) && data[i] == 0xFF; {
			m := data[i+1]
			if m == 0xDA { // start of scan: no more segments
				break
			}
			if m >= 0xE1 && m <= 0xEF {
				found = append(found, "JPEG APP"+string(rune('0'+m-0xE0)))
			}
			i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
		}
	case images.PNG:
		for i := 8; i+8 <= len(data); {
			n := int(binary.BigEndian.Uint32(data[i:]))
			switch typ := string(data[i+4 : i+8]); typ {
			case "eXIf", "iTXt", "tEXt", "zTXt":
				found = append(found, "PNG "+typ)
			}
			i += 12 + n
		}
	case images.WebP:
		for i := 12; i+8 <= len(data); {
			n := int(binary.LittleEndian.Uint32(data[i+4:]))
			switch typ := string(data[i : i+4]); typ {
			case "EXIF", "XMP ":
				found = append(found, "WebP "+typ)
			}
			i += 8 + n + n%2
		}
	}
	if bytes.Contains(data, []byte(secret)) {
		found = append(found, "the GPS secret")
	}
	return found
}

// TestBuildImages builds the fixture with a 2000×1500 phone photo and
// checks what is published, and that a second build processes nothing.
func TestBuildImages(t *testing.T) {
	dir := fixture(t, map[string]string{fixturePhoto: string(photo(t, 2000, 1500))})
	cache := t.TempDir()
	opts := Options{Source: dir, Now: now, Cache: cache}
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	// Two formats at 480, 800, 1200 and 1600 pixels: one decode, 8 encodes.
	if got, want := res.Images, (images.Stats{Decoded: 1, Encoded: 8}); got != want {
		t.Errorf("first build: stats %+v, want %+v", got, want)
	}

	public := filepath.Join(dir, "public")
	var variants []string
	err = filepath.WalkDir(public, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(public, p)
		rel = filepath.ToSlash(rel)
		if md := metadataIn(data); len(md) > 0 {
			t.Errorf("%s holds metadata: %v", rel, md)
		}
		if f := images.Sniff(data); f != "" && f != images.SVG {
			info, err := images.Config(rel, data)
			if err != nil {
				return err
			}
			variants = append(variants, rel+" "+info.Format+" "+strconv.Itoa(info.Width)+"x"+strconv.Itoa(info.Height))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"historier/bryggeriet/hall.jpg", "en/stories/bryggeriet/hall.jpg"} {
		if _, err := os.Stat(filepath.Join(public, p)); err == nil {
			t.Errorf("%s is published as it is", p)
		}
	}
	var sizes []string
	for _, v := range variants {
		if strings.HasPrefix(v, "historier/") {
			_, after, _ := strings.Cut(v, " ")
			sizes = append(sizes, after)
		}
		name, _, _ := strings.Cut(v, " ")
		if !regexp.MustCompile(`/hall_\d+x\d+_[0-9a-f]{10}\.(webp|jpg)$`).MatchString(name) {
			t.Errorf("variant %s is not named hall_WxH_hash.ext", name)
		}
	}
	slices.Sort(sizes)
	want := []string{"jpeg 1200x900", "jpeg 1600x1200", "jpeg 480x360", "jpeg 800x600",
		"webp 1200x900", "webp 1600x1200", "webp 480x360", "webp 800x600"}
	if !slices.Equal(sizes, want) {
		t.Errorf("variants in historier/bryggeriet:\n got %v\nwant %v", sizes, want)
	}

	html, err := os.ReadFile(filepath.Join(public, "historier", "bryggeriet", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, re := range []string{
		`<picture><source type="image/webp" srcset="/historier/bryggeriet/hall_480x360_[0-9a-f]{10}\.webp 480w, [^"]+ 1600w"`,
		`<img src="/historier/bryggeriet/hall_1600x1200_[0-9a-f]{10}\.jpg" srcset="[^"]+ 480w, [^"]+" sizes="[^"]+" width="1600" height="1200" alt="Ansatte i produksjonshallen" fetchpriority="high" decoding="async"></picture>`,
		`<img src="/historier/bryggeriet/bilde.svg" width="10" height="10" alt="Et enkelt bilde" loading="lazy" decoding="async">`,
	} {
		if !regexp.MustCompile(re).Match(html) {
			t.Errorf("the page lacks %s:\n%s", re, html)
		}
	}

	t.Run("second build processes nothing", func(t *testing.T) {
		res, err := Run(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res.Images, (images.Stats{Cached: 8}); got != want {
			t.Errorf("stats %+v, want %+v", got, want)
		}
		if res.Pruned != 0 {
			t.Errorf("pruned %d, want 0", res.Pruned)
		}
	})

	t.Run("deleted photo leaves the cache", func(t *testing.T) {
		story := filepath.Join(dir, filepath.FromSlash("content/historier/bryggeriet/index.md"))
		src, err := os.ReadFile(story)
		if err != nil {
			t.Fatal(err)
		}
		src = bytes.Replace(src, []byte("![Ansatte i produksjonshallen](hall.jpg)"), nil, 1)
		if err := os.WriteFile(story, src, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(fixturePhoto))); err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Pruned != 8 {
			t.Errorf("pruned %d, want 8", res.Pruned)
		}
		left, err := os.ReadDir(filepath.Join(cache, "images"))
		if err != nil {
			t.Fatal(err)
		}
		if len(left) != 0 {
			t.Errorf("the cache still holds %d files", len(left))
		}
	})
}

// TestMissingImage checks that an image file that is not there is
// reported once, at the place it is written.
func TestMissingImage(t *testing.T) {
	dir := fixture(t, map[string]string{fixturePhoto: ""})
	_, err := Run(context.Background(), Options{Source: dir, Now: now, Cache: t.TempDir()})
	if err == nil {
		t.Fatal("build succeeded, want an error")
	}
	msg := err.Error()
	if n := strings.Count(msg, `"hall.jpg"`); n != 1 {
		t.Errorf("the missing image is reported %d times, want once:\n%s", n, msg)
	}
	if !regexp.MustCompile(`content/historier/bryggeriet/index\.md:\d+:\d+: .*image "hall\.jpg" does not exist`).MatchString(msg) {
		t.Errorf("error does not name the file and place:\n%s", msg)
	}
}

// TestNoImagesNoCache checks that a site without photos gets no cache folder.
func TestNoImagesNoCache(t *testing.T) {
	dir := fixture(t, map[string]string{fixturePhoto: ""})
	story := filepath.Join(dir, filepath.FromSlash("content/historier/bryggeriet/index.md"))
	src, err := os.ReadFile(story)
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("![Ansatte i produksjonshallen](hall.jpg)"), nil, 1)
	if err := os.WriteFile(story, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Options{Source: dir, Now: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(ImageCacheDir))); err == nil {
		t.Error("the build made an image cache for a site without photos")
	}
}

// TestImageQuality: [images] quality reaches the encoder; a lower quality
// gives smaller photos.
func TestImageQuality(t *testing.T) {
	sizes := map[string]int{}
	for _, q := range []string{"", "30"} {
		dir := fixture(t, nil)
		if q != "" {
			f, err := os.OpenFile(filepath.Join(dir, "works.toml"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(f, "\n[images]\nquality = %s\n", q)
			f.Close()
		}
		res, err := Assemble(context.Background(), os.DirFS(dir), Options{Now: now, Cache: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Files.Files() {
			if ext := path.Ext(f.Path); ext == ".webp" || ext == ".jpg" {
				sizes[q] += len(f.Data)
			}
		}
	}
	if sizes[""] == 0 || sizes["30"] >= sizes[""] {
		t.Errorf("photos at quality 30: %d bytes, at the default: %d; want fewer at 30", sizes["30"], sizes[""])
	}
}

// TestPlannedImages: what works check assembles names and sizes the
// photos without making them, and every page and file path is the build's.
func TestPlannedImages(t *testing.T) {
	dir := fixture(t, map[string]string{fixturePhoto: string(photo(t, 2000, 1500))})
	assemble := func(plan bool) *Result {
		t.Helper()
		cache := filepath.Join(t.TempDir(), "cache")
		res, err := Assemble(context.Background(), os.DirFS(dir), Options{Source: dir, Now: now, Cache: cache, PlanImages: plan})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(cache); plan && !os.IsNotExist(err) {
			t.Errorf("planning made a cache folder (%v)", err)
		}
		return res
	}
	made, planned := assemble(false), assemble(true)
	if planned.Images != (images.Stats{}) {
		t.Errorf("planning did image work: %+v", planned.Images)
	}
	if made.Images.Encoded == 0 {
		t.Fatal("the build made no images: the fixture has no photo")
	}
	want := map[string]string{}
	for _, f := range made.Files.Files() {
		want[f.Path] = string(f.Data)
	}
	photos := 0
	for _, f := range planned.Files.Files() {
		w, ok := want[f.Path]
		switch ext := path.Ext(f.Path); {
		case !ok:
			t.Errorf("planning publishes %s, the build does not", f.Path)
		case ext == ".jpg" || ext == ".webp":
			photos++
			if len(f.Data) != 0 {
				t.Errorf("planned %s has %d bytes", f.Path, len(f.Data))
			}
		case string(f.Data) != w:
			t.Errorf("%s differs between the build and planning", f.Path)
		}
		delete(want, f.Path)
	}
	for p := range want {
		t.Errorf("the build publishes %s, planning does not", p)
	}
	if photos == 0 {
		t.Error("planning published no photo files")
	}
	if _, err := Run(context.Background(), Options{Source: dir, Now: now, PlanImages: true}); err == nil {
		t.Error("Run accepts PlanImages")
	}
}
