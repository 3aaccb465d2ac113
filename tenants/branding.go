package tenants

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Branding URLs; the files behind them come from the tenant's storage or
// from the bundled defaults.
const (
	LogoURL    = "/branding/logo"
	FaviconURL = "/branding/favicon"
)

// PublicConfig is the tenant configuration the web app reads, keeping v2.1's
// field names so existing clients go on working.
type PublicConfig struct {
	TenantID             string `json:"tenant_id"`
	TenantName           string `json:"tenant_name"`
	TenantLogo           string `json:"tenant_logo"`
	TenantPrimaryColor   string `json:"tenant_primary_color"`
	TenantSecondaryColor string `json:"tenant_secondary_color"`
	TenantDomain         string `json:"tenant_domain"`
	TenantFavicon        string `json:"tenant_favicon"`
	AppVersion           string `json:"app_version"`
	Theme                string `json:"theme"`
	Locale               string `json:"locale"`
	Timezone             string `json:"timezone"`
	Mode                 string `json:"mode"` // "tenant", or "platform" on the platform console's host
}

// Platform is the pseudo-tenant of the platform console's host: ID 0, no
// slug, MediaFlow's own name and colours. It is never stored.
var Platform = &Tenant{Name: "MediaFlow", Status: StatusActive, PrimaryColor: "#1E293B", SecondaryColor: DefaultPrimaryColor,
	Theme: ThemeLight, Locale: DefaultLocale, TimeZone: DefaultTimeZone}

// IsPlatform reports whether t is the platform console's pseudo-tenant.
func (t *Tenant) IsPlatform() bool { return t.ID == 0 }

// Public returns the tenant's public configuration.
func (t *Tenant) Public(appVersion string) PublicConfig {
	mode := "tenant"
	if t.IsPlatform() {
		mode = "platform"
	}
	return PublicConfig{
		TenantID: t.Slug, TenantName: t.Name, TenantLogo: LogoURL, TenantFavicon: FaviconURL,
		TenantPrimaryColor: t.PrimaryColor, TenantSecondaryColor: t.SecondaryColor,
		TenantDomain: t.PrimaryHost(), AppVersion: appVersion,
		Theme: t.Theme, Locale: t.Locale, Timezone: t.TimeZone, Mode: mode,
	}
}

// Markers in the web app's index.html that RenderIndex replaces.
const (
	headMarker = "<!--mediaflow:head-->"
	htmlMarker = `<html lang="es-CL" data-theme="light">`
)

// RenderIndex brands the web app's index.html for one tenant, so the first
// paint already has the tenant's title, favicon, colours and configuration.
func RenderIndex(index []byte, t *Tenant, appVersion string) []byte {
	cfg, _ := json.Marshal(t.Public(appVersion)) // json.Marshal escapes <, > and & for HTML
	var head strings.Builder
	fmt.Fprintf(&head, "<title>%s</title>\n", html.EscapeString(t.Name))
	fmt.Fprintf(&head, `<link rel="icon" href="%s">`+"\n", FaviconURL)
	fmt.Fprintf(&head, `<meta name="theme-color" content="%s">`+"\n", t.PrimaryColor)
	fmt.Fprintf(&head, "<style>:root{--mf-primary:%s;--mf-secondary:%s;--mf-on-primary:%s;--mf-on-secondary:%s}</style>\n",
		t.PrimaryColor, t.SecondaryColor, OnColor(t.PrimaryColor), OnColor(t.SecondaryColor))
	fmt.Fprintf(&head, `<script id="mediaflow-tenant" type="application/json">%s</script>`, cfg)

	out := bytes.Replace(index, []byte(headMarker), []byte(head.String()), 1)
	tag := fmt.Sprintf(`<html lang="%s" data-theme="%s">`, html.EscapeString(t.Locale), html.EscapeString(t.Theme))
	return bytes.Replace(out, []byte(htmlMarker), []byte(tag), 1)
}

// OnColor returns black or white, whichever reads better on the colour
// #RRGGBB by the WCAG contrast ratio.
func OnColor(hex string) string {
	l := luminance(hex)
	if (l+0.05)/0.05 >= 1.05/(l+0.05) {
		return "#000000"
	}
	return "#FFFFFF"
}

// ContrastRatio returns the WCAG contrast ratio of two #RRGGBB colours.
func ContrastRatio(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) float64 {
	if len(hex) != 7 || hex[0] != '#' {
		return 0
	}
	var rgb [3]float64
	for i := range rgb {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return 0
		}
		c := float64(v) / 255
		if c <= 0.03928 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}

// Initials returns up to two capital letters standing for name, for the
// bundled monogram logo: "Mall Barrio Independencia" gives "MB".
func Initials(name string) string {
	var out []rune
	for _, word := range strings.Fields(name) {
		for _, r := range word {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				out = append(out, unicode.ToUpper(r))
				break
			}
		}
		if len(out) == 2 {
			break
		}
	}
	if len(out) == 0 {
		return "M"
	}
	return string(out)
}
