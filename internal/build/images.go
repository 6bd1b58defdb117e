package build

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/drammen-works/works/internal/bundle"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/images"
	"github.com/drammen-works/works/internal/markdown"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/parallel"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/source"
)

// ImageCacheDir is where a site keeps its processed images between builds,
// relative to its folder. It is git-ignored.
const ImageCacheDir = "resources/_gen/images"

// DrawnCacheDir is where the icons and social cards drawn from the site's
// icon are kept between builds, relative to its folder; git-ignored too.
const DrawnCacheDir = "resources/_gen/drawn"

// processed is what the image stage learnt about one bundle file.
type processed struct {
	class bundle.Class // what the file is, from its bytes
	info  images.Info  // photos and drawings
	pic   images.Picture
}

// published reports whether a bundle file is copied to the site as it is:
// not a Markdown source, not a photo (its processed variants are
// published instead), not one that was refused.
func (pr *processed) published() bool {
	switch pr.class.Kind {
	case bundle.Other, bundle.Drawing, bundle.Markup:
		return true
	}
	return false
}

// bundleFiles is what the image stage learnt of every file of every page
// bundle, by its path below content/. It is site.Images for the model:
// the sizes of pictures and the processed copies of photos.
type bundleFiles map[string]*processed

var _ site.Images = bundleFiles(nil)

// Image gives the model the size and processed copies of a bundle image.
func (b bundleFiles) Image(file string) (site.ImageInfo, bool) {
	pr := b[file]
	if pr == nil || pr.class.Kind != bundle.Photo && pr.class.Kind != bundle.Drawing {
		return site.ImageInfo{}, false
	}
	info := site.ImageInfo{Width: pr.info.Width, Height: pr.info.Height}
	if pr.class.Kind == bundle.Photo {
		stem := strings.TrimSuffix(path.Base(file), path.Ext(file))
		for _, src := range pr.pic.Sources {
			v := site.ImageVariants{MediaType: src.MediaType}
			for _, im := range src.Images {
				v.Files = append(v.Files, site.ImageFile{Name: im.Name(stem), Width: im.Width, Height: im.Height})
			}
			info.Variants = append(info.Variants, v)
		}
	}
	return info, true
}

// inspectBundles looks at every file of the page bundles a build shows,
// once: what it is, from its bytes, and whether it may be published. It
// makes the responsive variants of the photos (from the processor's cache
// when it has them). Files are looked at in parallel; the processor bounds
// the memory photos take. It runs before the model is made, which gets
// what it learnt through site.Options.Images.
func inspectBundles(ctx context.Context, ip *imageProcessor, contentFS fs.FS, docs []*content.Document, shown func(*content.Document) bool, unsafe bool, workers int) (bundleFiles, diag.List) {
	var paths []string
	for _, d := range docs {
		if shown(d) {
			paths = append(paths, d.Resources...)
		}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths) // a bundle's translations share its files

	results := make([]processed, len(paths))
	errs := make([]diag.List, len(paths))
	parallel.For(ctx, len(paths), workers, func(i int) {
		results[i], errs[i] = inspect(ctx, ip, contentFS, paths[i], unsafe)
	})
	var list diag.List
	files := make(bundleFiles, len(paths))
	for i := range paths {
		list = append(list, errs[i]...)
		if errs[i].Err() == nil {
			files[paths[i]] = &results[i]
		}
	}
	return files, list
}

// imageFiles are the processed copies of the model's photos, to publish:
// one file per copy, however many languages show the photo.
func imageFiles(model *site.Model, bundles bundleFiles) []output.File {
	var files []output.File
	seen := map[string]bool{}
	for _, p := range model.Pages {
		base := strings.TrimSuffix(p.RelPermalink, p.Path) // the site's base path, "" or "/sub"
		for _, r := range p.Resources {
			pr := bundles[r.Path]
			if pr == nil || r.Picture == nil {
				continue
			}
			for si, src := range r.Picture.Sources {
				for ii, im := range src.Images {
					out := output.FileOf(strings.TrimPrefix(im.RelPermalink, base))
					if seen[out] {
						continue
					}
					seen[out] = true
					files = append(files, output.File{Path: out, Data: pr.pic.Sources[si].Images[ii].Data, Owner: "content/" + r.Path})
				}
			}
		}
	}
	return files
}

