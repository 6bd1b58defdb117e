// Package nginxtest runs a real nginx for the project's tests: the files a
// build writes for nginx (redirect maps, security headers) are proved by
// nginx itself, not by reading them. nginx is started in the foreground as
// the user running the test, on a free loopback port, with every file it
// writes in a temporary folder, and stopped when the test ends.
//
// Like the browser tests, these run only with WORKS_E2E=1 (CI sets it
// after installing nginx); without it they skip, so `go test ./...` needs
// nothing installed.
package nginxtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Binary returns the nginx program. It skips the test unless WORKS_E2E=1,
// and fails it when nginx is missing then.
func Binary(t testing.TB) string {
	t.Helper()
	if os.Getenv("WORKS_E2E") != "1" {
		t.Skip("skipping the nginx test: set WORKS_E2E=1 to run it (.ci/run does)")
	}
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/nginx", "/usr/local/sbin/nginx"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatal("WORKS_E2E=1 but nginx is not installed (apt-get install nginx)")
	return ""
}

// Config is what the test's nginx serves.
type Config struct {
	Root   string // the folder served
	Port   int    // 0: a free port
	HTTP   string // lines for the http block, such as an include of a map
	Server string // lines for the server block: includes, locations
}

// Start serves c until the test ends and returns its address,
// "http://127.0.0.1:port". The configuration is checked with nginx -t
// first, so a file nginx refuses fails the test with nginx's own words.
func Start(t testing.TB, c Config) string {
	t.Helper()
	bin := Binary(t)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	if c.Port == 0 {
		c.Port = FreePort(t)
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(configText(dir, c)), 0o644); err != nil {
		t.Fatal(err)
	}
	errLog := filepath.Join(dir, "error.log")
	if out, err := exec.Command(bin, "-t", "-p", dir, "-e", errLog, "-c", conf).CombinedOutput(); err != nil {
		t.Fatalf("nginx refuses the configuration: %v\n%s\n%s", err, out, configText(dir, c))
	}
	ctx, cancel := context.WithCancel(context.Background())
	// -e sends the messages of start-up to our log, not to /var/log/nginx.
	cmd := exec.CommandContext(ctx, bin, "-p", dir, "-c", conf, "-e", errLog)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 5 * time.Second
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start nginx: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cancel()
		<-exited
	})

	url := fmt.Sprintf("http://127.0.0.1:%d", c.Port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-exited:
			exited <- err // for the cleanup
			log, _ := os.ReadFile(errLog)
			t.Fatalf("nginx stopped at start-up: %v\n%s%s", err, out.String(), log)
		default:
		}
		resp, err := http.Get(url + "/")
		if err == nil {
			resp.Body.Close()
			return url
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not answer at %s within 10 s: %v", url, errors.Unwrap(err))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// FreePort asks the kernel for a free loopback port. Another process could
// take it before nginx binds it, which is unlikely enough for a test.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// configText is a minimal configuration that serves c.Root in the
// foreground, keeping every file it writes inside dir. The master process
// is off so that nginx serves as the user running the test, who can read
// t.TempDir(). Types are the few a site needs, with UTF-8 text.
func configText(dir string, c Config) string {
	return fmt.Sprintf(`daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 64; }
http {
  access_log %[1]s/access.log;
  client_body_temp_path %[1]s/tmp/body;
  proxy_temp_path %[1]s/tmp/proxy;
  fastcgi_temp_path %[1]s/tmp/fastcgi;
  uwsgi_temp_path %[1]s/tmp/uwsgi;
  scgi_temp_path %[1]s/tmp/scgi;
  types {
    text/html html;
    text/css css;
    text/javascript js;
    image/svg+xml svg;
    image/png png;
    image/jpeg jpg jpeg;
    image/webp webp;
    application/xml xml;
    application/json json;
    text/plain txt;
  }
  default_type application/octet-stream;
  charset utf-8;
  charset_types text/css text/plain text/javascript application/xml image/svg+xml;
%[4]s
  server {
    listen 127.0.0.1:%[2]d;
    root %[3]s;
    error_page 404 /404.html;
%[5]s
  }
}
`, dir, c.Port, c.Root, c.HTTP, c.Server)
}
