package localtts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitText cuts text into pieces of at most max bytes, at sentence ends
// where it can, else after a comma, else between words, and as a last
// resort between characters. Pieces keep their order and lose only the
// spaces around the cuts.
func splitText(text string, max int) []string {
	var chunks []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			chunks = append(chunks, s)
		}
		cur.Reset()
	}
	for _, s := range sentences(text) {
		if cur.Len()+len(s) > max {
			flush()
		}
		if len(s) > max {
			chunks = append(chunks, splitLong(strings.TrimSpace(s), max)...)
			continue
		}
		cur.WriteString(s)
	}
	flush()
	return chunks
}

// sentences cuts after ".", "!", "?", "…" or ";" followed by a space, and
// after line breaks; each sentence keeps its trailing space.
func sentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		end := i + utf8.RuneLen(r)
		if r == '\n' || strings.ContainsRune(".!?…;", r) && (end == len(text) || isSpaceAt(text, end)) {
			j := end
			for j < len(text) && isSpaceAt(text, j) {
				j++
			}
			if j > start {
				out = append(out, text[start:j])
			}
			start = j
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// splitLong cuts one sentence longer than max.
func splitLong(s string, max int) []string {
	var out []string
	for len(s) > max {
		cut := lastCut(s, max)
		if piece := strings.TrimSpace(s[:cut]); piece != "" {
			out = append(out, piece)
		}
		s = strings.TrimSpace(s[cut:])
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// lastCut is where to cut s so that the first piece fits in max bytes:
// after a comma or colon in the second half of the window, else at the last
// space, else at the last character boundary.
func lastCut(s string, max int) int {
	window := s[:max+1]
	if i := strings.LastIndexAny(window[:max], ",:"); i > 0 && i+1 >= max/2 {
		return i + 1
	}
	if i := strings.LastIndexFunc(window, unicode.IsSpace); i > 0 {
		return i
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if cut == 0 { // max is narrower than the first character
		_, n := utf8.DecodeRuneInString(s)
		return n
	}
	return cut
}
