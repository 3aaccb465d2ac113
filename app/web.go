package app

import (
	"bytes"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"mediaflow/tenants"
)

// fallbackIndex is served when the web app has not been built (go build
// without Node). It honours the same markers as the built index.html, so
// the page is still branded per host.
const fallbackIndex = `<!doctype html>
<html lang="es-CL" data-theme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!--mediaflow:head-->
<style>body{margin:0;font-family:system-ui,sans-serif}header{display:flex;gap:.75rem;align-items:center;padding:.9rem 1.25rem;background:var(--mf-primary);color:var(--mf-on-primary)}header img{width:40px;height:40px}main{padding:1.5rem}</style>
</head>
<body>
<header data-testid="app-header"><img data-testid="tenant-logo" src="/branding/logo" alt=""><strong data-testid="tenant-name" id="name"></strong></header>
<main><p>La aplicación web no está compilada en este binario. Ejecuta <code>npm run build</code> en <code>frontend/</code> y vuelve a compilar.</p></main>
<script>document.getElementById('name').textContent=JSON.parse(document.getElementById('mediaflow-tenant').textContent).tenant_name</script>
</body>
</html>
`

// webApp serves the built front end: hashed assets with long cache headers,
// other files as they are, and index.html, branded per tenant, for every
// client route.
type webApp struct {
	files   fs.FS
	index   []byte
	version string
}

func newWebApp(dist fs.FS, version string) *webApp {
	w := &webApp{files: dist, version: version, index: []byte(fallbackIndex)}
	if b, err := fs.ReadFile(dist, "index.html"); err == nil {
		w.index = b
	}
	return w
}

func (w *webApp) serve(c echo.Context) error {
	p := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
	if strings.HasPrefix(p, "api/") || p == "api" {
		return echo.NewHTTPError(http.StatusNotFound, "no such API endpoint")
	}
	if p != "" && p != "index.html" {
		if st, err := fs.Stat(w.files, p); err == nil && !st.IsDir() {
			if strings.HasPrefix(p, "assets/") {
				c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				c.Response().Header().Set("Cache-Control", "public, max-age=3600")
			}
			http.ServeFileFS(c.Response(), c.Request(), w.files, p)
			return nil
		}
		if strings.HasPrefix(p, "assets/") || path.Ext(p) != "" {
			return echo.NewHTTPError(http.StatusNotFound, "no such file")
		}
	}
	t := tenants.Current(c)
	c.Response().Header().Set("Cache-Control", "no-cache")
	c.Response().Header().Set("Vary", "Host")
	return c.HTMLBlob(http.StatusOK, tenants.RenderIndex(bytes.Clone(w.index), t, w.version))
}
