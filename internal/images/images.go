// Package images turns the photos and drawings that writers drop next to
// their stories into the files a site ships: resized, cropped, turned
// upright by their EXIF orientation, stripped of every piece of metadata
// (EXIF with its GPS position, XMP, IPTC, ICC profiles), encoded as WebP and
// in their own format, and cached on disk so that a rebuild decodes nothing.
//
// A Processor is made once per build and shared by its goroutines. It reads
// sources as bytes and returns bytes; it writes only inside its cache
// folder.
package images

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gen2brain/webp"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// Options configure a Processor. The zero value processes in memory only,
// with the defaults below.
type Options struct {
	// CacheDir is where processed images are kept between builds, one file
	// each, named by the hash of source, operation and encoder; a site uses
	// resources/_gen/images. "" keeps nothing.
	CacheDir string
	// Quality is the JPEG and WebP quality, 1–100; 0 means 80.
	Quality int
	// WebPMethod is libwebp's speed/size trade-off, 1 (fast) to 6 (small);
	// 0 means 4, libwebp's own default.
	WebPMethod int
	// Widths are the widths Responsive makes; nil means 480, 800, 1200
	// and 1600.
	Widths []int
	// MemoryLimit bounds the bytes of decoded pixels held at once, counted
	// as width×height×4 per source; 0 means 1 GiB. A source larger than the
	// bound is processed alone.
	MemoryLimit int64
	// MaxPixels refuses sources with more pixels (all frames of a GIF
	// counted), which would only be mistakes or decompression bombs; 0
	// means 100 million.
	MaxPixels int
	// Plan makes no pixels: each Image has the size, format and key a
	// build would give it, and no Data. Nothing is read from or written to
	// the cache. For works check, which needs to know what a build would
	// publish, not the bytes.
	Plan bool
}

// DefaultWidths returns the widths of a responsive image set: a phone, a
// tablet, a laptop and a large or high-density screen.
func DefaultWidths() []int { return []int{480, 800, 1200, 1600} }

func (o Options) quality() int    { return cmp.Or(o.Quality, 80) }
func (o Options) webpMethod() int { return cmp.Or(o.WebPMethod, 4) }
func (o Options) widths() []int {
	if len(o.Widths) == 0 {
		return DefaultWidths()
	}
	return o.Widths
}
func (o Options) memoryLimit() int64 { return cmp.Or(o.MemoryLimit, 1<<30) }
func (o Options) maxPixels() int     { return cmp.Or(o.MaxPixels, 100_000_000) }

// Processor makes images. It is safe for concurrent use. Make one per build:
// it remembers what it made (so two pages using one photo share the work,
// and Prune knows what is stale) until it is dropped.
type Processor struct {
	opts    Options
	cache   *os.Root // nil without a cache folder
	sem     *semaphore
	version string

	mu    sync.Mutex
	calls map[string]*call // by cache key: made, being made, or loaded
	used  map[string]bool  // cache file names this Processor returned

	decoded, encoded, cached, reused atomic.Int64
}

// call is one output, made once however many ask for it.
type call struct {
	done chan struct{}
	img  Image
	err  error
}

// Stats count the work a Processor did.
type Stats struct {
	Decoded int // sources decoded
	Encoded int // images encoded
	Cached  int // images read from the cache folder instead
	Reused  int // requests for an image this Processor already had
}

// Image is one processed image.
type Image struct {
	Width, Height int
	Format        string // JPEG, PNG, GIF or WebP
	Data          []byte
	// Key names the image: a hash of the source's bytes, the operation and
	// the encoder. The same key always means the same bytes.
	Key string
}

// MediaType returns the image's media type, "image/webp".
func (im Image) MediaType() string { return MediaType(im.Format) }

// Name returns a file name for the image, made from the source's name
// without its extension: "hall" → "hall_800x533_3f9a1c0b27.webp". It
// changes whenever the bytes do, so the file can be cached for ever.
func (im Image) Name(stem string) string {
	return fmt.Sprintf("%s_%dx%d_%s%s", stem, im.Width, im.Height, im.Key[:10], Ext(im.Format))
}