// inspect looks at one bundle file: what it is, from its first bytes, and
// whether it is safe to publish. A photo gets its responsive variants, a
// drawing its size.
func inspect(ctx context.Context, ip *imageProcessor, contentFS fs.FS, name string, unsafe bool) (processed, diag.List) {
	file := "content/" + name
	f, err := contentFS.Open(name)
	if err != nil {
		return processed{}, diag.List{cannotRead(file, err)}
	}
	defer f.Close()
	head := make([]byte, bundle.Head)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return processed{}, diag.List{cannotRead(file, err)}
	}
	pr := processed{class: bundle.Classify(name, head[:n])}
	switch pr.class.Kind {
	case bundle.Other:
		if images.IsPictureName(name) {
			// A name that promises a picture the bytes do not hold: a
			// mistake the writer wants to hear about, in the picture's words.
			src, err := readRest(f, head[:n])
			if err != nil {
				return processed{}, diag.List{cannotRead(file, err)}
			}
			_, err = images.Config(file, src)
			return pr, asList(file, err)
		}
		return pr, checkOther(f, file, head[:n])
	case bundle.Source:
		return pr, nil
	case bundle.Unprocessable:
		return pr, diag.List{diag.Errorf(diag.Position{File: file},
			"save or export it as a JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible), and use the JPEG instead",
			"this picture is in the %s format, which works cannot read; published as it is, it would carry the camera's data and the place it was taken", pr.class.Format)}
	case bundle.Markup:
		if unsafe {
			return pr, nil
		}
		return pr, diag.List{diag.Errorf(diag.Position{File: file},
			"write the text in the page's Markdown instead; a developer can allow such files with unsafe = true under [markup] in works.toml",
			"this %s file would be published as a page of its own, which can run scripts on the site", pr.class.Format)}
	}

	src, err := readRest(f, head[:n])
	if err != nil {
		return processed{}, diag.List{cannotRead(file, err)}
	}
	if pr.class.Kind == bundle.Drawing {
		var errs diag.List
		for _, p := range bundle.CheckSVG(src) {
			d := diag.New(diag.Position{File: file, Line: p.Line, Col: p.Col}, p.Fix, p.What)
			if unsafe {
				d.Severity = diag.Warning
			}
			errs.Add(d)
		}
		// A drawing whose size cannot be read simply gets no width and
		// height.
		pr.info, _ = images.Config(file, src)
		return pr, errs
	}
	if pr.info, err = images.Config(file, src); err != nil {
		return processed{}, asList(file, err)
	}
	proc, err := ip.get()
	if err != nil {
		return processed{}, diag.List{diag.Errorf(diag.Position{File: ImageCacheDir}, "check that the folder can be written, or delete it", "%s", err)}
	}
	if pr.pic, err = proc.Responsive(ctx, file, src, nil); err != nil {
		return processed{}, asList(file, err)
	}
	return pr, nil
}

// checkOther refuses a video that records where it was filmed: phones do
// by default, and the place is often a home.
func checkOther(f fs.File, file string, head []byte) diag.List {
	if !bundle.IsVideo(head) {
		return nil
	}
	ra, ok := f.(io.ReaderAt)
	info, err := f.Stat()
	if !ok || err != nil {
		return nil
	}
	located, err := bundle.VideoLocation(ra, info.Size())
	if err != nil {
		return diag.List{cannotRead(file, err)}
	}
	if located {
		return diag.List{diag.Errorf(diag.Position{File: file},
			"export the video again without its location (most phones and editors have a setting for it), or publish it on a video service",
			"this video records the place where it was filmed (GPS), which anyone who downloads it could read")}
	}
	return nil
}

// readRest reads the rest of f after the head already read.
func readRest(f fs.File, head []byte) ([]byte, error) {
	size := len(head)
	if info, err := f.Stat(); err == nil && info.Size() > int64(size) {
		size = int(info.Size())
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+1))
	buf.Write(head)
	_, err := buf.ReadFrom(f)
	return buf.Bytes(), err
}

func cannotRead(file string, err error) *diag.Diagnostic {
	d := diag.Errorf(diag.Position{File: file}, "check that the file can be read", "cannot read the file: %s", source.Describe(err))
	d.Err = err
	return d
}

