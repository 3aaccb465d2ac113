package speech

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// normalizeCases has one case per rule, then the tricky ones. The name says
// which rule or decision the case pins down.
var normalizeCases = []struct {
	name, in, want string
}{
	// empty input and whitespace
	{"empty", "", ""},
	{"only spaces", " \t\n ", ""},
	{"plain words kept", "Atención, clientes!", "Atención, clientes!"},
	{"whitespace collapsed", "  hola \t\n  mundo  ", "hola mundo"},
	{"emoji kept", "¡Feliz Navidad! 🎄🎁", "¡Feliz Navidad! 🎄🎁"},
	{"emoji zwj sequence kept", "familia 👨‍👩‍👧 feliz", "familia 👨‍👩‍👧 feliz"},
	{"keycap emoji kept", "paso 1️⃣", "paso 1️⃣"},
	{"invalid utf-8 becomes a space", "hola\xffmundo", "hola mundo"},
	{"control characters become spaces", "hola\x00\x07mundo", "hola mundo"},

	// integers
	{"integer", "Quedan 15 cupos", "Quedan quince cupos"},
	{"zero", "0", "cero"},
	{"thousands dot", "1.500", "mil quinientos"},
	{"millions", "1.500.000", "un millón quinientos mil"},
	{"10^15", "1.000.000.000.000.000", "mil billones"},
	{"year", "2026", "dos mil veintiséis"},
	{"year before a verb keeps uno", "en 2021 abrimos", "en dos mil veintiuno abrimos"},
	{"apocope before a noun", "1 local", "un local"},
	{"apocope 21", "21 años", "veintiún años"},
	{"apocope 101", "101 dálmatas", "ciento un dálmatas"},
	{"no apocope before a function word", "1 de cada 10", "uno de cada diez"},
	{"no apocope before a capital", "Sala 1 Norte", "Sala uno Norte"},
	{"feminine noun", "21 personas", "veintiuna personas"},
	{"feminine hundreds", "200 cuotas", "doscientas cuotas"},
	{"feminine thousands", "200.000 personas", "doscientas mil personas"},
	{"feminine after la", "a las 21", "a las veintiuna"},
	{"leading zero digit by digit", "código 007", "código cero cero siete"},
	{"eight digits digit by digit", "22345678", "dos dos tres cuatro cinco seis siete ocho"},
	{"overflow digit by digit", "99999999999999999999999", strings.TrimSpace(strings.Repeat("nueve ", 23))},
	{"list of numbers", "1,2,3", "uno,dos,tres"},
	{"version", "1.2.3", "uno.dos.tres"},

	// decimals
	{"decimal comma", "3,5", "tres coma cinco"},
	{"decimal zero", "0,75", "cero coma setenta y cinco"},
	{"decimal leading zeros", "0,05", "cero coma cero cinco"},
	{"decimal long tail", "3,14159", "tres coma uno cuatro uno cinco nueve"},
	{"dot with one digit is decimal", "1.5", "uno coma cinco"},
	{"dot with two digits is decimal", "3.75", "tres coma setenta y cinco"},
	{"dot with three digits groups thousands", "1.500", "mil quinientos"},
	{"dot that cannot group is decimal", "0.500", "cero coma quinientos"},
	{"grouped with decimals", "1.500,5", "mil quinientos coma cinco"},

	// negatives and signs
	{"negative", "-5", "menos cinco"},
	{"negative temperature", "-5 °C", "menos cinco grados"},
	{"unicode minus", "−3", "menos tres"},
	{"hyphen after a word is not minus", "COVID-19", "COVID-diecinueve"},
	{"plus", "+5 °C", "más cinco grados"},

	// percentages
	{"percent", "20%", "veinte por ciento"},
	{"percent spaced", "20 %", "veinte por ciento"},
	{"percent decimal", "12,5%", "doce coma cinco por ciento"},
	{"percent one", "1%", "uno por ciento"},
	{"percent negative", "hasta -50%", "hasta menos cincuenta por ciento"},
	{"percent range", "ofertas 50%-70%", "ofertas cincuenta por ciento a setenta por ciento"},
	{"negative in parentheses", "(-3)", "(menos tres)"},

	// prices
	{"price", "$9.990", "nueve mil novecientos noventa pesos"},
	{"price millions", "$1.500.000", "un millón quinientos mil pesos"},
	{"price one", "$1", "un peso"},
	{"price 21", "$21", "veintiún pesos"},
	{"price spaced", "$ 2.000", "dos mil pesos"},
	{"price round million takes de", "$2.000.000", "dos millones de pesos"},
	{"price with multiplier", "$2 millones", "dos millones de pesos"},
	{"price with decimal multiplier", "$1,5 millones", "uno coma cinco millones de pesos"},
	{"price with mil", "$5 mil", "cinco mil pesos"},
	{"price MM", "$5 MM", "cinco millones de pesos"},
	{"price already named", "$5.000 pesos", "cinco mil pesos"},
	{"price already named with de", "$2.000.000 de pesos", "dos millones de pesos"},
	{"CLP prefix", "CLP 5.000", "cinco mil pesos"},
	{"CLP suffix", "5.000 CLP", "cinco mil pesos"},
	{"US dollars", "US$ 20", "veinte dólares"},
	{"US dollars glued", "US$20", "veinte dólares"},
	{"one dollar", "US$ 1", "un dólar"},
	{"dollars and cents", "US$ 19,99", "diecinueve dólares con noventa y nueve centavos"},
	{"dollars already named", "US$ 19,99 dólares", "diecinueve coma noventa y nueve dólares"},
	{"cents only", "US$ 0,99", "noventa y nueve centavos"},
	{"USD suffix", "20 USD", "veinte dólares"},
	{"euros", "€20", "veinte euros"},
	{"dollar sign alone", "gana $$$", "gana $$$"},
	{"each", "$990 c/u", "novecientos noventa pesos cada uno"},

	// times
	{"time", "14:30", "catorce treinta"},
	{"time minutes under ten", "9:05", "nueve cero cinco"},
	{"time leading zero", "09:05", "nueve cero cinco"},
	{"time on the hour", "14:00", "catorce horas"},
	{"time hrs", "14 hrs", "catorce horas"},
	{"time on the hour hrs", "14:00 hrs", "catorce horas"},
	{"time h glued", "14h", "catorce horas"},
	{"time h with minutes", "14h30", "catorce treinta"},
	{"time 21 apocope", "a las 21:00", "a las veintiún horas"},
	{"time one o'clock", "a la 1:00", "a la una"},
	{"time with minutes and hrs", "a las 21:30 hrs.", "a las veintiuna treinta horas"},
	{"time dot with hrs", "10.30 hrs", "diez treinta horas"},
	{"time dot after las", "a las 14.30", "a las catorce treinta"},
	{"time hrs period mid sentence", "a las 14 hrs. en el patio", "a las catorce horas en el patio"},
	{"time hrs period ends sentence", "a las 14 hrs. Gracias", "a las catorce horas. Gracias"},
	{"time range", "10:00-21:00", "diez horas a veintiún horas"},
	{"time range with dots", "de 10.30 a 12.30 hrs", "de diez treinta a doce treinta horas"},
	{"time range with dots and dash", "10.30-12.30 hrs", "diez treinta a doce treinta horas"},
	{"dot decimal without time context", "de 10.30 a 12.30 kilos", "de diez coma treinta a doce coma treinta kilos"},
	{"hour range", "de 10 a 21 hrs", "de diez a veintiún horas"},
	{"not a time: seconds", "1:30:15", "uno:treinta:quince"},
	{"not a time: 25:00", "25:00", "veinticinco:cero cero"},

	// dates
	{"date slash", "24/12/2026", "veinticuatro de diciembre de dos mil veintiséis"},
	{"date dash", "24-12-2026", "veinticuatro de diciembre de dos mil veintiséis"},
	{"date dots", "24.12.2026", "veinticuatro de diciembre de dos mil veintiséis"},
	{"date short year", "24/12/26", "veinticuatro de diciembre de dos mil veintiséis"},
	{"date iso", "2026-12-24", "veinticuatro de diciembre de dos mil veintiséis"},
	{"date without year", "24/12", "veinticuatro de diciembre"},
	{"date first of the month", "1/5", "primero de mayo"},
	{"date leading zeros", "05/03/2026", "cinco de marzo de dos mil veintiséis"},
	{"written date first", "el 1 de mayo", "el primero de mayo"},
	{"written date", "el 18 de septiembre de 2026", "el dieciocho de septiembre de dos mil veintiséis"},
	{"invalid date", "31/02", "treinta y uno/cero dos"},
	{"24/7 is not a date", "abierto 24/7", "abierto veinticuatro siete"},
	{"half a kilo", "1/2 kg de pan", "medio kilo de pan"},
	{"half an hour", "1/2 hora", "media hora"},
	{"quarter", "1/4 kilo", "un cuarto de kilo"},

	// ordinals
	{"ordinal degree sign", "1°", "primero"},
	{"ordinal indicator", "1º", "primero"},
	{"ordinal ro", "1ro", "primero"},
	{"ordinal er", "1er", "primer"},
	{"ordinal do", "2do", "segundo"},
	{"ordinal ra", "3ra", "tercera"},
	{"ordinal feminine indicator", "2ª", "segunda"},
	{"ordinal RAE style", "1.º", "primero"},
	{"ordinal ten", "10°", "décimo"},
	{"ordinal compound", "25° aniversario", "vigésimo quinto aniversario"},
	{"ordinal compound apocope", "21° aniversario", "vigésimo primer aniversario"},
	{"ordinal before masculine noun", "1° piso", "primer piso"},
	{"ordinal third floor", "3er piso", "tercer piso"},
	{"ordinal grade keeps primero", "1° básico", "primero básico"},
	{"degree sign above 100 is degrees", "180°", "ciento ochenta grados"},
	{"degree sign after a temperature word", "Temperatura exterior: 28°", "Temperatura exterior: veintiocho grados"},
	{"temperature word in another sentence", "Hace calor. Suba al 2° piso", "Hace calor. Suba al segundo piso"},
	{"number sign", "N° 5", "número cinco"},
	{"number sign indicator", "Nº 5", "número cinco"},
	{"number sign lower case", "n° 5", "número cinco"},
	{"number sign glued", "Nº5", "número cinco"},
	{"number sign Nro", "Nro. 5", "número cinco"},
	{"number sign alone", "N° de local", "número de local"},
	{"hash number", "#5", "número cinco"},
	{"hashtag kept", "#MallPlaza", "#MallPlaza"},

	// abbreviations
	{"Sr.", "Sr. Pérez", "señor Pérez"},
	{"Sra.", "Sra. González", "señora González"},
	{"Srta.", "Srta. Ana", "señorita Ana"},
	{"Sr without period", "Sr Pérez", "señor Pérez"},
	{"Av.", "Av. Kennedy 5413", "avenida Kennedy cinco mil cuatrocientos trece"},
	{"Depto.", "Depto. 12", "departamento doce"},
	{"Dpto.", "Dpto. 3", "departamento tres"},
	{"Of.", "Of. 301", "oficina trescientos uno"},
	{"of without period is English", "the price of the car", "the price of the car"},
	{"Est.", "Est. 5", "estacionamiento cinco"},
	{"aprox.", "aprox. 5 min.", "aproximadamente cinco minutos"},
	{"min.", "unos min. más", "unos minutos más"},
	{"kg", "precio por kg", "precio por kilos"},
	{"km", "a 5 km", "a cinco kilómetros"},
	{"km standalone", "km", "kilómetros"},
	{"m2", "100 m2 útiles", "cien metros cuadrados útiles"},
	{"m²", "m²", "metros cuadrados"},
	{"m2 standalone", "precio por m2", "precio por metros cuadrados"},
	{"hrs.", "hrs.", "horas"},
	{"etc.", "etc.", "etcétera"},
	{"min. ends a sentence", "Espere 5 min. Gracias", "Espere cinco minutos. Gracias"},
	{"etc. mid sentence", "papas, tomates, etc., todo fresco", "papas, tomates, etcétera, todo fresco"},
	{"etc. ends a sentence", "papas, tomates, etc. Gracias", "papas, tomates, etcétera. Gracias"},
	{"title never ends a sentence", "Llamar al Sr. Pérez", "Llamar al señor Pérez"},
	{"sentence period after a name kept", "Sr. Pérez.", "señor Pérez."},
	{"abbreviation glued to a word", "Sr.Pérez", "señor Pérez"},
	{"dcto upper case", "20% DCTO. EN TODO", "veinte por ciento descuento. EN TODO"},
	{"sin número", "Los Leones s/n", "Los Leones sin número"},

	// units after numbers
	{"unit singular", "1 kg", "un kilo"},
	{"unit decimal", "1,5 kg", "uno coma cinco kilos"},
	{"unit glued", "20kg.", "veinte kilos"},
	{"unit ml", "100ml", "cien mililitros"},
	{"unit metres", "a 5 m de distancia", "a cinco metros de distancia"},
	{"unit km/h", "80 km/h", "ochenta kilómetros por hora"},
	{"unit minutes", "21 min", "veintiún minutos"},
	{"unit one minute", "1 min", "un minuto"},
	{"unit one hour", "1 h", "una hora"},
	{"unit upper case M is not metres", "5 M", "cinco M"},
	{"temperature", "25°C", "veinticinco grados"},
	{"temperature decimal", "36,5 °C", "treinta y seis coma cinco grados"},
	{"temperature Fahrenheit", "77 °F", "setenta y siete grados Fahrenheit"},
	{"promotion 3x2", "3x2 en poleras", "tres por dos en poleras"},
	{"promotion spaced", "2 x 1", "dos por uno"},
	{"promotion with price", "3x$9.990", "tres por nueve mil novecientos noventa pesos"},
	{"range", "10-20 kg", "diez a veinte kilos"},
	{"range percent", "10-20%", "diez a veinte por ciento"},
	{"RUT", "12.345.678-9", "doce millones trescientos cuarenta y cinco mil seiscientos setenta y ocho guion nueve"},
	{"range of millions is not a RUT", "1.000.000-2.000.000", "un millón a dos millones"},
	{"RUT with K", "12345678-K", "doce millones trescientos cuarenta y cinco mil seiscientos setenta y ocho guion ka"},

	// numbers inside words: left as written
	{"MP3", "MP3", "MP3"},
	{"4K", "TV 4K", "TV 4K"},
	{"5G", "red 5G", "red 5G"},
	{"decimal glued to letters", "1.5x", "1.5x"},

	// phones
	{"phone international", "+56 9 1234 5678", "más cincuenta y seis, nueve, uno dos tres cuatro, cinco seis siete ocho"},
	{"phone international glued", "+56912345678", "más cinco seis nueve uno dos tres cuatro cinco seis siete ocho"},
	{"phone mobile", "9 1234 5678", "nueve, uno dos tres cuatro, cinco seis siete ocho"},
	{"phone 600", "600 600 1234", "seis cero cero, seis cero cero, uno dos tres cuatro"},
	{"not a phone: local numbers", "Locales 101 102 103", "Locales ciento uno ciento dos ciento tres"},
	{"phone ends a sentence", "Llame al +56 2 2345 6789.", "Llame al más cincuenta y seis, dos, dos tres cuatro cinco, seis siete ocho nueve."},

	// plates
	{"plate old", "AB1234", "a be uno dos tres cuatro"},
	{"plate old dash", "AB-1234", "a be uno dos tres cuatro"},
	{"plate old spaced pairs", "AB 12 34", "a be uno dos tres cuatro"},
	{"plate old middle dots", "AB·12·34", "a be uno dos tres cuatro"},
	{"plate new", "BCDF12", "be ce de efe uno dos"},
	{"plate new dashes", "BC-DF-12", "be ce de efe uno dos"},
	{"plate new one dash", "BCDF-12", "be ce de efe uno dos"},
	{"plate new middle dots", "BC·DF·12", "be ce de efe uno dos"},
	{"plate new spaced", "BC DF 12", "be ce de efe uno dos"},
	{"plate all letter names", "WX-YZ-90", "doble ve equis i griega zeta nueve cero"},
	{"plate lower case with dashes", "bc-df-12", "be ce de efe uno dos"},
	{"plate in a sentence", "patente KS·5614, color rojo.", "patente ka ese cinco seis uno cuatro, color rojo."},
	{"lower case compact is not a plate", "bcdf12", "bcdf12"},
	{"upper-case prose is not a plate", "PISO 12", "PISO doce"},
	{"upper-case prose with year", "EN 2026", "EN dos mil veintiséis"},
	{"space-separated plate needs plate letters", "DE LA 12", "DE LA doce"},
	{"plate glued to more letters", "XAB1234", "XAB1234"},

	// several rules in one sentence
	{"price then percent", "Precio $9.990 con 20% de descuento.", "Precio nueve mil novecientos noventa pesos con veinte por ciento de descuento."},
	{"percent then price", "20% dcto. en compras sobre $50.000", "veinte por ciento descuento en compras sobre cincuenta mil pesos"},
	{"punctuation around rules", "(20%), ¿$1.000?", "(veinte por ciento), ¿mil pesos?"},
	{"vehicle announcement", "Sr. dueño del Hyundai patente BC-DF-12, acérquese al 1° piso.",
		"señor dueño del Hyundai patente be ce de efe uno dos, acérquese al primer piso."},
}