// New makes a Processor, creating the cache folder if needed.
func New(opts Options) (*Processor, error) {
	if q := opts.Quality; q < 0 || q > 100 {
		return nil, fmt.Errorf("image quality must be between 1 and 100 (got %d)", q)
	}
	if m := opts.WebPMethod; m < 0 || m > 6 {
		return nil, fmt.Errorf("WebP method must be between 1 and 6 (got %d)", m)
	}
	for _, w := range opts.Widths {
		if w <= 0 {
			return nil, fmt.Errorf("image widths must be positive (got %d)", w)
		}
	}
	p := &Processor{
		opts:    opts,
		sem:     newSemaphore(opts.memoryLimit()),
		version: encoderVersion(),
		calls:   map[string]*call{},
		used:    map[string]bool{},
	}
	if opts.CacheDir != "" && !opts.Plan {
		if err := os.MkdirAll(opts.CacheDir, 0o755); err != nil {
			return nil, fmt.Errorf("create the image cache: %w", err)
		}
		root, err := os.OpenRoot(opts.CacheDir)
		if err != nil {
			return nil, fmt.Errorf("open the image cache: %w", err)
		}
		p.cache = root
	}
	return p, nil
}

// Close releases the cache folder.
func (p *Processor) Close() error {
	if p.cache == nil {
		return nil
	}
	return p.cache.Close()
}

// Stats returns the counts so far.
func (p *Processor) Stats() Stats {
	return Stats{
		Decoded: int(p.decoded.Load()),
		Encoded: int(p.encoded.Load()),
		Cached:  int(p.cached.Load()),
		Reused:  int(p.reused.Load()),
	}
}

// encoderVersion names everything that decides the output bytes besides
// the source and the job: this package's pipeline, the Go release (its
// JPEG, PNG and GIF encoders) and the WebP encoder, which is libwebp in
// WebAssembly unless the machine has libwebp.so (a different build, so
// different bytes).
func encoderVersion() string {
	const pipeline = 1 // bump when resampling or conversion changes
	goRelease := runtime.Version()
	if parts := strings.Split(goRelease, "."); len(parts) > 2 && strings.HasPrefix(goRelease, "go1.") {
		goRelease = parts[0] + "." + parts[1] // point releases do not change encoders
	}
	webpVersion := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/gen2brain/webp" {
				webpVersion = m.Version
			}
		}
	}
	backend := "wasm"
	if webp.Dynamic() == nil {
		backend = "libwebp.so"
	}
	return fmt.Sprintf("images/%d %s webp/%s/%s", pipeline, goRelease, webpVersion, backend)
}

// Config reads the header of the file name, whose bytes are src. Errors are
// diagnostics at name, in words for the writer who supplied the file.
func Config(name string, src []byte) (Info, error) {
	info, err := readConfig(src)
	if err != nil {
		return Info{}, fileError(name, src, err)
	}
	return info, nil
}

// Process makes the image spec asks for from src, the bytes of the file
// name, or takes it from the cache.
func (p *Processor) Process(ctx context.Context, name string, src []byte, spec Spec) (Image, error) {
	info, err := Config(name, src)
	if err != nil {
		return Image{}, err
	}
	if info.Format == SVG {
		return Image{}, diag.Errorf(diag.Position{File: name}, "use the SVG as it is: it scales by itself",
			"an SVG cannot be resized or converted")
	}
	j, err := plan(info, spec, p.opts)
	if err != nil {
		return Image{}, diag.Errorf(diag.Position{File: name}, "", "%s", err)
	}
	imgs, err := p.run(ctx, name, src, info, []job{j})
	if err != nil {
		return Image{}, err
	}
	return imgs[0], nil
}

