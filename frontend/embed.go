// Package frontend embeds the built web app. Until `npm run build` has run,
// dist holds only a placeholder and the server falls back to a minimal shell,
// so `go build` and `go test` work without Node.
package frontend

import "embed"

// Dist is the content of frontend/dist.
//
//go:embed all:dist
var Dist embed.FS
