package tenants

import "testing"

func TestNormalizeHost(t *testing.T) {
	cases := []struct {
		name, in, want string
		ok             bool
	}{
		{"a plain host stays as it is", "demo.localhost", "demo.localhost", true},
		{"upper case is folded", "Demo.LocalHost", "demo.localhost", true},
		{"a port is dropped", "demo.localhost:8080", "demo.localhost", true},
		{"an empty port is dropped", "demo.localhost:", "demo.localhost", true},
		{"a trailing dot is dropped", "mbi.mediaflow.cl.", "mbi.mediaflow.cl", true},
		{"a trailing dot before the port is dropped", "mbi.mediaflow.cl.:443", "mbi.mediaflow.cl", true},
		{"surrounding spaces are trimmed", "  demo.localhost ", "demo.localhost", true},
		{"an IDN becomes punycode", "café.cl", "xn--caf-dma.cl", true},
		{"an upper-case IDN becomes punycode", "CAFÉ.cl:80", "xn--caf-dma.cl", true},
		{"punycode stays punycode", "xn--caf-dma.cl", "xn--caf-dma.cl", true},
		{"an IPv4 literal is kept", "127.0.0.1:8080", "127.0.0.1", true},
		{"a bracketed IPv6 literal loses its brackets", "[::1]:8080", "::1", true},
		{"an IPv6 literal is canonicalised", "[0:0:0:0:0:0:0:1]", "::1", true},
		{"a bare IPv6 literal is accepted", "2001:DB8::1", "2001:db8::1", true},
		{"an IPv4-mapped IPv6 literal becomes IPv4", "[::ffff:10.0.0.1]", "10.0.0.1", true},
		{"a single label is a host", "localhost", "localhost", true},
		{"empty is refused", "", "", false},
		{"only a port is refused", ":8080", "", false},
		{"only a dot is refused", ".", "", false},
		{"a non-numeric port is refused", "demo.localhost:http", "", false},
		{"a port out of range is refused", "demo.localhost:70000", "", false},
		{"a negative port is refused", "demo.localhost:-1", "", false},
		{"an empty label is refused", "demo..localhost", "", false},
		{"a label starting with a hyphen is refused", "-demo.localhost", "", false},
		{"an underscore is refused", "my_mall.cl", "", false},
		{"a slash is refused", "demo.localhost/evil", "", false},
		{"an at sign is refused", "user@demo.localhost", "", false},
		{"a space inside is refused", "demo localhost", "", false},
		{"an unclosed bracket is refused", "[::1", "", false},
		{"garbage after a bracket is refused", "[::1]x", "", false},
		{"an IPv6 zone is refused", "[fe80::1%eth0]", "", false},
		{"a label over 63 characters is refused", "a234567890123456789012345678901234567890123456789012345678901234.cl", "", false},
		{"a name over 253 characters is refused", longHost(), "", false},
		{"a control character is refused", "demo\x00.localhost", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NormalizeHost(tc.in)
			if tc.ok && (err != nil || got != tc.want) {
				t.Fatalf("NormalizeHost(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			if !tc.ok && err == nil {
				t.Fatalf("NormalizeHost(%q) = %q, want an error", tc.in, got)
			}
		})
	}
}

func longHost() string {
	s := ""
	for len(s) < 260 {
		s += "abcdefghi."
	}
	return s + "cl"
}

func FuzzNormalizeHost(f *testing.F) {
	for _, seed := range []string{"demo.localhost:8080", "[::1]:80", "café.cl.", "", ":", "[", "a..b", "xn--", "1.2.3.4"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := NormalizeHost(in)
		if err != nil {
			return
		}
		again, err := NormalizeHost(out)
		if err != nil || again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", in, out, again, err)
		}
	})
}