// asList keeps diagnostics as they are and puts the file in front of any
// other error.
func asList(file string, err error) diag.List {
	var l diag.List
	_, isDiag := errors.AsType[*diag.Diagnostic](err)
	_, isList := errors.AsType[diag.List](err)
	if !isDiag && !isList {
		err = diag.Errorf(diag.Position{File: file}, "save or export the picture again", "%s", err)
	}
	l.Add(err)
	return l
}

// imageResolver gives the Markdown renderer the images of the page being
// rendered, from what processImages recorded on its resources.
type imageResolver struct {
	byDoc map[string]*site.Resource // document path + "\x00" + resource path
}

var _ markdown.ImageResolver = imageResolver{}

func newImageResolver(model *site.Model) imageResolver {
	m := map[string]*site.Resource{}
	for _, p := range model.Pages {
		if p.Doc == nil {
			continue
		}
		for _, r := range p.Resources {
			if r.Width > 0 {
				m[p.Doc.Path+"\x00"+r.Path] = r
			}
		}
	}
	return imageResolver{byDoc: m}
}

func (ir imageResolver) Image(from, dest string) (markdown.Picture, bool) {
	if d, err := url.PathUnescape(dest); err == nil {
		dest = d
	}
	r := ir.byDoc[from+"\x00"+path.Join(path.Dir(from), dest)]
	if r == nil {
		return markdown.Picture{}, false
	}
	pic := markdown.Picture{Width: r.Width, Height: r.Height, Src: r.RelPermalink}
	if r.Picture != nil {
		pic.Width, pic.Height = r.Picture.Width, r.Picture.Height
		for _, s := range r.Picture.Sources {
			pic.Sources = append(pic.Sources, markdown.PictureSource{MediaType: s.MediaType, Srcset: s.Srcset()})
		}
	}
	return pic, true
}

// imageProcessor opens the image cache on first use, so that building a
// site without photos leaves no cache folder behind. Templates rendering in
// parallel may be the first users, hence the lock.
type imageProcessor struct {
	opts images.Options
	mu   sync.Mutex
	p    *images.Processor
}

func (ip *imageProcessor) get() (*images.Processor, error) {
	ip.mu.Lock()
	defer ip.mu.Unlock()
	if ip.p == nil {
		p, err := images.New(ip.opts)
		if err != nil {
			return nil, err
		}
		ip.p = p
	}
	return ip.p, nil
}

// setQuality sets the JPEG and WebP quality of the images made from now
// on. A processor made for another quality is let go, not closed: pages
// of the preview still being rendered may be using it.
func (ip *imageProcessor) setQuality(q int) {
	ip.mu.Lock()
	defer ip.mu.Unlock()
	if ip.opts.Quality != q {
		ip.opts.Quality, ip.p = q, nil
	}
}

func (ip *imageProcessor) stats() images.Stats {
	ip.mu.Lock()
	defer ip.mu.Unlock()
	if ip.p == nil {
		return images.Stats{}
	}
	return ip.p.Stats()
}

// prune removes the cached images this build did not use; when it used
// none, every image once cached is stale.
func (ip *imageProcessor) prune() (int, error) {
	if ip.p == nil {
		if _, err := os.Stat(ip.opts.CacheDir); err != nil {
			return 0, nil // nothing cached, nothing to prune
		}
		if _, err := ip.get(); err != nil {
			return 0, err
		}
	}
	return ip.p.Prune()
}

func (ip *imageProcessor) close() error {
	if ip.p == nil {
		return nil
	}
	return ip.p.Close()
}

// imageMethods carries out the Resize, Fit and Fill calls of templates on
// bundle images, with the image stage's processor (so the same cache,
// memory bound and metadata stripping), and collects the files they make.
// Pages render in parallel and often ask for the same image (a story and
// the lists that show it): each call is made once, and each file is
// published once.
type imageMethods struct {
	// ctx is the build's. Template methods take no context, so the
	// processor gets this one: a cancelled build stops their work too
	// (see newImageMethods for a preview that renders on request).
	ctx          context.Context
	ip           *imageProcessor
	contentFS    fs.FS
	origin, base string // of the site's base URL: "https://example.org", "/sub"

	mu    sync.Mutex
	calls map[string]*imageCall  // by source URL, operation and spec
	files map[string]output.File // by output path
}

// imageCall is one template call, made by the first page that asks.
type imageCall struct {
	once sync.Once
	res  *site.Resource
	err  error
}