// Picture is the set of images behind one <picture> element.
type Picture struct {
	// Width and Height are the largest image's size: the <img> element's
	// width and height attributes, which reserve its room in the layout.
	Width, Height int
	// Sources are the formats, best first: WebP, then the source's own
	// format. The last is the <img> element's srcset; the others are
	// <source> elements. A WebP source or an animated GIF has one.
	Sources []Source
}

// Source is one format's images, narrowest first.
type Source struct {
	Format    string
	MediaType string
	Images    []Image
}

// Responsive makes the images of a <picture>: WebP and the source's format,
// at each of widths (nil means Options.Widths) narrower than the source,
// and at the source's own width in place of any as wide or wider. It never
// makes an image larger than the source; a source narrower than every
// width gets one image of each format at its own size.
func (p *Processor) Responsive(ctx context.Context, name string, src []byte, widths []int) (Picture, error) {
	info, err := Config(name, src)
	if err != nil {
		return Picture{}, err
	}
	if info.Format == SVG {
		return Picture{}, diag.Errorf(diag.Position{File: name}, "use the SVG as it is: it scales by itself",
			"an SVG has no responsive sizes")
	}
	if widths == nil {
		widths = p.opts.widths()
	}
	ws := responsiveWidths(info.Width, widths)
	formats := []string{WebP, info.Format}
	switch {
	case info.Format == WebP:
		formats = []string{WebP}
	case info.Animated: // an animated GIF: no WebP encoder here animates
		formats = []string{GIF}
	}
	var jobs []job
	for _, f := range formats {
		for _, w := range ws {
			j, err := plan(info, Spec{Op: Resize, Width: w, Format: f}, p.opts)
			if err != nil {
				return Picture{}, diag.Errorf(diag.Position{File: name}, "", "%s", err)
			}
			jobs = append(jobs, j)
		}
	}
	imgs, err := p.run(ctx, name, src, info, jobs)
	if err != nil {
		return Picture{}, err
	}
	var pic Picture
	for i, f := range formats {
		pic.Sources = append(pic.Sources, Source{Format: f, MediaType: MediaType(f), Images: imgs[i*len(ws) : (i+1)*len(ws)]})
	}
	last := imgs[len(imgs)-1]
	pic.Width, pic.Height = last.Width, last.Height
	return pic, nil
}

// responsiveWidths keeps the widths narrower than the source, adds the
// source's width if any was as wide or wider, and sorts them.
func responsiveWidths(source int, widths []int) []int {
	var ws []int
	for _, w := range widths {
		if w > 0 {
			ws = append(ws, min(w, source))
		}
	}
	if len(ws) == 0 {
		ws = []int{source}
	}
	slices.Sort(ws)
	return slices.Compact(ws)
}

