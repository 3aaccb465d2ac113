package speech

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lexicon maps a written word or phrase (matched case-insensitively as whole
// words) to how it is spoken, e.g. "Hyundai" → "jiundái", "MBI" → "eme be i".
type Lexicon map[string]string

// Options tune Normalize for one tenant.
type Options struct {
	Lexicon Lexicon
}

// Normalize returns text rewritten for a Spanish TTS voice. It never panics
// and always returns text (for empty input, empty output).
func Normalize(text string, opts Options) (out string) {
	defer func() {
		if recover() != nil {
			// A bug in a rule must not cost the announcement: fall back to
			// the text as written, with its whitespace tidied.
			out = clean(text)
		}
	}()
	return normalize(text, opts)
}

// normalize is Normalize without the safety net, so that the fuzz test sees
// panics.
func normalize(text string, opts Options) string {
	s := clean(text)
	if s == "" {
		return ""
	}
	n := normalizer{t: tokenize(s, compileLexicon(opts.Lexicon))}
	n.w.b.Grow(len(s) * 2)
	for i := 0; i < len(n.t); {
		j := n.step(i)
		if j <= i { // every rule consumes at least one token; this is a guard
			n.w.raw(n.t[i].s)
			j = i + 1
		}
		i = j
	}
	return clean(n.w.b.String())
}

// clean turns invalid UTF-8, control characters and runs of whitespace
// (line breaks included) into single spaces and trims both ends.
func clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 || unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isWordRune: letters, digits and combining marks make up words; a lexicon
// entry or a rule's output never splits them.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// ---------------------------------------------------------------------------
// Tokens

type kind uint8

const (
	kNone  kind = iota // past either end
	kSpace             // one space (the text is cleaned first)
	kWord              // a run of letters
	kNum               // a run of ASCII digits
	kSym               // any other single rune
	kDone              // a lexicon replacement, final
)

type token struct {
	k kind
	s string
}

// isLetter: º and ª are letters to Unicode but ordinal marks here.
func isLetter(r rune) bool {
	return unicode.IsLetter(r) && r != 'º' && r != 'ª'
}

func tokenize(s string, lx lexicon) []token {
	toks := make([]token, 0, len(s)/3+4)
	start, cur := 0, kNone
	prev := rune(-1)
	for i := 0; i < len(s); {
		if lx != nil {
			if end, say, ok := lx.match(s, i, prev); ok {
				if cur != kNone {
					toks = append(toks, token{cur, s[start:i]})
					cur = kNone
				}
				toks = append(toks, token{kDone, say})
				prev, _ = utf8.DecodeLastRuneInString(s[i:end])
				i, start = end, end
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		var k kind
		switch {
		case r == ' ':
			k = kSpace
		case r >= '0' && r <= '9':
			k = kNum
		case isLetter(r), cur == kWord && unicode.IsMark(r):
			k = kWord
		default:
			k = kSym
		}
		if k != cur || k == kSym || k == kSpace {
			if cur != kNone {
				toks = append(toks, token{cur, s[start:i]})
			}
			cur, start = k, i
		}
		prev = r
		i += size
	}
	if cur != kNone {
		toks = append(toks, token{cur, s[start:]})
	}
	return toks
}

// ---------------------------------------------------------------------------
// Output

// writer puts a space between a rule's words and any letter or digit that
// touches them, and nowhere else, so that punctuation stays attached.
type writer struct {
	b   strings.Builder
	sep bool // the last write was a rule's words
}

func (w *writer) raw(s string) {
	if s == "" {
		return
	}
	if w.sep {
		if r, _ := utf8.DecodeRuneInString(s); isWordRune(r) {
			w.b.WriteByte(' ')
		}
		w.sep = false
	}
	w.b.WriteString(s)
}

func (w *writer) words(s string) {
	if s == "" {
		return
	}
	if r, _ := utf8.DecodeLastRuneInString(w.b.String()); isWordRune(r) {
		w.b.WriteByte(' ')
	}
	w.b.WriteString(s)
	w.sep = true
}

// ---------------------------------------------------------------------------
// The rules

type normalizer struct {
	t []token
	w writer
}

func (n *normalizer) at(i int) token {
	if i < 0 || i >= len(n.t) {
		return token{}
	}
	return n.t[i]
}

func (n *normalizer) kind(i int) kind    { return n.at(i).k }
func (n *normalizer) isNum(i int) bool   { return n.kind(i) == kNum }
func (n *normalizer) isWord(i int) bool  { return n.kind(i) == kWord }
func (n *normalizer) isSpace(i int) bool { return n.kind(i) == kSpace }

// alnum: token i is a letter or digit run, so a pattern ending just before
// it would cut a word in two.
func (n *normalizer) alnum(i int) bool {
	k := n.kind(i)
	return k == kWord || k == kNum
}

// sym: token i is one of the runes in set.
func (n *normalizer) sym(i int, set string) bool {
	t := n.at(i)
	if t.k != kSym {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.s)
	return strings.ContainsRune(set, r)
}

func (n *normalizer) lower(i int) string {
	t := n.at(i)
	if t.k != kWord {
		return ""
	}
	return strings.ToLower(t.s)
}

func (n *normalizer) skipSpace(i int) int {
	if n.isSpace(i) {
		return i + 1
	}
	return i
}

// prevWord is the lower-cased word just before token i ("las" in "a las 21").
func (n *normalizer) prevWord(i int) string {
	if n.isSpace(i - 1) {
		return n.lower(i - 2)
	}
	return ""
}

// nextWord is the word after token j-1 (as written), or "".
func (n *normalizer) nextWord(j int) string {
	if n.isSpace(j) && n.isWord(j+1) {
		return n.t[j+1].s
	}
	return ""
}

// sentenceStartsAt: what follows a period at token m-1 begins a new
// sentence (a space then a capital, ¿ or ¡). At the end of the text the
// period would add no pause, so it goes with the abbreviation.
func (n *normalizer) sentenceStartsAt(m int) bool {
	if !n.isSpace(m) {
		return false
	}
	t := n.at(m + 1)
	switch t.k {
	case kWord:
		r, _ := utf8.DecodeRuneInString(t.s)
		return unicode.IsUpper(r)
	case kSym:
		return n.sym(m+1, "¿¡")
	}
	return false
}

// abbrevPeriod consumes the period of an abbreviation at token k, if any;
// keep says that the period also ends the sentence and must be written.
func (n *normalizer) abbrevPeriod(k int, sentence bool) (end int, keep bool) {
	if n.sym(k, ".") {
		return k + 1, sentence && n.sentenceStartsAt(k+1)
	}
	return k, false
}

func (n *normalizer) step(i int) int {
	t := n.t[i]
	switch t.k {
	case kDone:
		n.w.words(t.s)
		return i + 1
	case kSpace:
		n.w.raw(" ")
		return i + 1
	case kWord:
		return n.word(i)
	case kNum:
		return n.number(i)
	}
	return n.symbol(i)
}

// rawRun writes token i and the letter and digit runs glued to it ("MP3").
func (n *normalizer) rawRun(i int) int {
	n.w.raw(n.t[i].s)
	j := i + 1
	for n.alnum(j) {
		n.w.raw(n.t[j].s)
		j++
	}
	return j
}

// ---------------------------------------------------------------------------
// Words

func (n *normalizer) word(i int) int {
	if j, ok := n.plate(i); ok {
		return j
	}
	if j, ok := n.currencyPrefix(i); ok {
		return j
	}
	if j, ok := n.numberSign(i); ok {
		return j
	}
	if j, ok := n.slashAbbreviation(i); ok {
		return j
	}
	if e, u, ok := n.unitAt(i); ok && u.compound {
		end, keep := n.abbrevPeriod(e, true)
		n.w.words(u.many)
		if keep {
			n.w.raw(".")
		}
		return end
	}
	if j, ok := n.abbreviation(i); ok {
		return j
	}
	return n.rawRun(i)
}

// plateLetters: s is 2 or 4 ASCII letters of one case.
func plateLetters(s string) (upper, ok bool) {
	if len(s) != 2 && len(s) != 4 {
		return false, false
	}
	up, low := true, true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z':
			low = false
		case c >= 'a' && c <= 'z':
			up = false
		default:
			return false, false
		}
	}
	return up, up || low
}

// plateSep: 0 nothing, 1 a space, 2 a mark (- · . •) between plate parts.
func (n *normalizer) plateSep(j int) int {
	switch {
	case n.isSpace(j):
		return 1
	case n.sym(j, "-‐‑·•∙."):
		return 2
	}
	return 0
}

// plate spells a Chilean licence plate: two letters and four digits (old)
// or four letters and two digits (new), written "AB1234", "AB-1234",
// "AB 12 34", "AB·12·34", "BCDF12", "BCDF-12", "BC-DF-12", "BC·DF·12",
// "BC DF 12". Compact and space-separated plates must be in capitals;
// space-separated ones that could be prose ("PISO 12", "EN 2026") must use
// the consonants of real plates.
func (n *normalizer) plate(i int) (int, bool) {
	w := n.t[i].s
	up, ok := plateLetters(w)
	if !ok || n.alnum(i-1) {
		return 0, false
	}
	letters, digits := w, ""
	spaced, marked, consonants := false, false, false
	j := i + 1
	sep := func() {
		switch n.plateSep(j) {
		case 1:
			spaced = true
			j++
		case 2:
			marked = true
			j++
		}
	}
	num := func(l int) bool { return n.isNum(j) && len(n.t[j].s) == l }
	sep()
	switch {
	case len(w) == 4 && num(2): // BCDF12, BCDF-12, BCDF 12
		digits = n.t[j].s
		j++
		consonants = spaced
	case len(w) == 4:
		return 0, false
	case n.isWord(j): // BC-DF-12, BC DF 12
		up2, ok := plateLetters(n.t[j].s)
		if !ok || len(n.t[j].s) != 2 || up2 != up {
			return 0, false
		}
		letters += n.t[j].s
		j++
		sep()
		if !num(2) {
			return 0, false
		}
		digits = n.t[j].s
		j++
		consonants = spaced
	case num(4): // AB1234, AB-1234, AB 1234
		digits = n.t[j].s
		j++
		consonants = spaced
	case num(2): // AB 12 34, AB·12·34
		digits = n.t[j].s
		j++
		sep()
		if !num(2) {
			return 0, false
		}
		digits += n.t[j].s
		j++
	default:
		return 0, false
	}
	if n.alnum(j) || n.plateSep(j) == 2 && n.alnum(j+1) {
		return 0, false
	}
	if !up && (spaced || !marked) {
		return 0, false
	}
	if consonants && strings.Trim(strings.ToUpper(letters), plateConsonants) != "" {
		return 0, false
	}
	var b strings.Builder
	for k := 0; k < len(letters); k++ {
		c := letters[k]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		sp(&b)
		b.WriteString(letterNames[c])
	}
	sp(&b)
	b.WriteString(digitWords(digits))
	n.w.words(b.String())
	return j, true
}

// currencyPrefix: "US$ 20", "USD 20", "CLP 5.000", "CLP$ 5.000", "EUR 10".
func (n *normalizer) currencyPrefix(i int) (int, bool) {
	w := n.t[i].s
	if w == "US" && n.sym(i+1, "$") {
		return n.price(i+2, dollars)
	}
	c, ok := currencyCodes[w]
	if !ok {
		return 0, false
	}
	j := i + 1
	if n.sym(j, "$") {
		j++
	}
	return n.price(j, c)
}

// numberSign: "N° 5", "Nº 5", "n° 5", "N.º 5", "Nro. 5", "Núm. 5" → "número cinco".
func (n *normalizer) numberSign(i int) (int, bool) {
	switch n.lower(i) {
	case "n":
		j := i + 1
		if n.sym(j, ".") && n.sym(j+1, "º°") {
			j++
		}
		if !n.sym(j, "º°") {
			return 0, false
		}
		n.w.words("número")
		return j + 1, true
	case "nro", "núm":
		j := i + 1
		if n.sym(j, ".") {
			j++
		} else if n.lower(i) != "nro" || n.isNum(j) {
			return 0, false
		}
		n.w.words("número")
		return j, true
	}
	return 0, false
}

// slashAbbreviation: "c/u" → "cada uno", "s/n" → "sin número".
func (n *normalizer) slashAbbreviation(i int) (int, bool) {
	if !n.sym(i+1, "/") || !n.isWord(i+2) || n.alnum(i+3) {
		return 0, false
	}
	switch n.lower(i) + "/" + n.lower(i+2) {
	case "c/u":
		n.w.words("cada uno")
	case "s/n":
		n.w.words("sin número")
	default:
		return 0, false
	}
	return i + 3, true
}

func (n *normalizer) abbreviation(i int) (int, bool) {
	a, ok := abbreviations[n.lower(i)]
	if !ok || n.isNum(i+1) {
		return 0, false
	}
	if n.sym(i+1, ".") {
		end, keep := n.abbrevPeriod(i+1, a.sentence)
		n.w.words(a.say)
		if keep {
			n.w.raw(".")
		}
		return end, true
	}
	if a.needDot {
		return 0, false
	}
	n.w.words(a.say)
	return i + 1, true
}

// unitAt reads a unit of measure starting at token k: "kg", "m2", "m²",
// "km/h", "hrs". It returns the token after it (before any period).
func (n *normalizer) unitAt(k int) (int, unit, bool) {
	if !n.isWord(k) {
		return 0, unit{}, false
	}
	w := n.t[k].s
	lw := strings.ToLower(w)
	switch lw {
	case "m", "mt", "mts", "mtr", "mtrs":
		if lw == "m" && w != "m" {
			break
		}
		var u unit
		switch {
		case n.sym(k+1, "²") || n.isNum(k+1) && n.t[k+1].s == "2":
			u = unitSquareMetre
		case n.sym(k+1, "³") || n.isNum(k+1) && n.t[k+1].s == "3":
			u = unitCubicMetre
		default:
			if lw == "mtr" || lw == "mtrs" {
				return 0, unit{}, false
			}
		}
		if u.many != "" {
			if n.alnum(k + 2) {
				return 0, unit{}, false
			}
			return k + 2, u, true
		}
	case "km":
		if n.sym(k+1, "/") && n.isWord(k+2) && n.t[k+2].s == "h" && !n.alnum(k+3) {
			return k + 3, unitKmh, true
		}
	}
	if n.alnum(k + 1) {
		return 0, unit{}, false
	}
	u, ok := units[lw]
	if !ok || u.exact && w != lw && w != "L" {
		return 0, unit{}, false
	}
	return k + 1, u, true
}

// ---------------------------------------------------------------------------
// Symbols

func (n *normalizer) symbol(i int) int {
	t := n.t[i]
	r, _ := utf8.DecodeRuneInString(t.s)
	switch r {
	case '$':
		if j, ok := n.price(i+1, pesos); ok {
			return j
		}
	case '€':
		if j, ok := n.price(i+1, euros); ok {
			return j
		}
	case '-', '−':
		// a minus sign: "-5 °C", "piso -1", "(-3)"; not "AB-12", "10-20" nor "50%-70%"
		if n.isNum(i+1) && (i == 0 || n.isSpace(i-1) || n.sym(i-1, "([{¡¿«\"'“‘:;=/")) {
			n.w.words("menos")
			return i + 1
		}
	case '+':
		if n.isNum(i+1) && !n.alnum(i-1) {
			if j, ok := n.phone(i+1, true); ok {
				return j
			}
			n.w.words("más")
			return i + 1
		}
	case '#':
		if n.isNum(i+1) && !n.alnum(i-1) {
			n.w.words("número")
			return i + 1
		}
	}
	n.w.raw(t.s)
	return i + 1
}

// ---------------------------------------------------------------------------
// Numbers

// num is a number as written: "1.500.000", "12,5", "3.5".
type num struct {
	digits  string // the integer part without separators
	frac    string // the digits after the decimal separator, or ""
	end     int    // the token after the number
	grouped bool   // written with thousands dots
	val     uint64 // the integer part
	ok      bool   // the integer part fits in a uint64
}

// parseNum reads a number at token i. The dot groups thousands and the
// comma starts decimals (Chile); a dot is a decimal point only where it
// cannot group thousands ("3.5", "0.500", "1234.5"). A separator followed
// by another of its kind ("1,2,3", "1.2.3") is a list, not a number.
func (n *normalizer) parseNum(i int) num {
	t := n.t[i]
	p := num{digits: t.s}
	j := i + 1
	if len(t.s) <= 3 && t.s[0] != '0' {
		k := j
		for n.sym(k, ".") && n.isNum(k+1) && len(n.t[k+1].s) == 3 {
			k += 2
		}
		if k > j {
			var b strings.Builder
			b.WriteString(t.s)
			for m := j; m < k; m += 2 {
				b.WriteString(n.t[m+1].s)
			}
			p.digits, p.grouped, j = b.String(), true, k
		}
	}
	switch {
	case n.sym(j, ",") && n.isNum(j+1) && !n.listAround(i, j, ","):
		p.frac = n.t[j+1].s
		j += 2
	case !p.grouped && n.sym(j, ".") && n.isNum(j+1) && !n.listAround(i, j, "."):
		p.frac = n.t[j+1].s
		j += 2
	}
	p.end = j
	p.val, p.ok = parseUint(p.digits)
	return p
}

// listAround: the separator at token j, between the number starting at
// token i and the digits after it, also comes before i or after those
// digits, so the whole is a list or a version ("1,2,3", "1.2.3").
func (n *normalizer) listAround(i, j int, sep string) bool {
	return n.sym(i-1, sep) && n.isNum(i-2) || n.sym(j+2, sep) && n.isNum(j+3)
}

// intWords reads the integer part; with a leading zero ("007") or too many
// digits for a uint64, digit by digit.
func intWords(p num, g gender) string {
	if !p.ok || len(p.digits) > 1 && p.digits[0] == '0' {
		return digitWords(p.digits)
	}
	return numberWords(p.val, g)
}

// numWords reads a whole number: "tres coma cinco"; a bare run of eight or
// more digits (a phone number, a code) digit by digit.
func numWords(p num, g gender) string {
	if p.frac != "" {
		return intWords(p, gMasc) + " coma " + fracWords(p.frac)
	}
	if !p.grouped && len(p.digits) >= 8 {
		return digitWords(p.digits)
	}
	return intWords(p, g)
}

// quantity reads a number and its noun: "un kilo", "dos coma cinco kilos".
func quantity(p num, g gender, one, many string) string {
	if p.frac == "" && p.ok && p.val == 1 && p.digits == "1" {
		return numWords(p, g) + " " + one
	}
	return numWords(p, g) + " " + many
}

func (n *normalizer) number(i int) int {
	if n.sym(i+1, "\uFE0F\u20E3") { // a keycap emoji: 1️⃣
		n.w.raw(n.t[i].s)
		return i + 1
	}
	if j, ok := n.phone(i, false); ok {
		return j
	}
	if j, ok := n.clock(i); ok {
		return j
	}
	if j, ok := n.date(i); ok {
		return j
	}
	if j, ok := n.monthDay(i); ok {
		return j
	}
	p := n.parseNum(i)
	if j, ok := n.numberSuffix(i, p); ok {
		return j
	}
	if n.alnum(p.end) {
		// a number glued to letters that no rule reads ("4K", "3D", "1.5x"):
		// leave the whole word as written
		for k := i; k < p.end; k++ {
			n.w.raw(n.t[k].s)
		}
		return n.rawRun(p.end)
	}
	n.w.words(numWords(p, n.bareGender(i, p)))
	return p.end
}

// bareGender chooses the form of a number from its neighbours: a following
// feminine noun (or "la"/"las" before) makes it feminine, another lower-case
// noun shortens "uno" to "un", anything else leaves "uno".
func (n *normalizer) bareGender(i int, p num) gender {
	if p.frac != "" {
		return gMasc
	}
	next := n.nextWord(p.end)
	lnext := strings.ToLower(next)
	switch {
	case lnext == "hora" || lnext == "horas":
		return gFemHour
	case femNouns[lnext]:
		return gFem
	}
	if pw := n.prevWord(i); pw == "la" || pw == "las" {
		return gFem
	}
	if next == "" || functionWords[lnext] {
		return gMasc
	}
	if r, _ := utf8.DecodeRuneInString(next); !unicode.IsLower(r) {
		return gMasc
	}
	if !p.grouped && len(p.digits) == 4 && p.val >= 1000 && p.val < 3000 {
		return gMasc // a year: "en 2021 abrimos"
	}
	return gApoc
}

// numberSuffix reads what a number carries after it: a temperature, an
// ordinal mark, a percent sign, a currency code, "x" in "3x2", a unit, a RUT
// check digit, or a range dash.
func (n *normalizer) numberSuffix(i int, p num) (int, bool) {
	j := p.end
	isInt := p.frac == "" && p.ok
	if k, scale, ok := n.degreeScale(j); ok {
		n.w.words(quantity(p, gApoc, "grado", "grados") + scale)
		return k, true
	}
	if isInt && !p.grouped {
		// 1°, 1º, 1.º, 2ª
		k := j
		if n.sym(k, ".") && n.sym(k+1, "ºª") {
			k++
		}
		if n.sym(k, "°ºª") {
			switch {
			case n.sym(k, "°º") && k == j && n.aboutTemperature(i):
				n.w.words(quantity(p, gApoc, "grado", "grados"))
			case p.val >= 1 && p.val <= 100:
				g := gMasc
				if n.sym(k, "ª") {
					g = gFem
				} else if mascNouns[strings.ToLower(n.nextWord(k+1))] {
					g = gApoc
				}
				n.w.words(ordinalWords(int(p.val), g))
			case n.sym(k, "°"):
				n.w.words(quantity(p, gApoc, "grado", "grados"))
			default:
				n.w.words(intWords(p, gMasc))
			}
			return k + 1, true
		}
		// 1ro, 1er, 2da, 4to
		if n.isWord(j) && !n.alnum(j+1) && p.val >= 1 && p.val <= 100 {
			if g, ok := ordinalSuffixes[strings.ToLower(n.t[j].s)]; ok {
				if g == gMasc && mascNouns[strings.ToLower(n.nextWord(j+1))] {
					g = gApoc
				}
				n.w.words(ordinalWords(int(p.val), g))
				return j + 1, true
			}
		}
	}
	if n.isSpace(j) && n.sym(j+1, "°") { // "25 °": degrees, not an ordinal
		n.w.words(quantity(p, gApoc, "grado", "grados"))
		return j + 2, true
	}
	k := n.skipSpace(j)
	if n.sym(k, "%") {
		n.w.words(numWords(p, gMasc) + " por ciento")
		if n.sym(k+1, "-–") && n.isNum(k+2) { // 50%-70%
			n.w.words("a")
			return k + 2, true
		}
		return k + 1, true
	}
	if n.isWord(k) && !n.alnum(k+1) && p.ok {
		if c, ok := currencyCodes[n.t[k].s]; ok {
			n.w.words(amountWords(p, c, "", false, false))
			return k + 1, true
		}
	}
	if isInt && !p.grouped && len(p.digits) <= 3 && (n.at(k).s == "x" || n.at(k).s == "X") && n.isWord(k) {
		if m := n.skipSpace(k + 1); n.isNum(m) || n.sym(m, "$") {
			n.w.words(numWords(p, gMasc) + " por")
			return m, true
		}
	}
	if e, u, ok := n.unitAt(k); ok {
		end, keep := n.abbrevPeriod(e, true)
		n.w.words(quantity(p, u.g, u.one, u.many))
		if keep {
			n.w.raw(".")
		}
		return end, true
	}
	if !isInt {
		return 0, false
	}
	// a RUT: 12.345.678-9, 12345678-K
	if l := len(p.digits); (l == 7 || l == 8) && n.sym(j, "-‐") && !n.alnum(j+2) && !(n.sym(j+2, ".,") && n.isNum(j+3)) {
		dv := ""
		switch {
		case n.isNum(j+1) && len(n.t[j+1].s) == 1:
			dv = digitNames[n.t[j+1].s[0]-'0']
		case n.lower(j+1) == "k":
			dv = "ka"
		}
		if dv != "" {
			n.w.words(numberWords(p.val, gMasc) + " guion " + dv)
			return j + 2, true
		}
	}
	// a range: 10-20 → "diez a veinte"
	if n.sym(j, "-–") && n.isNum(j+1) && len(n.t[j+1].s) <= 6 {
		n.w.words(numWords(p, gMasc) + " a")
		return j + 1, true
	}
	return 0, false
}

// aboutTemperature: a word about the weather comes shortly before token i
// in the same sentence, so "28°" is degrees, not "vigésimo octavo".
func (n *normalizer) aboutTemperature(i int) bool {
	for k := i - 1; k >= 0 && k >= i-12; k-- {
		if n.sym(k, ".!?;") {
			return false
		}
		if temperatureWords[n.lower(k)] {
			return true
		}
	}
	return false
}

// degreeScale reads "°C", " °C", "° C", "ºC", "℃", "°F" after a number.
func (n *normalizer) degreeScale(j int) (int, string, bool) {
	k := n.skipSpace(j)
	switch {
	case n.sym(k, "℃"):
		return k + 1, "", true
	case n.sym(k, "℉"):
		return k + 1, " Fahrenheit", true
	case !n.sym(k, "°º"):
		return 0, "", false
	}
	m := n.skipSpace(k + 1)
	if !n.isWord(m) || n.alnum(m+1) {
		return 0, "", false
	}
	switch n.t[m].s {
	case "C":
		return m + 1, "", true
	case "F":
		return m + 1, " Fahrenheit", true
	}
	return 0, "", false
}

// price reads an amount after a currency sign or code at token j-1.
func (n *normalizer) price(j int, c currency) (int, bool) {
	k := n.skipSpace(j)
	if !n.isNum(k) {
		return 0, false
	}
	p := n.parseNum(k)
	if !p.ok || n.alnum(p.end) {
		return 0, false
	}
	m := p.end
	mult := ""
	if n.isSpace(m) && n.isWord(m+1) && !n.alnum(m+2) {
		w := n.t[m+1].s
		if w != "MM" {
			w = strings.ToLower(w)
		}
		if mw, ok := multipliers[w]; ok {
			mult = mw
			m += 2
		}
	}
	named, deNamed := false, false
	switch {
	case n.isSpace(m) && currencyNouns[n.lower(m+1)]:
		named = true
	case n.isSpace(m) && n.lower(m+1) == "de" && n.isSpace(m+2) && currencyNouns[n.lower(m+3)]:
		named, deNamed = true, true
	}
	n.w.words(amountWords(p, c, mult, named, deNamed))
	return m, true
}

// amountWords reads an amount of money: "un peso", "nueve mil novecientos
// noventa pesos", "un millón de pesos", "dos millones de pesos", "diecinueve
// dólares con noventa y nueve centavos". named: the currency is already
// written after the amount; deNamed: so is the "de" before it.
func amountWords(p num, c currency, mult string, named, deNamed bool) string {
	if p.frac != "" && mult == "" && c.cents && len(p.frac) == 2 && p.ok && !named {
		cents, _ := parseUint(p.frac)
		var b strings.Builder
		if p.val > 0 || cents == 0 {
			b.WriteString(amountWords(num{digits: p.digits, val: p.val, ok: true}, c, "", named, deNamed))
		}
		if cents > 0 {
			if b.Len() > 0 {
				b.WriteString(" con ")
			}
			b.WriteString(numberWords(cents, gApoc))
			if cents == 1 {
				b.WriteString(" centavo")
			} else {
				b.WriteString(" centavos")
			}
		}
		return b.String()
	}
	var s string
	if p.frac != "" {
		s = numWords(p, gMasc)
	} else {
		s = intWords(p, gApoc)
	}
	one := p.frac == "" && p.ok && p.val == 1
	de := false
	switch mult {
	case "":
		de = p.frac == "" && p.ok && p.val >= 1_000_000 && p.val%1_000_000 == 0
	case "mil":
		s += " mil"
	case "millón":
		s += map[bool]string{true: " millón", false: " millones"}[one]
		de = true
	case "billón":
		s += map[bool]string{true: " billón", false: " billones"}[one]
		de = true
	}
	if de && !deNamed {
		s += " de"
	}
	if named {
		return s
	}
	if one && mult == "" {
		return s + " " + c.one
	}
	return s + " " + c.many
}

// phone reads a telephone number digit by digit, group by group, with a
// comma (a short pause) between groups: "+56 9 1234 5678" → "más cincuenta
// y seis, nueve, uno dos tres cuatro, cinco seis siete ocho". With plus set
// (a "+" came before) any 8 to 15 digits qualify; without it, three or more
// groups ending in a group of four ("9 1234 5678", "600 600 1234").
func (n *normalizer) phone(i int, plus bool) (int, bool) {
	var groups [15]string
	g := 0
	groups[g] = n.t[i].s
	g++
	total := len(n.t[i].s)
	end := i + 1
	for g < len(groups) {
		if !(n.isSpace(end) || n.sym(end, "-")) || !n.isNum(end+1) {
			break
		}
		s := n.t[end+1].s
		if total+len(s) > 15 || n.sym(end+2, ".,:/-") && n.isNum(end+3) || n.sym(end+2, "%°º") {
			break
		}
		groups[g] = s
		g++
		total += len(s)
		end += 2
	}
	if n.alnum(end) || n.sym(end, ".,:/") && n.isNum(end+1) {
		return 0, false
	}
	if total < 8 || total > 15 {
		return 0, false
	}
	if !plus {
		if g < 3 || total > 12 || len(groups[g-1]) != 4 || len(groups[g-2]) < 3 {
			return 0, false
		}
		for _, s := range groups[:g] {
			if len(s) > 4 {
				return 0, false
			}
		}
	}
	var b strings.Builder
	if plus {
		b.WriteString("más ")
	}
	for k, s := range groups[:g] {
		if k > 0 {
			b.WriteString(", ")
		}
		if plus && k == 0 && g > 1 && len(s) <= 3 && s[0] != '0' {
			v, _ := parseUint(s)
			b.WriteString(numberWords(v, gMasc)) // the country code
		} else {
			b.WriteString(digitWords(s))
		}
	}
	n.w.words(b.String())
	return end, true
}

// clock reads a time of day: "14:30" → "catorce treinta", "9:05" → "nueve
// cero cinco", "14:00" → "catorce horas", "21:00" → "veintiún horas",
// "1:00" → "una", "14h30", and "14.30" when "hrs" follows or "las" comes
// before. A following "hrs"/"h"/"horas" is absorbed.
func (n *normalizer) clock(i int) (int, bool) {
	hs := n.t[i].s
	if len(hs) > 2 {
		return 0, false
	}
	var ms string
	var j int
	dot := false
	switch {
	case n.sym(i+1, ":") && n.isNum(i+2):
		ms, j = n.t[i+2].s, i+3
		if n.sym(j, ":") && n.isNum(j+1) {
			return 0, false // h:m:s is not a time of day we read
		}
	case n.sym(i+1, ".") && n.isNum(i+2) && !(n.sym(i+3, ".") && n.isNum(i+4)):
		ms, j, dot = n.t[i+2].s, i+3, true
	case n.isWord(i+1) && n.t[i+1].s == "h" && n.isNum(i+2):
		ms, j = n.t[i+2].s, i+3
	default:
		return 0, false
	}
	if len(ms) != 2 || n.alnum(j) || n.sym(j, ",") && n.isNum(j+1) {
		return 0, false
	}
	h, _ := parseUint(hs)
	m, _ := parseUint(ms)
	if h > 24 || m > 59 || h == 24 && m != 0 {
		return 0, false
	}
	end, unit, keep := j, false, false
	if k := n.skipSpace(j); n.isWord(k) && !n.alnum(k+1) {
		if abbr, ok := hourUnits[strings.ToLower(n.t[k].s)]; ok {
			end, unit = k+1, true
			if abbr {
				end, keep = n.abbrevPeriod(end, true)
			}
		}
	}
	if dot && !unit && !n.dotTimeRange(end) {
		if pw := n.prevWord(i); pw != "las" && pw != "la" && pw != "desde" && pw != "hasta" {
			return 0, false
		}
	}
	var s string
	switch {
	case m == 0 && h == 1:
		s = "una"
	case m == 0:
		s = numberWords(h, gFemHour) + " horas"
	default:
		s = numberWords(h, gFem) + " " + minuteWords(m)
		if unit {
			s += " horas"
		}
	}
	n.w.words(s)
	if keep {
		n.w.raw(".")
		return end, true
	}
	// 10:00-21:00 → "diez horas a veintiún horas"
	if n.sym(end, "-–") && n.isNum(end+1) && (n.sym(end+2, ":") || dot && n.sym(end+2, ".")) {
		n.w.words("a")
		return end + 1, true
	}
	return end, true
}

// dotTimeRange: after "10.30" at token j-1 comes " a 12.30 hrs" or
// "-12.30 hrs", so both are times.
func (n *normalizer) dotTimeRange(j int) bool {
	switch {
	case n.isSpace(j) && n.lower(j+1) == "a" && n.isSpace(j+2):
		j += 3
	case n.sym(j, "-–"):
		j++
	default:
		return false
	}
	if !n.isNum(j) || len(n.t[j].s) > 2 || !n.sym(j+1, ".") || !n.isNum(j+2) || len(n.t[j+2].s) != 2 {
		return false
	}
	k := n.skipSpace(j + 3)
	if !n.isWord(k) || n.alnum(k+1) {
		return false
	}
	_, ok := hourUnits[strings.ToLower(n.t[k].s)]
	return ok
}

func minuteWords(m uint64) string {
	if m < 10 {
		return "cero " + digitNames[m]
	}
	return numberWords(m, gMasc)
}

// date reads "24/12/2026", "24-12-2026", "24.12.2026", "24/12/26",
// "2026-12-24" and "24/12" → "veinticuatro de diciembre [de dos mil
// veintiséis]". "24/7" (always open) is read "veinticuatro siete".
func (n *normalizer) date(i int) (int, bool) {
	if !n.sym(i+1, "/-.") || !n.isNum(i+2) {
		return 0, false
	}
	a, b := n.t[i].s, n.t[i+2].s
	sep := n.t[i+1].s
	var d, m, y uint64
	var end int
	if n.at(i+3).s == sep && n.kind(i+3) == kSym && n.isNum(i+4) {
		c := n.t[i+4].s
		end = i + 5
		if n.alnum(end) || n.sym(end, "/-.:,") && n.isNum(end+1) {
			return 0, false
		}
		switch {
		case len(a) == 4 && len(b) <= 2 && len(c) <= 2 && sep != ".":
			y, _ = parseUint(a)
			m, _ = parseUint(b)
			d, _ = parseUint(c)
		case len(a) <= 2 && len(b) <= 2 && (len(c) == 4 || len(c) == 2):
			d, _ = parseUint(a)
			m, _ = parseUint(b)
			y, _ = parseUint(c)
			if len(c) == 2 {
				y += 2000
			}
		default:
			return 0, false
		}
	} else {
		end = i + 3
		if sep != "/" || len(a) > 2 || len(b) > 2 || n.alnum(end) || n.sym(end, "/") && n.isNum(end+1) {
			return 0, false
		}
		if j, ok := n.fraction(i, a, b); ok {
			return j, true
		}
		d, _ = parseUint(a)
		m, _ = parseUint(b)
		if d == 24 && m == 7 {
			n.w.words("veinticuatro siete")
			return end, true
		}
	}
	if m < 1 || m > 12 || d < 1 || d > uint64(monthDays[m]) {
		return 0, false
	}
	s := dayWords(int(d)) + " de " + monthNames[m]
	if y > 0 {
		s += " de " + numberWords(y, gMasc)
	}
	n.w.words(s)
	return end, true
}

// fraction reads ½, ¼ and ¾ of a unit, which would otherwise be dates:
// "1/2 kg" → "medio kilo", "1/2 hora" → "media hora", "1/4 kilo" → "un
// cuarto de kilo", "3/4 litro" → "tres cuartos de litro".
func (n *normalizer) fraction(i int, a, b string) (int, bool) {
	var f string
	switch a + "/" + b {
	case "1/2":
		f = "medio"
	case "1/4":
		f = "un cuarto de"
	case "3/4":
		f = "tres cuartos de"
	default:
		return 0, false
	}
	if !n.isSpace(i + 3) {
		return 0, false
	}
	k := i + 4
	fem := false
	e, u, isUnit := n.unitAt(k)
	switch {
	case isUnit:
		fem = u.g == gFem || u.g == gFemHour
	case fractionNouns[n.lower(k)] == 0:
		return 0, false
	default:
		fem = fractionNouns[n.lower(k)] == 2
	}
	if fem && f == "medio" {
		f = "media"
	}
	if !isUnit {
		n.w.words(f)
		return i + 3, true
	}
	end, keep := n.abbrevPeriod(e, true)
	n.w.words(f + " " + u.one)
	if keep {
		n.w.raw(".")
	}
	return end, true
}

// monthDay: "1 de mayo" → "primero de mayo"; other days as numbers.
func (n *normalizer) monthDay(i int) (int, bool) {
	s := n.t[i].s
	if len(s) > 2 || !n.isSpace(i+1) || n.lower(i+2) != "de" || !n.isSpace(i+3) || monthIndex[n.lower(i+4)] == 0 {
		return 0, false
	}
	d, _ := parseUint(s)
	if d < 1 || d > 31 {
		return 0, false
	}
	n.w.words(dayWords(int(d)))
	return i + 1, true
}
