package speech

import "strings"

// gender selects the form of the words for one and of the hundreds.
type gender uint8

const (
	gMasc    gender = iota // uno, veintiuno, doscientos: counting, or no noun follows
	gApoc                  // un, veintiún, doscientos: before a masculine noun
	gFem                   // una, veintiuna, doscientas: before a feminine noun
	gFemHour               // una, veintiún, doscientas: before "horas" ("a las veintiún horas")
)

var digitNames = [10]string{"cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"}

// small holds 0 to 29, which Spanish writes as one word.
var small = [30]string{
	"cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
	"diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve",
	"veinte", "veintiuno", "veintidós", "veintitrés", "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve",
}

var tens = [10]string{"", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"}

// hundredStems take "os" or "as": doscientos, doscientas.
var hundredStems = [10]string{"", "", "doscient", "trescient", "cuatrocient", "quinient", "seiscient", "setecient", "ochocient", "novecient"}

// NumberToWords writes a non-negative integer in Chilean Spanish words ("un
// millón quinientos mil"); the feminine flag gives "una"/"doscientas" forms.
//
// Scales are the long ones used in Chile: millón (10^6), billón (10^12),
// trillón (10^18). One on its own is "uno" ("una" when feminine); before
// "mil", "millón" and the larger scales it is shortened ("veintiún mil",
// "un millón"). With feminine set the hundreds agree below the millions
// ("doscientas mil"), while the millions stay masculine because "millón" is
// a masculine noun ("doscientos millones").
func NumberToWords(n uint64, feminine bool) string {
	if feminine {
		return numberWords(n, gFem)
	}
	return numberWords(n, gMasc)
}

var scales = [...]struct {
	size      uint64
	one, many string
}{
	{1_000_000_000_000_000_000, "trillón", "trillones"},
	{1_000_000_000_000, "billón", "billones"},
	{1_000_000, "millón", "millones"},
}

func numberWords(n uint64, g gender) string {
	if n == 0 {
		return "cero"
	}
	var b strings.Builder
	b.Grow(48)
	rest := n
	for _, s := range scales {
		v := rest / s.size
		rest %= s.size
		switch {
		case v == 0:
			continue
		case v == 1:
			sp(&b)
			b.WriteString("un ")
			b.WriteString(s.one)
		default:
			sixDigits(&b, v, gApoc)
			b.WriteByte(' ')
			b.WriteString(s.many)
		}
	}
	if rest > 0 {
		sixDigits(&b, rest, g)
	}
	return b.String()
}

// sp writes a separating space unless b is empty.
func sp(b *strings.Builder) {
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
}

// sixDigits writes 1..999999 (or more, for the trillions of a uint64, whose
// count is below 19).
func sixDigits(b *strings.Builder, v uint64, g gender) {
	th, u := v/1000, int(v%1000)
	switch {
	case th == 1:
		sp(b)
		b.WriteString("mil")
	case th > 1:
		tg := gApoc // veintiún mil, doscientos un mil
		if g == gFem || g == gFemHour {
			tg = gFemHour // veintiún mil, doscientas mil
		}
		hundredsWords(b, int(th), tg)
		b.WriteString(" mil")
	}
	if u > 0 {
		hundredsWords(b, u, g)
	}
}

// hundredsWords writes 1..999.
func hundredsWords(b *strings.Builder, n int, g gender) {
	h, r := n/100, n%100
	if h > 0 {
		sp(b)
		switch {
		case h == 1 && r == 0:
			b.WriteString("cien")
		case h == 1:
			b.WriteString("ciento")
		default:
			b.WriteString(hundredStems[h])
			if g == gFem || g == gFemHour {
				b.WriteString("as")
			} else {
				b.WriteString("os")
			}
		}
	}
	if r == 0 {
		return
	}
	sp(b)
	switch {
	case r == 1:
		b.WriteString(oneWord(g))
	case r == 21:
		switch g {
		case gApoc, gFemHour:
			b.WriteString("veintiún")
		case gFem:
			b.WriteString("veintiuna")
		default:
			b.WriteString("veintiuno")
		}
	case r < 30:
		b.WriteString(small[r])
	default:
		b.WriteString(tens[r/10])
		if u := r % 10; u == 1 {
			b.WriteString(" y ")
			b.WriteString(oneWord(g))
		} else if u > 0 {
			b.WriteString(" y ")
			b.WriteString(small[u])
		}
	}
}

func oneWord(g gender) string {
	switch g {
	case gApoc:
		return "un"
	case gFem, gFemHour:
		return "una"
	}
	return "uno"
}

// digitWords reads a string of ASCII digits one by one: "056" → "cero cinco seis".
func digitWords(digits string) string {
	var b strings.Builder
	b.Grow(len(digits) * 6)
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			continue
		}
		sp(&b)
		b.WriteString(digitNames[c-'0'])
	}
	return b.String()
}

// fracWords reads the digits after a decimal comma: leading zeros one by
// one, then up to three digits as a number, longer tails digit by digit:
// "75" → "setenta y cinco", "05" → "cero cinco", "14159" → "uno cuatro uno cinco nueve".
func fracWords(f string) string {
	z := 0
	for z < len(f) && f[z] == '0' {
		z++
	}
	rest := f[z:]
	var b strings.Builder
	for range z {
		sp(&b)
		b.WriteString("cero")
	}
	switch {
	case rest == "":
	case len(rest) <= 3:
		v, _ := parseUint(rest)
		sp(&b)
		b.WriteString(numberWords(v, gMasc))
	default:
		sp(&b)
		b.WriteString(digitWords(rest))
	}
	return b.String()
}

// parseUint reads ASCII digits; ok is false on overflow or a non-digit.
func parseUint(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if v > (^uint64(0)-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	return v, true
}

var ordinalUnits = [10]string{"", "primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno"}

var ordinalTens = [10]string{"", "décimo", "vigésimo", "trigésimo", "cuadragésimo", "quincuagésimo", "sexagésimo", "septuagésimo", "octogésimo", "nonagésimo"}

var ordinalTeens = [10]string{"décimo", "undécimo", "duodécimo", "decimotercero", "decimocuarto", "decimoquinto", "decimosexto", "decimoséptimo", "decimoctavo", "decimonoveno"}

// ordinalWords writes 1..100 as an ordinal: gMasc "primero", gApoc "primer"
// (before a masculine noun), gFem "primera". Outside 1..100 it writes the
// cardinal.
func ordinalWords(n int, g gender) string {
	var s string
	switch {
	case n < 1 || n > 100:
		return numberWords(uint64(max(n, 0)), g)
	case n == 100:
		s = "centésimo"
	case n < 10:
		s = ordinalUnits[n]
	case n < 20:
		s = ordinalTeens[n-10]
	default:
		s = ordinalTens[n/10]
		if u := n % 10; u > 0 {
			s += " " + ordinalUnits[u]
		}
	}
	switch g {
	case gFem, gFemHour:
		// every word of an ordinal ends in -o: vigésimo primero → vigésima primera
		parts := strings.Split(s, " ")
		for i, p := range parts {
			parts[i] = strings.TrimSuffix(p, "o") + "a"
		}
		return strings.Join(parts, " ")
	case gApoc:
		if strings.HasSuffix(s, "primero") || strings.HasSuffix(s, "tercero") {
			return strings.TrimSuffix(s, "o")
		}
	}
	return s
}

// dayWords reads a day of the month; Chile says "primero de mayo".
func dayWords(d int) string {
	if d == 1 {
		return "primero"
	}
	return numberWords(uint64(d), gMasc)
}
