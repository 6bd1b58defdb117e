package output

import "testing"

func TestFileOfAndURLOf(t *testing.T) {
	for _, tt := range []struct{ url, file string }{
		{"/", "index.html"},
		{"/historier/", "historier/index.html"},
		{"/historier/a/", "historier/a/index.html"},
		{"/en/stories/page/2/", "en/stories/page/2/index.html"},
		{"/feed.xml", "feed.xml"},
		{"/css/site.f68b9e0c.css", "css/site.f68b9e0c.css"},
	} {
		if got := FileOf(tt.url); got != tt.file {
			t.Errorf("FileOf(%q) = %q, want %q", tt.url, got, tt.file)
		}
		if got := URLOf(tt.file); got != tt.url {
			t.Errorf("URLOf(%q) = %q, want %q", tt.file, got, tt.url)
		}
	}
	if got := FileOf(""); got != "index.html" {
		t.Errorf(`FileOf("") = %q`, got)
	}
}
