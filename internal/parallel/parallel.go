// Package parallel is the build's one worker pool: n pieces of work on a
// few goroutines, results written by index by the caller, so the order of
// work never shows in the output.
package parallel

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// For calls fn(i) for every i in [0, n) on at most workers goroutines (0 or
// less: one per CPU) and returns when every call has returned. Once ctx
// ends, no further call starts; calls already running finish.
//
// A panic in fn does not end the process from a goroutine no one can
// recover in: the other calls finish, and For panics in the caller's
// goroutine with the first value and its stack, where the command's
// recover turns it into an error (exit status 1, not Go's 2).
func For(ctx context.Context, n, workers int, fn func(i int)) {
	ForWorker(ctx, n, workers, func(_, i int) { fn(i) })
}

// Workers is the number of goroutines For and ForWorker use for n calls
// with at most workers (0 or less: one per CPU).
func Workers(n, workers int) int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return max(min(workers, n), 0)
}

// ForWorker is For with the number of the goroutine making each call, in
// [0, Workers(n, workers)), for what a worker keeps between its calls: a
// buffer, its own list of findings.
func ForWorker(ctx context.Context, n, workers int, fn func(w, i int)) {
	if n <= 0 {
		return
	}
	workers = Workers(n, workers)
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		panicked atomic.Pointer[Panic]
	)
	for w := range workers {
		wg.Go(func() {
			defer func() {
				if v := recover(); v != nil {
					panicked.CompareAndSwap(nil, &Panic{Value: v, Stack: debug.Stack()})
				}
			}()
			for ctx.Err() == nil && panicked.Load() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(w, i)
			}
		})
	}
	wg.Wait()
	if p := panicked.Load(); p != nil {
		panic(p)
	}
}

// Panic is what For panics with when a call panicked: the value and the
// stack of the goroutine it came from.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) String() string { return fmt.Sprintf("%v\n\n%s", p.Value, p.Stack) }