func TestNormalize(t *testing.T) {
	for _, c := range normalizeCases {
		t.Run(c.name, func(t *testing.T) {
			got := Normalize(c.in, Options{})
			if got != c.want {
				t.Errorf("Normalize(%q)\n got  %q\n want %q", c.in, got, c.want)
			}
			checkOutput(t, c.in, got)
		})
	}
}

func TestNormalizeLexicon(t *testing.T) {
	lex := Lexicon{
		"Hyundai":      "jiundái",
		"MBI":          "eme be i",
		"Mall":         "mol",
		"Mall Plaza":   "mol plása",
		"4K":           "cuatro ka",
		"Sr. Pollo":    "señor poyo",
		"C&A":          "ce ande a",
		"  Parque   ":  "parque arauco", // keys and values are trimmed
		"":             "ignored",
		"Costanera$":   "costanera", // a key may end in a symbol
		"Kia":          "kía",
		"KIA":          "kía mayúscula", // the same key in another case: the exact spelling wins
		"Ch\xffile":    "chile",         // invalid UTF-8 in a key does not break anything
		"Providencia":  "provi\xffdencia",
		"2x1":          "dos por uno especial",
		"Tottus 2026":  "totus veintiséis",
		"Ñuñoa":        "ñuñóa",
		"ESTACIÓN":     "estasión",
		"Depto. Lujo":  "departamento de lujo",
		"Mall Plaza X": "mol plása equis",
	}
	cases := []struct{ in, want string }{
		{"Hyundai Tucson", "jiundái Tucson"},
		{"hyundai y HYUNDAI", "jiundái y jiundái"},
		{"Hyundais", "Hyundais"}, // whole words only
		{"MBI, el mejor", "eme be i, el mejor"},
		{"Mall Plaza Oeste", "mol plása Oeste"}, // longest phrase first
		{"Mall  Plaza", "mol plása"},            // whitespace inside a phrase is collapsed first
		{"Mall Plaza X", "mol plása equis"},
		{"el Mall", "el mol"},
		{"TV 4K", "TV cuatro ka"},          // wins over the numbers-inside-words rule
		{"Sr. Pollo", "señor poyo"},        // wins over the abbreviation rule
		{"Sr. Pérez", "señor Pérez"},       // the rule still applies elsewhere
		{"en C&A hoy", "en ce ande a hoy"}, // keys with symbols
		{"Parque", "parque arauco"},
		{"Costanera$ 5", "costanera cinco"},
		{"Kia", "kía"},
		{"KIA", "kía mayúscula"},
		{"kia", "kía mayúscula"}, // no exact match: the first key in byte order ("KIA" < "Kia")
		{"Providencia", "provi dencia"},
		{"2x1 hoy", "dos por uno especial hoy"},
		{"Tottus 2026", "totus veintiséis"},
		{"ÑUÑOA", "ñuñóa"},
		{"estación", "estasión"},
		{"Depto. Lujo 5", "departamento de lujo cinco"},
		{"Hyundai $9.990", "jiundái nueve mil novecientos noventa pesos"},
	}
	for _, c := range cases {
		got := Normalize(c.in, Options{Lexicon: lex})
		if got != c.want {
			t.Errorf("Normalize(%q)\n got  %q\n want %q", c.in, got, c.want)
		}
		checkOutput(t, c.in, got)
	}
	// keys that differ only in case: the same winner every time, whatever
	// the order in which the map is walked
	first := Normalize("kia", Options{Lexicon: lex})
	for range 50 {
		if got := Normalize("kia", Options{Lexicon: lex}); got != first {
			t.Fatalf("lexicon order is not stable: %q then %q", first, got)
		}
	}
}

