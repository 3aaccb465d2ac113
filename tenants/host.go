package tenants

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// errBadHost is returned for anything that cannot be a host name.
var errBadHost = errors.New("not a valid host name")

// hostProfile converts Unicode host names to their ASCII (punycode) form and
// applies the lookup rules browsers use, so "Café.Example" and
// "xn--caf-dma.example" name the same tenant.
var hostProfile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.StrictDomainName(true),
	idna.ValidateLabels(true),
	idna.VerifyDNSLength(true),
)

// NormalizeHost turns the value of a Host header (or a host typed by an
// operator) into the canonical form stored in tenant_hosts: lower case, no
// port, no trailing dot, IDN in ASCII, IP literals in their canonical form
// without brackets. It never panics; anything else is an error.
func NormalizeHost(raw string) (string, error) {
	h := strings.TrimSpace(raw)
	if h == "" || len(h) > 300 {
		return "", errBadHost
	}
	if strings.HasPrefix(h, "[") {
		return normalizeBracketedIP(h)
	}
	if strings.Count(h, ":") > 1 {
		// A bare IPv6 literal is not a valid Host header, but operators type them.
		return canonicalIP(h)
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		if !validPort(h[i+1:]) {
			return "", errBadHost
		}
		h = h[:i]
	}
	h = strings.TrimSuffix(h, ".")
	if h == "" {
		return "", errBadHost
	}
	if ip, err := netip.ParseAddr(h); err == nil && ip.Is4() {
		return ip.String(), nil
	}
	if plainASCII(h) {
		// Lower-case letters, digits, dots and hyphens without punycode labels
		// are already in their lookup form; skip the costly IDNA mapping.
		if !validHostname(h) {
			return "", errBadHost
		}
		return h, nil
	}
	ascii, err := hostProfile.ToASCII(h)
	if err != nil || !validHostname(ascii) {
		return "", errBadHost
	}
	return ascii, nil
}

func normalizeBracketedIP(h string) (string, error) {
	end := strings.IndexByte(h, ']')
	if end < 0 {
		return "", errBadHost
	}
	rest := h[end+1:]
	if rest != "" && (rest[0] != ':' || !validPort(rest[1:])) {
		return "", errBadHost
	}
	return canonicalIP(h[1:end])
}

func canonicalIP(s string) (string, error) {
	ip, err := netip.ParseAddr(s)
	if err != nil || ip.Zone() != "" {
		return "", errBadHost
	}
	return ip.Unmap().String(), nil
}

func validPort(p string) bool {
	if p == "" {
		return true // "host:" is accepted by browsers and proxies alike
	}
	n, err := strconv.Atoi(p)
	return err == nil && n > 0 && n <= 65535 && p[0] != '+' && p[0] != '-'
}

func plainASCII(h string) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return !strings.HasPrefix(h, "xn--") && !strings.Contains(h, ".xn--")
}

// validHostname checks RFC 1123 syntax on an already lower-cased ASCII name.
func validHostname(h string) bool {
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
