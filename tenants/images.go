package tenants

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for image.Decode
	_ "image/png"
	"net/http"

	_ "golang.org/x/image/webp"

	"mediaflow/domain"
)

// Limits for branding files.
const (
	MaxLogoBytes    = 2 << 20
	MaxFaviconBytes = 512 << 10
	maxImageSide    = 4096
)

// Image is a checked upload: its real type and the extension to store it under.
type Image struct {
	ContentType string
	Ext         string
	Width       int
	Height      int
}

// ImageKind names what an upload is for.
type ImageKind string

// Branding image kinds.
const (
	KindLogo    ImageKind = "logo"
	KindFavicon ImageKind = "favicon"
)

var (
	errEmptyFile     = domain.Invalid("file_empty", "the file is empty", map[string]string{"file": "choose a file with content"})
	errImageCorrupt  = domain.Invalid("image_corrupt", "the image is damaged or incomplete", map[string]string{"file": "the image could not be read"})
	errImageTooLarge = func(limit int) error {
		return &domain.Error{Kind: domain.KindInvalid, Code: "file_too_large", Message: fmt.Sprintf("the file is larger than %d KB", limit>>10),
			Details: map[string]string{"file": fmt.Sprintf("at most %d KB", limit>>10)}}
	}
	errImageType = func(allowed string) error {
		return &domain.Error{Kind: domain.KindInvalid, Code: "unsupported_image_type", Message: "the file must be " + allowed,
			Details: map[string]string{"file": "must be " + allowed}}
	}
)

// CheckImage validates an upload for kind by its content, never its name:
// a logo is PNG, JPEG or WebP up to 2 MB; a favicon is ICO or PNG up to
// 512 KB. The whole image is decoded, so truncated files are refused.
func CheckImage(kind ImageKind, data []byte) (Image, error) {
	limit, allowed := MaxLogoBytes, "PNG, JPEG or WebP"
	if kind == KindFavicon {
		limit, allowed = MaxFaviconBytes, "ICO or PNG"
	}
	if len(data) == 0 {
		return Image{}, errEmptyFile
	}
	if len(data) > limit {
		return Image{}, errImageTooLarge(limit)
	}
	sniffed := http.DetectContentType(data)
	switch {
	case sniffed == "image/png", kind == KindLogo && (sniffed == "image/jpeg" || sniffed == "image/webp"):
		return decodeRaster(data, sniffed)
	case kind == KindFavicon && isICO(data):
		return checkICO(data)
	default:
		return Image{}, errImageType(allowed)
	}
}

func decodeRaster(data []byte, contentType string) (Image, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxImageSide || cfg.Height > maxImageSide {
		return Image{}, errImageCorrupt
	}
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return Image{}, errImageCorrupt
	}
	ext := map[string]string{"png": ".png", "jpeg": ".jpg", "webp": ".webp"}[format]
	return Image{ContentType: contentType, Ext: ext, Width: cfg.Width, Height: cfg.Height}, nil
}

func isICO(data []byte) bool {
	return len(data) >= 6 && binary.LittleEndian.Uint16(data[0:]) == 0 && binary.LittleEndian.Uint16(data[2:]) == 1
}

// checkICO walks the icon directory and checks every image lies inside the file.
func checkICO(data []byte) (Image, error) {
	count := int(binary.LittleEndian.Uint16(data[4:]))
	if count == 0 || len(data) < 6+16*count {
		return Image{}, errImageCorrupt
	}
	img := Image{ContentType: "image/x-icon", Ext: ".ico"}
	for i := 0; i < count; i++ {
		entry := data[6+16*i:]
		size := binary.LittleEndian.Uint32(entry[8:])
		offset := binary.LittleEndian.Uint32(entry[12:])
		if size == 0 || uint64(offset)+uint64(size) > uint64(len(data)) || offset < uint32(6+16*count) {
			return Image{}, errImageCorrupt
		}
		w, h := int(entry[0]), int(entry[1])
		if w == 0 {
			w = 256
		}
		if h == 0 {
			h = 256
		}
		if w > img.Width {
			img.Width, img.Height = w, h
		}
	}
	return img, nil
}
