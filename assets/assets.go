// Package assets bundles the files MediaFlow ships with: default branding,
// and later chimes, music beds and the authorization model.
package assets

import (
	"bytes"
	"embed"
	"text/template"
)

//go:embed branding authz audio/beds/*.mp3 audio/chimes/*.mp3
var files embed.FS

var branding = template.Must(template.ParseFS(files, "branding/*.svg.tmpl"))

// Monogram holds what the default logo and favicon show.
type Monogram struct {
	Initials   string
	Background string // #RRGGBB
	Foreground string // #RRGGBB
}

// DefaultLogo renders the bundled logo: the tenant's initials on its colour.
func DefaultLogo(m Monogram) []byte { return render("logo.svg.tmpl", m) }

// DefaultFavicon renders the bundled favicon in the same style.
func DefaultFavicon(m Monogram) []byte { return render("favicon.svg.tmpl", m) }

func render(name string, m Monogram) []byte {
	var b bytes.Buffer
	if err := branding.ExecuteTemplate(&b, name, m); err != nil {
		panic("render bundled " + name + ": " + err.Error()) // the templates are fixed at build time
	}
	return b.Bytes()
}

// AuthzModel returns the Casbin model that maps roles to permissions.
func AuthzModel() string {
	b, err := files.ReadFile("authz/model.conf")
	if err != nil {
		panic("read bundled authz model: " + err.Error())
	}
	return string(b)
}

// Sound is a music bed or chime that ships with the product; we made them
// ourselves, so every tenant may use them.
type Sound struct {
	Kind string // "bed" or "chime"
	Name string
	Mood string
	Data []byte
}

var bundledSounds = []struct{ kind, file, name, mood string }{
	{"bed", "audio/beds/calm-pads.mp3", "Calma", "tranquila"},
	{"bed", "audio/beds/bright-pulse.mp3", "Pulso brillante", "alegre"},
	{"chime", "audio/chimes/ding-dong.mp3", "Ding dong", ""},
	{"chime", "audio/chimes/soft-bell.mp3", "Campana suave", ""},
}

// Sounds returns the bundled beds and chimes.
func Sounds() []Sound {
	out := make([]Sound, 0, len(bundledSounds))
	for _, b := range bundledSounds {
		data, err := files.ReadFile(b.file)
		if err != nil {
			panic("read bundled sound: " + err.Error())
		}
		out = append(out, Sound{Kind: b.kind, Name: b.name, Mood: b.mood, Data: data})
	}
	return out
}
