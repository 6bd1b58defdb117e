package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestValidHTML runs the Nu Html Checker (npm vnu-jar, which needs Java) over
// every HTML page of the sample site; any error fails the test.
func TestValidHTML(t *testing.T) {
	e2eOnly(t)
	java, err := exec.LookPath("java")
	if err != nil {
		requirement(t, "Java is not installed (apt-get install default-jre-headless), so the Nu Html Checker cannot run")
	}
	jar, ok := npmPackage(t, "vnu-jar/build/dist/vnu.jar")
	if !ok {
		requirement(t, "vnu-jar is not installed (run npm ci --ignore-scripts in internal/e2e)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	_, public := buildSample(t, ctx, "https://example.org/")

	var pages []string
	err = filepath.WalkDir(public, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".html") {
			pages = append(pages, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("the build wrote no HTML pages")
	}

	args := append([]string{"-jar", jar, "--errors-only", "--format", "json"}, pages...)
	cmd := exec.CommandContext(ctx, java, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	var report struct {
		Messages []struct {
			Type    string `json:"type"`
			SubType string `json:"subType"`
			URL     string `json:"url"`
			Line    int    `json:"lastLine"`
			Column  int    `json:"firstColumn"`
			Message string `json:"message"`
			Extract string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(stderr.Bytes(), &report); err != nil {
		t.Fatalf("the Nu Html Checker failed (%v): %s", runErr, stderr.String())
	}
	for _, m := range report.Messages {
		if m.Type != "error" && m.SubType != "fatal" {
			continue
		}
		file := strings.TrimPrefix(strings.TrimPrefix(m.URL, "file:"), public+"/")
		t.Errorf("%s:%d:%d: %s\n    %s", file, m.Line, m.Column, m.Message, strings.TrimSpace(m.Extract))
	}
	t.Logf("checked %d pages", len(pages))
}
