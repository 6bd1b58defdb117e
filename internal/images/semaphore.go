package images

import (
	"context"
	"sync"
)

// semaphore bounds the bytes of decoded pixels held at once. Waiters are
// served in order, so a large photo is not starved by a stream of small
// ones; a request larger than the whole bound is cut to it and so runs
// alone.
type semaphore struct {
	mu      sync.Mutex
	size    int64
	used    int64
	peak    int64 // the most ever held, for tests
	waiters []*waiter
}

type waiter struct {
	n     int64
	ready chan struct{}
}

func newSemaphore(size int64) *semaphore { return &semaphore{size: size} }

// acquire takes n (at most the bound, which it returns as the amount to
// release) or returns ctx's error.
func (s *semaphore) acquire(ctx context.Context, n int64) (int64, error) {
	n = min(max(n, 1), s.size)
	s.mu.Lock()
	if len(s.waiters) == 0 && s.used+n <= s.size {
		s.take(n)
		s.mu.Unlock()
		return n, nil
	}
	w := &waiter{n: n, ready: make(chan struct{})}
	s.waiters = append(s.waiters, w)
	s.mu.Unlock()

	select {
	case <-w.ready:
		return n, nil
	case <-ctx.Done():
		s.mu.Lock()
		defer s.mu.Unlock()
		select {
		case <-w.ready: // granted while we gave up: hand it back
			s.used -= n
		default:
			for i, x := range s.waiters {
				if x == w {
					s.waiters = append(s.waiters[:i], s.waiters[i+1:]...)
					break
				}
			}
		}
		s.wake() // the head of the queue may fit now
		return 0, ctx.Err()
	}
}

func (s *semaphore) release(n int64) {
	s.mu.Lock()
	s.used -= n
	s.wake()
	s.mu.Unlock()
}

func (s *semaphore) take(n int64) {
	s.used += n
	s.peak = max(s.peak, s.used)
}

// wake grants waiters in order while they fit; s.mu is held.
func (s *semaphore) wake() {
	for len(s.waiters) > 0 {
		w := s.waiters[0]
		if s.used+w.n > s.size {
			return
		}
		s.take(w.n)
		s.waiters = s.waiters[1:]
		close(w.ready)
	}
}

func (s *semaphore) maxHeld() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}
