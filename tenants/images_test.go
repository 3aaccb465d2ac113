package tenants

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"mediaflow/domain"
)

func pngBytes(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func jpegBytes(t testing.TB) []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 8, 8)), nil)
	return b.Bytes()
}

func icoBytes(inner []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, []uint16{0, 1, 1})
	b.Write([]byte{16, 16, 0, 0})
	binary.Write(&b, binary.LittleEndian, []uint16{1, 32})
	binary.Write(&b, binary.LittleEndian, []uint32{uint32(len(inner)), 22})
	b.Write(inner)
	return b.Bytes()
}

// A minimal lossless WebP (1x1) written by hand.
var tinyWebP = []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")

func TestCheckImage(t *testing.T) {
	goodPNG := pngBytes(t, 32, 32)
	cases := []struct {
		name string
		kind ImageKind
		data []byte
		code string
		ext  string
	}{
		{"a PNG logo", KindLogo, goodPNG, "", ".png"},
		{"a JPEG logo", KindLogo, jpegBytes(t), "", ".jpg"},
		{"a WebP logo", KindLogo, tinyWebP, "", ".webp"},
		{"a PNG favicon", KindFavicon, goodPNG, "", ".png"},
		{"an ICO favicon", KindFavicon, icoBytes(goodPNG), "", ".ico"},
		{"a text file named .png", KindLogo, []byte("hello, this is not an image at all"), "unsupported_image_type", ""},
		{"an SVG with a script", KindLogo, []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "unsupported_image_type", ""},
		{"an SVG favicon", KindFavicon, []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), "unsupported_image_type", ""},
		{"an empty file", KindLogo, nil, "file_empty", ""},
		{"a truncated PNG", KindLogo, goodPNG[:len(goodPNG)/2], "image_corrupt", ""},
		{"a PNG header alone", KindLogo, goodPNG[:16], "image_corrupt", ""},
		{"a 3 MB image", KindLogo, append(append([]byte{}, goodPNG...), make([]byte, 3<<20)...), "file_too_large", ""},
		{"a JPEG favicon", KindFavicon, jpegBytes(t), "unsupported_image_type", ""},
		{"an ICO logo", KindLogo, icoBytes(goodPNG), "unsupported_image_type", ""},
		{"an ICO pointing past its end", KindFavicon, icoBytes(goodPNG)[:40], "image_corrupt", ""},
		{"a favicon over 512 KB", KindFavicon, append(append([]byte{}, goodPNG...), make([]byte, 600<<10)...), "file_too_large", ""},
		{"a GIF logo", KindLogo, []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "unsupported_image_type", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			img, err := CheckImage(tc.kind, tc.data)
			if tc.code == "" {
				if err != nil || img.Ext != tc.ext {
					t.Fatalf("CheckImage = %+v, %v; want %s", img, err, tc.ext)
				}
				return
			}
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != tc.code {
				t.Fatalf("CheckImage = %+v, %v; want %s", img, err, tc.code)
			}
		})
	}
}

func FuzzCheckImage(f *testing.F) {
	f.Add(pngBytes(f, 4, 4))
	f.Add(icoBytes(pngBytes(f, 4, 4)))
	f.Add(tinyWebP)
	f.Fuzz(func(t *testing.T, data []byte) {
		CheckImage(KindLogo, data)
		CheckImage(KindFavicon, data)
	})
}
