package output

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash/crc64"
	"os"
	"path/filepath"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/bench"
)

// The benchmarks here write to b.TempDir(), which must be on a disk for
// their numbers to mean anything (df -T "$(dirname "$(mktemp -u)")": ext4,
// not tmpfs).

// benchPages are distinct whole HTML pages of size bytes, made of the
// benchmark corpus, unminified.
func benchPages(tb testing.TB, distinct, size int) [][]byte {
	tb.Helper()
	pages := make([][]byte, distinct)
	for i, p := range corpusPages(tb, distinct) {
		var b bytes.Buffer
		for b.Len() < size {
			b.Write(p)
		}
		pages[i] = b.Bytes()[:size]
	}
	return pages
}

// benchSite is n files of 30 KB of HTML at the paths a site of n pages
// has, one page a folder.
func benchSite(tb testing.TB, n int) []File {
	pages := benchPages(tb, 100, 30_000)
	files := make([]File, n)
	for i := range files {
		files[i] = File{Path: fmt.Sprintf("%s/side-%d/index.html", bench.Sections[i%len(bench.Sections)], i), Data: pages[i%len(pages)], Owner: "content/x.md"}
	}
	return files
}

func setOfFiles(tb testing.TB, files []File) *Set {
	s := NewSet()
	for _, f := range files {
		add(tb, s, f)
	}
	return s
}

// streamFiles writes files to dest through a Stream, added by as many
// goroutines as a build renders with.
func streamFiles(tb testing.TB, dest string, files []File) Stats {
	tb.Helper()
	st, err := Begin(tb.Context(), dest, WriteOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Abort()
	workers := st.workers()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(files); i += workers {
				st.Add(files[i])
			}
		})
	}
	wg.Wait()
	stats, err := st.Commit()
	if err != nil {
		tb.Fatal(err)
	}
	return stats
}

// withChange is files with the first one's bytes made to say v.
func withChange(files []File, v int) []File {
	files = append([]File(nil), files...)
	files[0].Data = append(bytes.Clone(files[0].Data), fmt.Sprint(v)...)
	return files
}

// BenchmarkStream writes 10 000 pages of 30 KB (unminified: minifying
// costs the same in every case) to a folder on disk, through
// Begin/Add/Commit:
//
//   - cold: into an empty destination;
//   - rewrite: over an earlier build in which every file differs (written
//     afresh, and the old site removed);
//   - one-changed: over an earlier build that differs in one file (the
//     others hard-linked, the old site removed);
//   - warm: over an identical earlier build (compared, left as it is).
func BenchmarkStream(b *testing.B) {
	const n = 10_000
	files := benchSite(b, n)
	b.Run("cold", func(b *testing.B) {
		base := b.TempDir()
		var cpu cpuMeter
		i := 0
		for b.Loop() {
			dest := filepath.Join(base, fmt.Sprint(i))
			cpu.start()
			streamFiles(b, dest, files)
			cpu.stop()
			b.StopTimer()
			os.RemoveAll(dest)
			b.StartTimer()
			i++
		}
		cpu.report(b)
	})
	b.Run("rewrite", func(b *testing.B) {
		versions := [2][]File{}
		for v := range versions {
			versions[v] = append([]File(nil), files...)
			for i := range versions[v] {
				versions[v][i].Data = append(bytes.Clone(files[i].Data), fmt.Sprint(v)...)
			}
		}
		dest := filepath.Join(b.TempDir(), "public")
		streamFiles(b, dest, versions[1])
		var cpu cpuMeter
		i := 0
		for b.Loop() {
			cpu.start()
			streamFiles(b, dest, versions[i%2])
			cpu.stop()
			i++
		}
		cpu.report(b)
	})
	b.Run("one-changed", func(b *testing.B) {
		dest := filepath.Join(b.TempDir(), "public")
		versions := [2][]File{withChange(files, 0), withChange(files, 1)}
		streamFiles(b, dest, versions[1])
		var cpu cpuMeter
		i := 0
		for b.Loop() {
			cpu.start()
			stats := streamFiles(b, dest, versions[i%2])
			cpu.stop()
			checkUnchanged(b, stats, n-1)
			i++
		}
		cpu.report(b)
	})
	b.Run("warm", func(b *testing.B) {
		dest := filepath.Join(b.TempDir(), "public")
		streamFiles(b, dest, files)
		var cpu cpuMeter
		for b.Loop() {
			cpu.start()
			stats := streamFiles(b, dest, files)
			cpu.stop()
			checkUnchanged(b, stats, n)
		}
		cpu.report(b)
	})
}