var _ site.ImageProcessor = (*imageMethods)(nil)

// newImageMethods makes the image methods of a model's resources, for a
// site published at baseURL. ctx must last as long as pages are rendered:
// a preview that renders them on request passes one that is not cancelled
// with the build.
func newImageMethods(ctx context.Context, ip *imageProcessor, contentFS fs.FS, baseURL string) *imageMethods {
	m := &imageMethods{ctx: ctx, ip: ip, contentFS: contentFS, calls: map[string]*imageCall{}, files: map[string]output.File{}}
	m.origin, m.base = config.SplitBaseURL(baseURL)
	return m
}

// Process makes a processed copy of a bundle image, from the file as
// written.
func (m *imageMethods) Process(r *site.Resource, op, spec string) (*site.Resource, error) {
	return m.process(r, op, spec, func(proc *images.Processor, s images.Spec) (images.Image, error) {
		src, err := fs.ReadFile(m.contentFS, r.Path)
		if err != nil {
			return images.Image{}, diag.Errorf(diag.Position{File: "content/" + r.Path}, "check that the file can be read", "cannot read the image: %v", err)
		}
		return proc.Process(m.ctx, "content/"+r.Path, src, s)
	})
}

// derivedImage processes a processed copy again:
// {{ (.Fill "1200x1200").Resize "300x" }} crops first, then scales.
type derivedImage struct {
	m   *imageMethods
	img images.Image
}

func (d derivedImage) Process(r *site.Resource, op, spec string) (*site.Resource, error) {
	return d.m.process(r, op, spec, func(proc *images.Processor, s images.Spec) (images.Image, error) {
		return proc.Derive(d.m.ctx, "content/"+r.Path, d.img, s)
	})
}

// process makes the image once per source URL, operation and spec; other
// pages asking for the same get the same resource.
func (m *imageMethods) process(r *site.Resource, op, spec string, run func(*images.Processor, images.Spec) (images.Image, error)) (*site.Resource, error) {
	key := r.RelPermalink + "\x00" + op + "\x00" + spec
	m.mu.Lock()
	c := m.calls[key]
	if c == nil {
		c = &imageCall{}
		m.calls[key] = c
	}
	m.mu.Unlock()
	c.once.Do(func() { c.res, c.err = m.make(r, op, spec, run) })
	return c.res, c.err
}

func (m *imageMethods) make(r *site.Resource, op, spec string, run func(*images.Processor, images.Spec) (images.Image, error)) (*site.Resource, error) {
	s, err := images.ParseSpec(images.Op(op), spec)
	if err != nil {
		return nil, err
	}
	proc, err := m.ip.get()
	if err != nil {
		return nil, diag.Errorf(diag.Position{File: ImageCacheDir}, "check that the folder can be written, or delete it", "%s", err)
	}
	img, err := run(proc, s)
	if err != nil {
		return nil, err
	}
	// Named and placed like the stage's variants: next to the page, after
	// the source ("hall_1200x630_3f9a1c0b27.jpg"), changing with the bytes.
	stem := strings.TrimSuffix(path.Base(r.Name), path.Ext(r.Name))
	u := path.Dir(r.RelPermalink) + "/" + img.Name(stem)
	out := r.Processed(u, m.origin+u, img.MediaType(), img.Width, img.Height, derivedImage{m: m, img: img})
	file := output.FileOf(strings.TrimPrefix(u, m.base))
	m.mu.Lock()
	m.files[file] = output.File{Path: file, Data: img.Data, Owner: "content/" + r.Path}
	m.mu.Unlock()
	return out, nil
}

// published returns the files the templates' calls made, sorted by path,
// for the build's output set. Call it after rendering. A call that made a
// copy the image stage made already (the same photo at the same width)
// has the stage's path: the caller keeps one.
func (m *imageMethods) published() []output.File {
	m.mu.Lock()
	defer m.mu.Unlock()
	files := make([]output.File, 0, len(m.files))
	for _, f := range m.files {
		files = append(files, f)
	}
	slices.SortFunc(files, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	return files
}

// get returns a file a template's call made, for a preview that renders
// pages on request and so cannot add their images to its set up front.
// A nil imageMethods has none.
func (m *imageMethods) get(path string) (output.File, bool) {
	if m == nil {
		return output.File{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.files[path]
	return f, ok
}
