package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"mediaflow/assets"
	"mediaflow/domain/audit"
	"mediaflow/domain/studio"
	"mediaflow/infra/localtts"
	"mediaflow/tenants"
)

// defaultCategories are offered to every new tenant.
var defaultCategories = []studio.Category{
	{Name: "Promociones", Icon: "🏷️", Color: "#E91E63", SortOrder: 1},
	{Name: "Operaciones", Icon: "🛠️", Color: "#0EA5E9", SortOrder: 2},
	{Name: "Informativos", Icon: "📣", Color: "#22C55E", SortOrder: 3},
}

// provisioner gives new tenants their starting voices, sounds and categories.
type provisioner struct {
	Studio      *studio.Service
	Engine      studio.Engine
	LocalVoices *localtts.Engine
	Log         *slog.Logger
}

// ProvisionTenant gives a tenant what it needs to render its first spot:
// the local voices of this machine, the bundled beds and chimes, and a few
// categories. It only adds what is missing, so it runs at every start.
func (a *App) ProvisionTenant(ctx context.Context, t *tenants.Tenant) error {
	return provisioner{a.Studio, a.Engine, a.LocalVoices, a.Log}.provision(ctx, t)
}

func (a provisioner) provision(ctx context.Context, t *tenants.Tenant) error {
	ctx = audit.WithActor(ctx, audit.Actor{Label: "system"})
	voices, err := a.Studio.Voices(ctx, t.ID)
	if err != nil {
		return err
	}
	if len(voices) == 0 {
		for i, v := range a.LocalVoices.Voices() {
			if !strings.HasPrefix(v.Language, "es") {
				continue
			}
			voice := &studio.Voice{TenantID: t.ID, Provider: studio.ProviderLocal, ProviderVoiceID: v.ID, Name: v.Name,
				Gender: genderLetter(v.Gender), Accent: v.Language, Description: "Voz local (" + v.Engine + ")",
				Stability: 50, Similarity: 75, SpeakerBoost: true, Speed: 1, IsDefault: i == 0, SortOrder: i + 1, Active: true}
			if err := a.Studio.SaveVoice(ctx, voice); err != nil {
				return fmt.Errorf("add local voice %s: %w", v.ID, err)
			}
		}
	}
	bundled, err := a.bundled(ctx)
	if err == nil {
		err = a.Studio.SeedBundled(ctx, t.ID, bundled)
	}
	if err != nil {
		a.Log.Warn("bundled sounds not added; they will be retried at the next start", slog.String("tenant", t.Slug), slog.String("error", err.Error()))
	}
	categories, err := a.Studio.Categories(ctx, t.ID)
	if err != nil || len(categories) > 0 {
		return err
	}
	for _, c := range defaultCategories {
		c.TenantID = t.ID
		if err := a.Studio.SaveCategory(ctx, &c); err != nil {
			return err
		}
	}
	return nil
}

var (
	bundledOnce   sync.Mutex
	bundledSounds []studio.Bundled
)

// bundled returns the bundled sounds, measured once per process so each
// new tenant gets them without running FFmpeg again.
func (a provisioner) bundled(ctx context.Context) ([]studio.Bundled, error) {
	bundledOnce.Lock()
	defer bundledOnce.Unlock()
	if bundledSounds != nil {
		return bundledSounds, nil
	}
	dir, err := os.MkdirTemp("", "mediaflow-bundled-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var out []studio.Bundled
	for i, s := range assets.Sounds() {
		path := filepath.Join(dir, fmt.Sprintf("%d.mp3", i))
		if err := os.WriteFile(path, s.Data, 0o600); err != nil {
			return nil, err
		}
		level, err := a.Engine.Measure(ctx, path)
		if err != nil {
			return nil, fmt.Errorf("measure bundled %s: %w", s.Name, err)
		}
		out = append(out, studio.Bundled{Kind: s.Kind, Name: s.Name, Mood: s.Mood, Data: s.Data, Level: &level})
	}
	bundledSounds = out
	return out, nil
}

func genderLetter(g string) string {
	switch strings.ToLower(g) {
	case "male", "m":
		return "M"
	case "female", "f":
		return "F"
	}
	return ""
}

// provisionAll provisions every tenant, logging the ones that fail.
func (a *App) provisionAll(ctx context.Context) error {
	list, err := a.Tenants.List(ctx)
	if err != nil {
		return err
	}
	for i := range list {
		if err := a.ProvisionTenant(ctx, &list[i]); err != nil {
			a.Log.Error("provision tenant", slog.String("tenant", list[i].Slug), slog.String("error", err.Error()))
		}
	}
	return nil
}
