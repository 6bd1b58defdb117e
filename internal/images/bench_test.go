package images

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// The benchmark behind the cache: 20 phone-sized photos (4000×3000, JPEG
// quality 90) to the default responsive set (480, 800, 1200 and 1600
// pixels, WebP and JPEG: 160 images), cold and with a warm cache.
//
//	go test -run '^$' -bench Responsive -benchtime 1x ./internal/images
//
// TestCompareHugo (hugo_test.go) runs the same work through Hugo.

const benchPhotos = 20

// photos makes the benchmark's photos once per test binary; they take a
// while to make.
func photos(tb testing.TB) [][]byte {
	photosOnce.Do(func() {
		for i := range benchPhotos {
			photosMade = append(photosMade, photo(tb, 4000, 3000, uint64(i+1), 90))
		}
	})
	return photosMade
}

var (
	photosOnce sync.Once
	photosMade [][]byte
)

// processAll makes the responsive set of every source with one worker per
// CPU, as a build does.
func processAll(ctx context.Context, p *Processor, srcs [][]byte) error {
	errs := make([]error, len(srcs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				_, errs[i] = p.Responsive(ctx, fmt.Sprintf("photo%02d.jpg", i), srcs[i], nil)
			}
		})
	}
	for i := range srcs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func BenchmarkResponsive(b *testing.B) {
	srcs := photos(b)
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			p, err := New(Options{CacheDir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			if err := processAll(ctx, p, srcs); err != nil {
				b.Fatal(err)
			}
			if st := p.Stats(); st.Decoded != benchPhotos || st.Encoded != benchPhotos*8 {
				b.Fatalf("stats %+v", st)
			}
			_ = p.Close()
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*benchPhotos), "ms/photo")
	})
	b.Run("warm", func(b *testing.B) {
		dir := b.TempDir()
		p, err := New(Options{CacheDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if err := processAll(ctx, p, srcs); err != nil {
			b.Fatal(err)
		}
		_ = p.Close()
		b.ResetTimer()
		for b.Loop() {
			p, err := New(Options{CacheDir: dir})
			if err != nil {
				b.Fatal(err)
			}
			if err := processAll(ctx, p, srcs); err != nil {
				b.Fatal(err)
			}
			if st := p.Stats(); st.Decoded != 0 || st.Encoded != 0 || st.Cached != benchPhotos*8 {
				b.Fatalf("stats %+v", st)
			}
			_ = p.Close()
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*benchPhotos), "ms/photo")
	})
}

// BenchmarkSteps times the stages of one photo, to see where the time goes.
func BenchmarkSteps(b *testing.B) {
	src := photos(b)[0]
	info, err := readConfig(src)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("config", func(b *testing.B) {
		for b.Loop() {
			_, _ = readConfig(src)
		}
	})
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			_, _ = decode(src, info)
		}
	})
	d, _ := decode(src, info)
	full := rect{0, 0, 4000, 3000}
	for _, w := range DefaultWidths() {
		h := w * 3 / 4
		b.Run(fmt.Sprintf("resize-%d", w), func(b *testing.B) {
			for b.Loop() {
				d.frames[0].render(full, w, h, 1)
			}
		})
		r := d.frames[0].render(full, w, h, 1)
		for _, f := range []string{JPEG, WebP} {
			b.Run(fmt.Sprintf("encode-%s-%d", f, w), func(b *testing.B) {
				for b.Loop() {
					_, _ = encode([]raster{r}, d, job{format: f, quality: 80, method: 4})
				}
			})
		}
	}
}
