package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/nginxtest"
)

func freePort(t *testing.T) int { return nginxtest.FreePort(t) }

// startNginx serves root at http://127.0.0.1:port/ until the test ends.
// Each language prefix ("/en") gets its own 404 page; includes are files
// included in the server block, such as the nginx-headers.conf a build
// writes.
func startNginx(t *testing.T, root string, port int, langPrefixes []string, includes ...string) {
	t.Helper()
	var server strings.Builder
	for _, f := range includes {
		fmt.Fprintf(&server, "    include %s;\n", f)
	}
	for _, p := range langPrefixes {
		fmt.Fprintf(&server, "    location %[1]s/ { error_page 404 %[1]s/404.html; }\n", p)
	}
	nginxtest.Start(t, nginxtest.Config{Root: root, Port: port, Server: server.String()})
}
