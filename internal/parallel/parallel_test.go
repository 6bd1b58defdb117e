package parallel

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
)

func TestFor(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 100} {
		got := make([]int, 1000)
		For(context.Background(), len(got), workers, func(i int) { got[i] = i * i })
		for i, v := range got {
			if v != i*i {
				t.Fatalf("workers %d: got[%d] = %d", workers, i, v)
			}
		}
	}
	For(context.Background(), 0, 2, func(int) { t.Fatal("called for n = 0") })
}

func TestForStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int64
	For(ctx, 1000, 2, func(i int) {
		if calls.Add(1) == 10 {
			cancel()
		}
	})
	if n := calls.Load(); n >= 1000 || n < 10 {
		t.Errorf("%d calls after cancelling at the 10th", n)
	}
}

func TestForRaisesPanicInCaller(t *testing.T) {
	var done atomic.Int64
	defer func() {
		v := recover()
		p, ok := v.(*Panic)
		if !ok {
			t.Fatalf("recovered %v (%T), want a *Panic", v, v)
		}
		if p.Value != "boom" || !strings.Contains(string(p.Stack), "parallel_test.go") || !strings.Contains(p.String(), "boom") {
			t.Errorf("panic %v, stack does not name the call", p)
		}
	}()
	For(context.Background(), 100, 4, func(i int) {
		if i == 7 {
			panic("boom")
		}
		done.Add(1)
	})
	t.Fatal("For returned after a panic")
}

// TestForWorker: each worker number is in range, and no two calls with
// the same number run at once, so a worker's state needs no lock.
func TestForWorker(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 100} {
		n := 500
		w := Workers(n, workers)
		busy := make([]atomic.Bool, w)
		sums := make([]int, w)
		ForWorker(context.Background(), n, workers, func(k, i int) {
			if k < 0 || k >= w {
				t.Errorf("worker %d of %d", k, w)
				return
			}
			if busy[k].Swap(true) {
				t.Errorf("worker %d runs two calls at once", k)
			}
			sums[k] += i
			busy[k].Store(false)
		})
		total := 0
		for _, s := range sums {
			total += s
		}
		if total != n*(n-1)/2 {
			t.Errorf("workers %d: sum %d, want %d", workers, total, n*(n-1)/2)
		}
	}
	if got := Workers(3, 8); got != 3 {
		t.Errorf("Workers(3, 8) = %d", got)
	}
}
