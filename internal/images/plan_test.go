package images

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestPlanMatchesMaking: a planning Processor names and sizes every image
// as a making one does, makes no pixels and touches no cache folder, and
// still refuses what making would refuse before decoding.
func TestPlanMatchesMaking(t *testing.T) {
	ctx := context.Background()
	cache := filepath.Join(t.TempDir(), "cache")
	planner := newProcessor(t, Options{Plan: true, CacheDir: cache})
	maker := newProcessor(t, Options{})
	srcs := map[string][]byte{
		"photo":       photo(t, 1700, 1000, 6, 80),
		"png":         pngWithMetadata(t, quadrants(100, 50), 1),
		"animated":    animatedGIF(t, 64, 32, 3),
		"small photo": photo(t, 300, 200, 3, 80),
	}
	fill := Spec{Op: Fill, Width: 120, Height: 63, Format: JPEG}
	for name, src := range srcs {
		t.Run(name, func(t *testing.T) {
			made, err := maker.Responsive(ctx, name, src, nil)
			if err != nil {
				t.Fatal(err)
			}
			planned, err := planner.Responsive(ctx, name, src, nil)
			if err != nil {
				t.Fatal(err)
			}
			if planned.Width != made.Width || planned.Height != made.Height || len(planned.Sources) != len(made.Sources) {
				t.Fatalf("planned %d×%d in %d formats, made %d×%d in %d", planned.Width, planned.Height, len(planned.Sources), made.Width, made.Height, len(made.Sources))
			}
			for i, s := range planned.Sources {
				for k, im := range s.Images {
					want := made.Sources[i].Images[k]
					if im.Data != nil {
						t.Errorf("planned %s has %d bytes", im.Name("x"), len(im.Data))
					}
					if im.Name("x") != want.Name("x") {
						t.Errorf("planned %s, made %s", im.Name("x"), want.Name("x"))
					}
				}
			}
			if name == "animated" {
				return // a GIF fill would stay a GIF; the JPEG spec does not apply
			}
			pf, err := planner.Process(ctx, name, src, fill)
			if err != nil {
				t.Fatal(err)
			}
			mf, err := maker.Process(ctx, name, src, fill)
			if err != nil {
				t.Fatal(err)
			}
			if pf.Name("x") != mf.Name("x") {
				t.Errorf("planned fill %s, made %s", pf.Name("x"), mf.Name("x"))
			}
			// A copy of a copy: its size as made, its name its own.
			small := Spec{Op: Resize, Width: 60, Format: JPEG}
			pd, err := planner.Derive(ctx, name, pf, small)
			if err != nil {
				t.Fatal(err)
			}
			md, err := maker.Derive(ctx, name, mf, small)
			if err != nil {
				t.Fatal(err)
			}
			if pd.Width != md.Width || pd.Height != md.Height || pd.Data != nil || len(pd.Key) != 64 {
				t.Errorf("planned copy of a copy %d×%d (%d bytes, key %q), made %d×%d", pd.Width, pd.Height, len(pd.Data), pd.Key, md.Width, md.Height)
			}
		})
	}
	if got := planner.Stats(); got.Decoded != 0 || got.Encoded != 0 || got.Cached != 0 {
		t.Errorf("the planner did work: %+v", got)
	}
	if _, err := os.Stat(cache); !os.IsNotExist(err) {
		t.Errorf("the planner made its cache folder (%v)", err)
	}
	tooLarge := newProcessor(t, Options{Plan: true, MaxPixels: 100})
	if _, err := tooLarge.Responsive(ctx, "big.jpg", photo(t, 20, 10, 1, 80), nil); err == nil {
		t.Error("a planner accepts a photo over MaxPixels")
	}
}