func TestNumberToWords(t *testing.T) {
	cases := []struct {
		n    uint64
		fem  bool
		want string
	}{
		{0, false, "cero"},
		{1, false, "uno"},
		{1, true, "una"},
		{9, false, "nueve"},
		{10, false, "diez"},
		{11, false, "once"},
		{15, false, "quince"},
		{16, false, "dieciséis"},
		{20, false, "veinte"},
		{21, false, "veintiuno"},
		{21, true, "veintiuna"},
		{22, false, "veintidós"},
		{23, false, "veintitrés"},
		{26, false, "veintiséis"},
		{30, false, "treinta"},
		{31, false, "treinta y uno"},
		{31, true, "treinta y una"},
		{45, false, "cuarenta y cinco"},
		{99, false, "noventa y nueve"},
		{100, false, "cien"},
		{101, false, "ciento uno"},
		{101, true, "ciento una"},
		{115, false, "ciento quince"},
		{121, false, "ciento veintiuno"},
		{200, false, "doscientos"},
		{200, true, "doscientas"},
		{300, false, "trescientos"},
		{400, false, "cuatrocientos"},
		{500, false, "quinientos"},
		{500, true, "quinientas"},
		{600, false, "seiscientos"},
		{700, false, "setecientos"},
		{800, false, "ochocientos"},
		{900, false, "novecientos"},
		{900, true, "novecientas"},
		{999, false, "novecientos noventa y nueve"},
		{1000, false, "mil"},
		{1000, true, "mil"},
		{1001, false, "mil uno"},
		{1001, true, "mil una"},
		{1100, false, "mil cien"},
		{2000, false, "dos mil"},
		{2026, false, "dos mil veintiséis"},
		{9990, false, "nueve mil novecientos noventa"},
		{21000, false, "veintiún mil"},
		{21000, true, "veintiún mil"},
		{31000, false, "treinta y un mil"},
		{100000, false, "cien mil"},
		{101000, false, "ciento un mil"},
		{200000, true, "doscientas mil"},
		{500500, true, "quinientas mil quinientas"},
		{1000000, false, "un millón"},
		{1000000, true, "un millón"},
		{1000001, false, "un millón uno"},
		{1500000, false, "un millón quinientos mil"},
		{2000000, false, "dos millones"},
		{21000000, false, "veintiún millones"},
		{200000000, true, "doscientos millones"},
		{1000000000, false, "mil millones"},
		{2500000000, false, "dos mil quinientos millones"},
		{1000000000000, false, "un billón"},
		{2000000000000, false, "dos billones"},
		{1000000000000000, false, "mil billones"},
		{1000000000000000000, false, "un trillón"},
		{18446744073709551615, false, "dieciocho trillones cuatrocientos cuarenta y seis mil setecientos cuarenta y cuatro billones " +
			"setenta y tres mil setecientos nueve millones quinientos cincuenta y un mil seiscientos quince"},
	}
	for _, c := range cases {
		if got := NumberToWords(c.n, c.fem); got != c.want {
			t.Errorf("NumberToWords(%d, %v) = %q, want %q", c.n, c.fem, got, c.want)
		}
	}
}