func checkUnchanged(b *testing.B, stats Stats, want int) {
	if stats.Unchanged != want {
		b.Fatalf("Stats = %+v, want %d unchanged", stats, want)
	}
}

// cpuMeter adds up the CPU time of the timed parts of a benchmark: on a
// machine others share, it moves less than the wall time.
type cpuMeter struct {
	total, since time.Duration
	n            int
}

func (c *cpuMeter) start() { c.since = cpuTime() }
func (c *cpuMeter) stop()  { c.total += cpuTime() - c.since; c.n++ }
func (c *cpuMeter) report(b *testing.B) {
	if c.n > 0 && c.total > 0 {
		b.ReportMetric(float64(c.total.Nanoseconds())/float64(c.n), "cpu-ns/op")
	}
}

// BenchmarkStreamMemory is the peak of the live heap while 10 000 pages of
// 30 KB, each made afresh as a render worker makes it, are written: held in
// a Set until Write (as the build did), or added to a Stream as they come.
// The pages alone are 300 MB.
func BenchmarkStreamMemory(b *testing.B) {
	const n, size = 10_000, 30_000
	page := benchPages(b, 1, size)[0]
	render := func(i int) File {
		data := fmt.Appendf(bytes.Clone(page), "%d", i)
		return File{Path: fmt.Sprintf("%s/side-%d/index.html", bench.Sections[i%len(bench.Sections)], i), Data: data}
	}
	b.Run("set", func(b *testing.B) {
		base := b.TempDir()
		i := 0
		for b.Loop() {
			peak := watchHeap()
			set := NewSet()
			for j := range n {
				add(b, set, render(j))
			}
			dest := filepath.Join(base, fmt.Sprint(i))
			if _, err := Write(b.Context(), dest, set, WriteOptions{}); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
			b.StopTimer()
			os.RemoveAll(dest)
			b.StartTimer()
			i++
		}
	})
	b.Run("stream", func(b *testing.B) {
		base := b.TempDir()
		i := 0
		for b.Loop() {
			peak := watchHeap()
			st, err := Begin(b.Context(), filepath.Join(base, fmt.Sprint(i)), WriteOptions{})
			if err != nil {
				b.Fatal(err)
			}
			var next atomic.Int64
			var wg sync.WaitGroup
			for range st.workers() {
				wg.Go(func() {
					for j := int(next.Add(1) - 1); j < n; j = int(next.Add(1) - 1) {
						st.Add(render(j))
					}
				})
			}
			wg.Wait()
			if _, err := st.Commit(); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
			b.StopTimer()
			os.RemoveAll(filepath.Join(base, fmt.Sprint(i)))
			b.StartTimer()
			i++
		}
	})
}

// watchHeap samples the bytes of heap objects every millisecond until the
// returned function is called, which returns the highest seen.
func watchHeap() (peak func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var high atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > high.Load() {
				high.Store(v)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return high.Load()
	}
}

// BenchmarkSameBytes is what it costs to tell whether the earlier build
// has a page's 30 KB at its path, per file, against writing the file:
// reading the earlier file and comparing (what Add does), and hashing the
// page, which a mark with hashes would need on top of a stat.
func BenchmarkSameBytes(b *testing.B) {
	const n = 1000
	files := benchSite(b, n)
	dest := filepath.Join(b.TempDir(), "public")
	streamFiles(b, dest, files)
	st, err := Begin(b.Context(), dest, WriteOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Abort()
	b.Run("compare", func(b *testing.B) {
		i := 0
		for b.Loop() {
			f := files[i%n]
			if _, ok := st.sameAsEarlier(f.Path, f.Data); !ok {
				b.Fatal("not the same")
			}
			i++
		}
	})
	b.Run("stat", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := st.prev.root.Lstat(files[i%n].Path); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("sha256", func(b *testing.B) {
		i := 0
		for b.Loop() {
			sha256.Sum256(files[i%n].Data)
			i++
		}
	})
	b.Run("crc64", func(b *testing.B) {
		table := crc64.MakeTable(crc64.ECMA)
		i := 0
		for b.Loop() {
			crc64.Checksum(files[i%n].Data, table)
			i++
		}
	})
	written := 0 // across runs: each write is to a new path
	b.Run("write", func(b *testing.B) {
		for b.Loop() {
			f := files[written%n]
			p := fmt.Sprintf("w/%d/%s", written/n, f.Path)
			if _, err := st.writeData(File{Path: p, Data: f.Data}, f.Data); err != nil {
				b.Fatal(err)
			}
			written++
		}
	})
}
