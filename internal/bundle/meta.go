package bundle

import (
	"bytes"
	"encoding/binary"
	"io"
)

// IsVideo reports whether head starts an MP4 or QuickTime file (an ISO
// base media file that is not a HEIC or AVIF picture).
func IsVideo(head []byte) bool {
	if len(head) < 12 || unprocessable(head) != "" {
		return false
	}
	return string(head[4:8]) == "ftyp" || string(head[4:8]) == "moov" || string(head[4:8]) == "mdat" || string(head[4:8]) == "wide"
}

// maxMovie bounds how much of a video's header (its moov box) is read.
const maxMovie = 64 << 20

// VideoLocation reports whether an MP4 or QuickTime video records where
// it was filmed, as phones do by default (the ©xyz or ISO 6709 location
// keys, or a loci box, in its movie header).
func VideoLocation(r io.ReaderAt, size int64) (bool, error) {
	var hdr [16]byte
	for off := int64(0); off+8 <= size; {
		if _, err := r.ReadAt(hdr[:8], off); err != nil {
			return false, err
		}
		n := int64(binary.BigEndian.Uint32(hdr[:4]))
		typ := string(hdr[4:8])
		body := off + 8
		switch n {
		case 0:
			n = size - off
		case 1:
			if _, err := r.ReadAt(hdr[8:16], off+8); err != nil {
				return false, err
			}
			n = int64(binary.BigEndian.Uint64(hdr[8:16]))
			body = off + 16
		}
		if n < body-off || off+n > size {
			return false, nil // not a box we can follow: nothing found
		}
		if typ == "moov" {
			movie := make([]byte, min(n-(body-off), maxMovie))
			if _, err := r.ReadAt(movie, body); err != nil && err != io.EOF {
				return false, err
			}
			for _, key := range [][]byte{[]byte("\xA9xyz"), []byte("com.apple.quicktime.location.ISO6709"), []byte("loci")} {
				if bytes.Contains(movie, key) {
					return true, nil
				}
			}
			return false, nil
		}
		off += n
	}
	return false, nil
}