func TestOrdinalWords(t *testing.T) {
	cases := []struct {
		n    int
		g    gender
		want string
	}{
		{1, gMasc, "primero"}, {1, gApoc, "primer"}, {1, gFem, "primera"},
		{2, gMasc, "segundo"}, {3, gApoc, "tercer"}, {3, gFem, "tercera"},
		{7, gMasc, "séptimo"}, {10, gMasc, "décimo"}, {10, gFem, "décima"},
		{11, gMasc, "undécimo"}, {12, gMasc, "duodécimo"}, {13, gApoc, "decimotercer"},
		{18, gMasc, "decimoctavo"}, {20, gMasc, "vigésimo"}, {21, gFem, "vigésima primera"},
		{21, gApoc, "vigésimo primer"}, {99, gMasc, "nonagésimo noveno"}, {100, gMasc, "centésimo"},
		{0, gMasc, "cero"}, {150, gMasc, "ciento cincuenta"},
	}
	for _, c := range cases {
		if got := ordinalWords(c.n, c.g); got != c.want {
			t.Errorf("ordinalWords(%d, %d) = %q, want %q", c.n, c.g, got, c.want)
		}
	}
}

// checkOutput holds for every output: valid UTF-8, no double spaces, no
// space at either end, empty only for blank input (or, with canDelete, when
// a lexicon entry that says nothing took all the words).
func checkOutput(t *testing.T, in, out string, canDelete ...bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("Normalize(%q) = %q: invalid UTF-8", in, out)
	}
	if strings.Contains(out, "  ") {
		t.Errorf("Normalize(%q) = %q: double space", in, out)
	}
	if strings.TrimSpace(out) != out {
		t.Errorf("Normalize(%q) = %q: space at an end", in, out)
	}
	if out == "" && clean(in) != "" && len(canDelete) == 0 {
		t.Errorf("Normalize(%q) is empty", in)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, c := range normalizeCases {
		f.Add(c.in, "Hyundai", "jiundái")
	}
	f.Add("Mall Plaza 2x1", "Mall Plaza", "mol plása")
	f.Add("a\u0301b 1\u20e3 #\ufe0f\u20e3", "a\u0301", "")
	f.Add("0\x84", "0", " ") // a lexicon entry that says nothing may leave nothing
	f.Fuzz(func(t *testing.T, text, key, say string) {
		// normalize, not Normalize: a panic must fail the fuzz test rather
		// than be recovered.
		out := normalize(text, Options{Lexicon: Lexicon{key: say, "MBI": "eme be i"}})
		checkOutput(t, text, out, clean(say) == "")
		if out != Normalize(text, Options{Lexicon: Lexicon{key: say, "MBI": "eme be i"}}) {
			t.Errorf("Normalize(%q) is not deterministic", text)
		}
	})
}

