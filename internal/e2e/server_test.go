package e2e

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

// freePort asks the kernel for a free loopback port. Another process could
// take it before nginx binds it, which is unlikely enough for a test.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// nginxConf is a minimal configuration that serves root on 127.0.0.1:port
// in the foreground, keeping every file it writes inside dir. The master
// process is off so that nginx serves as the user running the test, who can
// read t.TempDir(). Each language prefix ("/en") gets its own 404 page.
func nginxConf(dir, root string, port int, langPrefixes []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `daemon off;
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
  server {
    listen 127.0.0.1:%[2]d;
    root %[3]s;
    error_page 404 /404.html;
`, dir, port, root)
	for _, p := range langPrefixes {
		fmt.Fprintf(&b, "    location %[1]s/ { error_page 404 %[1]s/404.html; }\n", p)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// startNginx serves root at http://127.0.0.1:port/ until the test ends.
func startNginx(t *testing.T, nginx, root string, port int, langPrefixes []string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(nginxConf(dir, root, port, langPrefixes)), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	// -e sends the messages of start-up to our log, not to /var/log/nginx.
	cmd := exec.CommandContext(ctx, nginx, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log"))
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

	url := fmt.Sprintf("http://127.0.0.1:%d/", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-exited:
			exited <- err // for the cleanup
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx stopped at start-up: %v\n%s%s", err, out.String(), log)
		default:
		}
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not answer at %s within 10 s: %v", url, errors.Unwrap(err))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
