package app

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// runCLI runs the command line in-process against the configuration in the
// environment and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(append([]string{"--env-file", ""}, args...), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestTenantCommands(t *testing.T) {
	t.Setenv("DATA_DIR", t.TempDir())
	t.Setenv("APP_ENV", "test")

	code, _, stderr := runCLI(t, "tenant", "list")
	if code != 1 || !strings.Contains(stderr, "pending migration") || !strings.Contains(stderr, "mediaflow migrate up") {
		t.Fatalf("list before migrating: code %d stderr %s", code, stderr)
	}
	if code, out, _ := runCLI(t, "migrate", "status"); code != 0 || !strings.Contains(out, "202612030001_create_tenants   pending") {
		t.Fatalf("status: code %d out %s", code, out)
	}
	if code, out, _ := runCLI(t, "migrate", "up"); code != 0 || !strings.Contains(out, "applied 4 migration") {
		t.Fatalf("up: code %d out %s", code, out)
	}

	steps := []struct {
		name     string
		args     []string
		code     int
		contains []string
	}{
		{"create works as the README shows", []string{"tenant", "create", "--slug", "mallbarrio", "--name", "Mall Barrio Independencia",
			"--host", "mallbarrio.localhost", "--primary-color", "#E91E63", "--secondary-color", "#9C27B0"}, 0,
			[]string{"mallbarrio", "Mall Barrio Independencia", "#E91E63", "mallbarrio.localhost (primary)", "America/Santiago"}},
		{"a second tenant", []string{"tenant", "create", "--slug", "demo", "--name", "Demo", "--host", "demo.localhost"}, 0, []string{"#4F46E5"}},
		{"a duplicate slug is refused", []string{"tenant", "create", "--slug", "demo", "--name", "X", "--host", "x.localhost"}, 1,
			[]string{"tenant_exists"}},
		{"bad fields are listed one per line", []string{"tenant", "create", "--slug", "Bad Slug", "--name", "X", "--host", "x.localhost",
			"--primary-color", "pink", "--timezone", "Nowhere/City"}, 1,
			[]string{"invalid_tenant", "  primary_color: must be a colour", "  slug: ", "  timezone: "}},
		{"missing required flags are named", []string{"tenant", "create", "--slug", "x"}, 1, []string{`"host"`, `"name"`}},
		{"list shows both", []string{"tenant", "list"}, 0, []string{"demo", "mallbarrio", "mallbarrio.localhost"}},
		{"update changes only the given fields", []string{"tenant", "update", "mallbarrio", "--primary-color", "#00aa55"}, 0,
			[]string{"#00AA55", "#9C27B0", "Mall Barrio Independencia"}},
		{"update without fields says what to give", []string{"tenant", "update", "mallbarrio"}, 1, []string{"nothing_to_update"}},
		{"an unknown tenant is not found", []string{"tenant", "show", "nope"}, 1, []string{"tenant_not_found"}},
		{"suspend", []string{"tenant", "suspend", "demo"}, 0, []string{"suspended"}},
		{"resume", []string{"tenant", "resume", "demo"}, 0, []string{"active"}},
		{"add an alias host", []string{"tenant", "add-host", "mallbarrio", "WWW.MallBarrio.cl"}, 0, []string{"www.mallbarrio.cl"}},
		{"a host of another tenant is refused", []string{"tenant", "add-host", "demo", "www.mallbarrio.cl"}, 1, []string{"host_taken"}},
		{"make the alias primary", []string{"tenant", "add-host", "mallbarrio", "www.mallbarrio.cl", "--primary"}, 0,
			[]string{"www.mallbarrio.cl (primary)"}},
		{"remove the old host", []string{"tenant", "remove-host", "mallbarrio", "mallbarrio.localhost"}, 0, []string{"www.mallbarrio.cl (primary)"}},
		{"the last host stays", []string{"tenant", "remove-host", "mallbarrio", "www.mallbarrio.cl"}, 1, []string{"last_host"}},
		{"wrong argument count is a usage error", []string{"tenant", "show"}, 1, []string{"accepts 1 arg"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, s.args...)
			if code != s.code {
				t.Fatalf("exit %d, want %d\nstdout %s\nstderr %s", code, s.code, out, errOut)
			}
			mustContain(t, out+errOut, s.contains...)
		})
	}

	t.Run("show --json is machine-readable", func(t *testing.T) {
		_, out, _ := runCLI(t, "tenant", "show", "mallbarrio", "--json")
		var got tenantJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil || got.PrimaryHost != "www.mallbarrio.cl" || got.PrimaryColor != "#00AA55" {
			t.Fatalf("%v: %s", err, out)
		}
	})
	t.Run("migrate down rolls back", func(t *testing.T) {
		if code, out, _ := runCLI(t, "migrate", "down"); code != 0 || !strings.Contains(out, "rolled back 202612030004_create_on_air") {
			t.Fatalf("code %d out %s", code, out)
		}
		if code, out, _ := runCLI(t, "migrate", "down"); code != 0 || !strings.Contains(out, "rolled back 202612030003_create_studio") {
			t.Fatalf("code %d out %s", code, out)
		}
		if code, out, _ := runCLI(t, "migrate", "down"); code != 0 || !strings.Contains(out, "rolled back 202612030002_create_accounts") {
			t.Fatalf("code %d out %s", code, out)
		}
		if code, out, _ := runCLI(t, "migrate", "down"); code != 0 || !strings.Contains(out, "rolled back 202612030001_create_tenants") {
			t.Fatalf("code %d out %s", code, out)
		}
		if _, out, _ := runCLI(t, "migrate", "down"); !strings.Contains(out, "nothing to roll back") {
			t.Fatalf("out %s", out)
		}
	})
}

func TestConfigErrorsStopCommands(t *testing.T) {
	t.Setenv("DATA_DIR", t.TempDir())
	t.Setenv("PORT", "not-a-port")
	code, _, stderr := runCLI(t, "migrate", "status")
	if code != 1 || !strings.Contains(stderr, "PORT") {
		t.Fatalf("code %d stderr %s", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	if code, out, _ := runCLI(t, "version"); code != 0 || out != "mediaflow "+Version+"\n" {
		t.Fatalf("code %d out %q", code, out)
	}
}