// benchText is a typical announcement of about 300 characters.
const benchText = "Atención clientes: el Sr. dueño del vehículo patente BC-DF-12 debe acercarse al Est. N° 5 del 2° piso. " +
	"Hoy 24/12 hasta las 21:00 hrs tenemos 20% de dcto. en tiendas seleccionadas y packs 3x2 desde $9.990. " +
	"Consultas al +56 9 1234 5678. ¡Feliz Navidad! 🎄"

func BenchmarkNormalize(b *testing.B) {
	opts := Options{Lexicon: Lexicon{"Hyundai": "jiundái", "MBI": "eme be i", "Mall Plaza": "mol plása"}}
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(benchText, opts)
	}
}

func BenchmarkNormalizeNoLexicon(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(benchText, Options{})
	}
}

// TestDocExamples checks every `"in" → "out"` example in doc.go, so that
// the user documentation cannot drift from the code.
func TestDocExamples(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	example := regexp.MustCompile(`^//\t(?:Lexicon(\{.*\}): )?"(.*)" → "(.*)"(?: \(.*\))?$`)
	pair := regexp.MustCompile(`"([^"]*)": "([^"]*)"`)
	seen := 0
	for line := range strings.SplitSeq(string(src), "\n") {
		m := example.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		seen++
		var opts Options
		if m[1] != "" {
			opts.Lexicon = Lexicon{}
			for _, kv := range pair.FindAllStringSubmatch(m[1], -1) {
				opts.Lexicon[kv[1]] = kv[2]
			}
		}
		if got := Normalize(m[2], opts); got != m[3] {
			t.Errorf("doc.go: Normalize(%q) = %q, documented %q", m[2], got, m[3])
		}
	}
	if seen < 80 {
		t.Fatalf("found only %d examples in doc.go; has the format changed?", seen)
	}
}
