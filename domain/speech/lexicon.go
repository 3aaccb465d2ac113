package speech

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// lexEntry is one lexicon key, lower-cased rune by rune.
type lexEntry struct {
	key                []rune
	orig               string // the key as cleaned: keys that differ only in case prefer an exact match
	say                string
	wordStart, wordEnd bool // the key starts (ends) with a letter or digit
}

// lexicon indexes the entries by their first rune, longest key first.
type lexicon map[rune][]lexEntry

func compileLexicon(l Lexicon) lexicon {
	if len(l) == 0 {
		return nil
	}
	lx := make(lexicon, len(l))
	for k, v := range l {
		ck := clean(k)
		if ck == "" {
			continue
		}
		rs := []rune(ck)
		for i, r := range rs {
			rs[i] = unicode.ToLower(r)
		}
		lx[rs[0]] = append(lx[rs[0]], lexEntry{
			key:       rs,
			orig:      ck,
			say:       clean(v),
			wordStart: isWordRune(rs[0]),
			wordEnd:   isWordRune(rs[len(rs)-1]),
		})
	}
	for _, es := range lx {
		sort.Slice(es, func(a, b int) bool {
			if len(es[a].key) != len(es[b].key) {
				return len(es[a].key) > len(es[b].key)
			}
			return es[a].orig < es[b].orig
		})
	}
	return lx
}

// match finds the longest key at byte i of s, as a whole word; prev is the
// rune before i (-1 at the start). Of keys that differ only in case, the
// one written exactly as in s wins, else the first in byte order.
func (lx lexicon) match(s string, i int, prev rune) (end int, say string, ok bool) {
	r, _ := utf8.DecodeRuneInString(s[i:])
	es := lx[unicode.ToLower(r)]
	if len(es) == 0 {
		return 0, "", false
	}
	afterWord := prev >= 0 && isWordRune(prev)
next:
	for _, e := range es {
		if e.wordStart && afterWord {
			continue
		}
		j := i
		for _, kr := range e.key {
			if j >= len(s) {
				continue next
			}
			c, size := utf8.DecodeRuneInString(s[j:])
			if unicode.ToLower(c) != kr {
				continue next
			}
			j += size
		}
		if e.wordEnd && j < len(s) {
			if c, _ := utf8.DecodeRuneInString(s[j:]); isWordRune(c) {
				continue
			}
		}
		if s[i:j] != e.orig {
			// an exact-case twin among the keys of the same length wins
			for _, e2 := range es {
				if len(e2.key) == len(e.key) && e2.orig == s[i:j] {
					return j, e2.say, true
				}
			}
		}
		return j, e.say, true
	}
	return 0, "", false
}