// run makes the jobs' images from one source, decoding it at most once and
// not at all when every image is already made or cached. Each output is
// made by one caller; others asking for it at the same time wait for it.
func (p *Processor) run(ctx context.Context, name string, src []byte, info Info, jobs []job) ([]Image, error) {
	sum := sha256.Sum256(src)
	for i := range jobs {
		h := sha256.Sum256([]byte(hex.EncodeToString(sum[:]) + "\n" + jobs[i].canonical() + "\n" + p.version))
		jobs[i].key = hex.EncodeToString(h[:])
	}
	if p.opts.Plan {
		return p.planned(name, src, info, jobs)
	}

	calls := make([]*call, len(jobs))
	var mine []int
	p.mu.Lock()
	for i, j := range jobs {
		if c, ok := p.calls[j.key]; ok {
			calls[i] = c
			continue
		}
		calls[i] = &call{done: make(chan struct{})}
		p.calls[j.key] = calls[i]
		mine = append(mine, i)
	}
	p.mu.Unlock()

	// Make what this call owns, then wait for the rest: owners never wait
	// before finishing their own, so two callers cannot wait on each other.
	var missing []int
	for _, i := range mine {
		if img, ok := p.load(jobs[i]); ok {
			p.cached.Add(1)
			p.finish(jobs[i], calls[i], img, nil)
			continue
		}
		missing = append(missing, i)
	}
	if len(missing) > 0 {
		imgs, err := p.make(ctx, name, src, info, jobs, missing)
		for k, i := range missing {
			p.finish(jobs[i], calls[i], imgs[k], err)
		}
	}

	out := make([]Image, len(jobs))
	for i, c := range calls {
		if !slices.Contains(mine, i) {
			select {
			case <-c.done:
				p.reused.Add(1)
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if c.err != nil {
			if isCancel(c.err) && ctx.Err() == nil {
				// Another caller made it and gave up; this one has not.
				return p.run(ctx, name, src, info, jobs)
			}
			return nil, c.err
		}
		out[i] = c.img
	}
	return out, nil
}

// planned returns the jobs' images without their bytes, refusing what
// make would refuse before decoding.
func (p *Processor) planned(name string, src []byte, info Info, jobs []job) ([]Image, error) {
	if _, err := p.frames(name, src, info); err != nil {
		return nil, err
	}
	imgs := make([]Image, len(jobs))
	for i, j := range jobs {
		imgs[i] = Image{Width: j.w, Height: j.h, Format: j.format, Key: j.key}
	}
	return imgs, nil
}

// Derive makes spec's image from one this Processor made: from its bytes,
// or, for a planned image, from its size and key.
func (p *Processor) Derive(ctx context.Context, name string, from Image, spec Spec) (Image, error) {
	if from.Data != nil || !p.opts.Plan {
		return p.Process(ctx, name, from.Data, spec)
	}
	j, err := plan(Info{Width: from.Width, Height: from.Height, Format: from.Format, Orientation: 1}, spec, p.opts)
	if err != nil {
		return Image{}, diag.Errorf(diag.Position{File: name}, "", "%s", err)
	}
	h := sha256.Sum256([]byte(from.Key + "\n" + j.canonical() + "\n" + p.version))
	return Image{Width: j.w, Height: j.h, Format: j.format, Key: hex.EncodeToString(h[:])}, nil
}

func isCancel(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// finish publishes the outcome of a call. A failed call is forgotten, so a
// later request tries again and gets an error with its own file name.
func (p *Processor) finish(j job, c *call, img Image, err error) {
	c.img, c.err = img, err
	p.mu.Lock()
	if err != nil {
		delete(p.calls, j.key)
	} else {
		p.used[cacheName(j)] = true
	}
	p.mu.Unlock()
	close(c.done)
}

// make decodes the source once and renders and encodes the jobs at the
// indexes in todo, holding the source's share of the memory bound.
func (p *Processor) make(ctx context.Context, name string, src []byte, info Info, jobs []job, todo []int) ([]Image, error) {
	frames, err := p.frames(name, src, info)
	if err != nil {
		return make([]Image, len(todo)), err
	}
	held, err := p.sem.acquire(ctx, int64(info.Width)*int64(info.Height)*4*int64(frames))
	if err != nil {
		return make([]Image, len(todo)), err
	}
	defer p.sem.release(held)

	d, err := decode(src, info)
	if err != nil {
		return make([]Image, len(todo)), fileError(name, src, fmt.Errorf("cannot read it as %s: %w", article(info.Format), err))
	}
	p.decoded.Add(1)

	imgs := make([]Image, len(todo))
	// Jobs that differ only in format (a WebP and a JPEG at 800 pixels)
	// share one resampling.
	type geometry struct {
		crop rect
		w, h int
	}
	renders := map[geometry][]raster{}
	for k, i := range todo {
		if err := ctx.Err(); err != nil {
			return imgs, err
		}
		j := jobs[i]
		g := geometry{j.crop, j.w, j.h}
		rendered, ok := renders[g]
		if !ok {
			r := d.frames[0]
			win := rawRect(info.Orientation, r.w, r.h, j.crop)
			rendered = make([]raster, len(d.frames))
			for f, fr := range d.frames {
				rendered[f] = fr.render(win, j.w, j.h, info.Orientation)
			}
			renders[g] = rendered
		}
		data, err := encode(rendered, d, j)
		if err != nil {
			return imgs, diag.Errorf(diag.Position{File: name}, "", "cannot encode it as %s: %v", article(j.format), err)
		}
		p.encoded.Add(1)
		img := Image{Width: j.w, Height: j.h, Format: j.format, Data: data, Key: j.key}
		if err := p.store(j, data); err != nil {
			return imgs, err
		}
		imgs[k] = img
	}
	return imgs, nil
}

// frames counts the source's frames (1 but for an animated GIF) and
// refuses a source with more pixels than MaxPixels, all frames counted.
func (p *Processor) frames(name string, src []byte, info Info) (int, error) {
	frames := 1
	if info.Animated && info.Format == GIF {
		frames = gifFrames(src, p.opts.maxPixels())
	}
	if px := info.Width * info.Height * frames; px > p.opts.maxPixels() {
		return 0, diag.Errorf(diag.Position{File: name},
			"export it smaller: a web page needs at most about 3000 pixels across",
			"is too large to process (%d×%d pixels%s)", info.Width, info.Height, framesNote(frames))
	}
	return frames, nil
}

func framesNote(frames int) msg.Text {
	if frames > 1 {
		return msg.T(" in %d frames", frames)
	}
	return msg.Text{}
}

// cacheName is the file an output is kept in: its key and extension.
func cacheName(j job) string { return j.key + Ext(j.format) }

// load reads a job's output from the cache folder.
func (p *Processor) load(j job) (Image, bool) {
	if p.cache == nil {
		return Image{}, false
	}
	data, err := p.cache.ReadFile(cacheName(j))
	if err != nil || len(data) == 0 {
		return Image{}, false
	}
	return Image{Width: j.w, Height: j.h, Format: j.format, Data: data, Key: j.key}, true
}

// store writes a job's output to the cache folder: to a temporary file
// first, renamed into place, so that a build that is stopped never leaves
// a half-written image to be read next time.
func (p *Processor) store(j job, data []byte) error {
	if p.cache == nil {
		return nil
	}
	name := cacheName(j)
	tmp := "." + name + "." + rand.Text() + ".tmp"
	err := func() error {
		f, err := p.cache.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		return p.cache.Rename(tmp, name)
	}()
	if err != nil {
		_ = p.cache.Remove(tmp)
		return diag.Errorf(diag.Position{File: filepath.ToSlash(p.opts.CacheDir)},
			"check that the folder can be written and the disk has room, or delete the folder",
			"cannot write to the image cache: %v", err)
	}
	return nil
}

// Prune removes the cache files this Processor did not use: images of
// sources or operations that are gone, and temporary files of an
// interrupted build. Call it after a successful build has processed every
// image. It leaves files it did not name alone.
func (p *Processor) Prune() (removed int, err error) {
	if p.cache == nil {
		return 0, nil
	}
	entries, err := fs.ReadDir(p.cache.FS(), ".")
	if err != nil {
		return 0, fmt.Errorf("read the image cache: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || p.used[name] || !(isCacheName(name) || isTempName(name)) {
			continue
		}
		if err := p.cache.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed++
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("prune the image cache: %w", err)
	}
	return removed, nil
}

// isCacheName matches the names cacheName makes: 64 hex digits and an
// image extension.
func isCacheName(name string) bool {
	key, ext, ok := strings.Cut(name, ".")
	if !ok || len(key) != 64 || strings.Trim(key, "0123456789abcdef") != "" {
		return false
	}
	switch "." + ext {
	case Ext(JPEG), Ext(PNG), Ext(GIF), Ext(WebP):
		return true
	}
	return false
}

// isTempName matches the names store writes to before renaming:
// "." + a cache name + "." + random letters + ".tmp".
func isTempName(name string) bool {
	inner, ok := strings.CutSuffix(name, ".tmp")
	if !ok || !strings.HasPrefix(inner, ".") {
		return false
	}
	i := strings.LastIndexByte(inner, '.')
	return i > 0 && isCacheName(inner[1:i])
}
