package app

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"mediaflow/domain"
	"mediaflow/tenants"
)

const (
	logo    = tenants.KindLogo
	favicon = tenants.KindFavicon
)

type brandingJSON struct {
	Name           string    `json:"name"`
	PrimaryColor   string    `json:"primary_color"`
	SecondaryColor string    `json:"secondary_color"`
	Theme          string    `json:"theme"`
	Locale         string    `json:"locale"`
	Timezone       string    `json:"timezone"`
	LogoURL        string    `json:"logo_url"`
	FaviconURL     string    `json:"favicon_url"`
	CustomLogo     bool      `json:"custom_logo"`
	CustomFavicon  bool      `json:"custom_favicon"`
	UpdatedAt      time.Time `json:"updated_at"`
	Locales        []string  `json:"locales"`
	Themes         []string  `json:"themes"`
}

func toBranding(t *tenants.Tenant) brandingJSON {
	return brandingJSON{Name: t.Name, PrimaryColor: t.PrimaryColor, SecondaryColor: t.SecondaryColor, Theme: t.Theme,
		Locale: t.Locale, Timezone: t.TimeZone, LogoURL: tenants.LogoURL, FaviconURL: tenants.FaviconURL,
		CustomLogo: t.LogoKey != "", CustomFavicon: t.FaviconKey != "", UpdatedAt: t.UpdatedAt,
		Locales: tenants.Locales, Themes: []string{tenants.ThemeLight, tenants.ThemeDark}}
}

// brandingReply answers with the tenant as stored now; the cached snapshot
// of this request predates the change.
func (s *Server) brandingReply(c echo.Context, t *tenants.Tenant) error {
	return c.JSON(http.StatusOK, toBranding(t))
}

func (s *Server) getBranding(c echo.Context) error {
	t, err := s.deps.Tenants.Get(c.Request().Context(), tenants.Current(c).Slug)
	if err != nil {
		return err
	}
	return s.brandingReply(c, t)
}

type brandingPatch struct {
	Name           *string `json:"name"`
	PrimaryColor   *string `json:"primary_color"`
	SecondaryColor *string `json:"secondary_color"`
	Theme          *string `json:"theme"`
	Locale         *string `json:"locale"`
	Timezone       *string `json:"timezone"`
}

func (p brandingPatch) toPatch() tenants.Patch {
	return tenants.Patch{Name: p.Name, PrimaryColor: p.PrimaryColor, SecondaryColor: p.SecondaryColor, Theme: p.Theme, Locale: p.Locale, TimeZone: p.Timezone}
}

func (s *Server) patchBranding(c echo.Context) error {
	var in brandingPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	t, err := s.deps.Tenants.Update(c.Request().Context(), tenants.Current(c).Slug, in.toPatch())
	if err != nil {
		return err
	}
	return s.brandingReply(c, t)
}

func (s *Server) putImage(kind tenants.ImageKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		data, err := readUpload(c, kind)
		if err != nil {
			return err
		}
		t, err := s.deps.Tenants.SetImage(c.Request().Context(), tenants.Current(c).Slug, kind, data)
		if err != nil {
			return err
		}
		return s.brandingReply(c, t)
	}
}

func (s *Server) deleteImage(kind tenants.ImageKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, err := s.deps.Tenants.ClearImage(c.Request().Context(), tenants.Current(c).Slug, kind)
		if err != nil {
			return err
		}
		return s.brandingReply(c, t)
	}
}

// readUpload takes the file from a multipart field "file" or from the raw
// body, reading at most one byte more than the kind allows. The client's
// file name and type are ignored: the content decides.
func readUpload(c echo.Context, kind tenants.ImageKind) ([]byte, error) {
	limit := int64(tenants.MaxLogoBytes)
	if kind == tenants.KindFavicon {
		limit = tenants.MaxFaviconBytes
	}
	req := c.Request()
	var src io.Reader = req.Body
	if mt, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType)); mt == echo.MIMEMultipartForm {
		mr, err := req.MultipartReader()
		if err != nil {
			return nil, domain.Invalid("bad_request", "the upload is not a valid multipart form", nil)
		}
		for {
			part, err := mr.NextPart()
			if err != nil {
				return nil, domain.Invalid("file_empty", "the form has no field named file", map[string]string{"file": "choose a file"})
			}
			if part.FormName() == "file" {
				src = part
				break
			}
		}
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(src, limit+1)); err != nil {
		return nil, domain.Invalid("bad_request", "the upload could not be read", nil)
	}
	return buf.Bytes(), nil
}
