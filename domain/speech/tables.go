package speech

// letterNames spell licence plates (and anything else read letter by letter).
var letterNames = map[byte]string{
	'A': "a", 'B': "be", 'C': "ce", 'D': "de", 'E': "e", 'F': "efe", 'G': "ge",
	'H': "hache", 'I': "i", 'J': "jota", 'K': "ka", 'L': "ele", 'M': "eme", 'N': "ene",
	'O': "o", 'P': "pe", 'Q': "cu", 'R': "erre", 'S': "ese", 'T': "te", 'U': "u",
	'V': "ve", 'W': "doble ve", 'X': "equis", 'Y': "i griega", 'Z': "zeta",
}

// plateConsonants are the letters of post-2007 Chilean plates (no vowels,
// no M, N, Ñ or Q). Space-separated new-format plates must use only these,
// so that upper-case prose such as "PISO 12" or "DE LA 12" is not spelled.
const plateConsonants = "BCDFGHJKLPRSTVWXYZ"

var monthNames = [13]string{"", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

var monthDays = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

var monthIndex = map[string]int{
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
	"agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}

// abbreviation is an abbreviation written out. needDot: only recognised with
// its period ("Of." but not the English "of"). sentence: it often ends a
// sentence, so a period that also closes the sentence is kept ("… etc." →
// "… etcétera.").
type abbreviation struct {
	say               string
	needDot, sentence bool
}

// abbreviations are keyed by the lower-case spelling without the period.
var abbreviations = map[string]abbreviation{
	"sr":    {say: "señor"},
	"sra":   {say: "señora"},
	"srta":  {say: "señorita"},
	"sres":  {say: "señores"},
	"sras":  {say: "señoras"},
	"dr":    {say: "doctor"},
	"dra":   {say: "doctora"},
	"av":    {say: "avenida"},
	"avda":  {say: "avenida"},
	"depto": {say: "departamento"},
	"dpto":  {say: "departamento"},
	"of":    {say: "oficina", needDot: true},
	"est":   {say: "estacionamiento", needDot: true},
	"loc":   {say: "local", needDot: true},
	"pje":   {say: "pasaje", needDot: true},
	"tel":   {say: "teléfono", needDot: true},
	"cel":   {say: "celular", needDot: true},
	"gral":  {say: "general", needDot: true},
	"prof":  {say: "profesor", needDot: true},
	"cía":   {say: "compañía", needDot: true},
	"ud":    {say: "usted"},
	"uds":   {say: "ustedes"},
	"stgo":  {say: "Santiago"},
	"aprox": {say: "aproximadamente", sentence: true},
	"etc":   {say: "etcétera", sentence: true},
	"dcto":  {say: "descuento", sentence: true},
	"ltda":  {say: "limitada", sentence: true},
	"atte":  {say: "atentamente", sentence: true},
	"min":   {say: "minutos", needDot: true, sentence: true},
	"mín":   {say: "minutos", needDot: true, sentence: true},
	"hrs":   {say: "horas", sentence: true},
	"kg":    {say: "kilos", sentence: true},
	"kgs":   {say: "kilos", sentence: true},
	"km":    {say: "kilómetros", sentence: true},
	"kms":   {say: "kilómetros", sentence: true},
}

// unit is a unit of measure written after a number.
type unit struct {
	one, many string
	g         gender
	exact     bool // single letters and "mm" only in lower case: "5 m", not "5 M"
	compound  bool // also read without a number before it (m², km/h)
}

var (
	unitSquareMetre = unit{one: "metro cuadrado", many: "metros cuadrados", g: gApoc, compound: true}
	unitCubicMetre  = unit{one: "metro cúbico", many: "metros cúbicos", g: gApoc, compound: true}
	unitKmh         = unit{one: "kilómetro por hora", many: "kilómetros por hora", g: gApoc, compound: true}
)

var units = map[string]unit{
	"kg":   {one: "kilo", many: "kilos", g: gApoc},
	"kgs":  {one: "kilo", many: "kilos", g: gApoc},
	"g":    {one: "gramo", many: "gramos", g: gApoc, exact: true},
	"gr":   {one: "gramo", many: "gramos", g: gApoc},
	"grs":  {one: "gramo", many: "gramos", g: gApoc},
	"mg":   {one: "miligramo", many: "miligramos", g: gApoc},
	"km":   {one: "kilómetro", many: "kilómetros", g: gApoc},
	"kms":  {one: "kilómetro", many: "kilómetros", g: gApoc},
	"m":    {one: "metro", many: "metros", g: gApoc, exact: true},
	"mt":   {one: "metro", many: "metros", g: gApoc},
	"mts":  {one: "metro", many: "metros", g: gApoc},
	"cm":   {one: "centímetro", many: "centímetros", g: gApoc},
	"cms":  {one: "centímetro", many: "centímetros", g: gApoc},
	"mm":   {one: "milímetro", many: "milímetros", g: gApoc, exact: true},
	"l":    {one: "litro", many: "litros", g: gApoc, exact: true},
	"lt":   {one: "litro", many: "litros", g: gApoc},
	"lts":  {one: "litro", many: "litros", g: gApoc},
	"ml":   {one: "mililitro", many: "mililitros", g: gApoc},
	"cc":   {one: "centímetro cúbico", many: "centímetros cúbicos", g: gApoc},
	"h":    {one: "hora", many: "horas", g: gFemHour, exact: true},
	"hr":   {one: "hora", many: "horas", g: gFemHour},
	"hrs":  {one: "hora", many: "horas", g: gFemHour},
	"hs":   {one: "hora", many: "horas", g: gFemHour},
	"min":  {one: "minuto", many: "minutos", g: gApoc},
	"mins": {one: "minuto", many: "minutos", g: gApoc},
	"mín":  {one: "minuto", many: "minutos", g: gApoc},
	"seg":  {one: "segundo", many: "segundos", g: gApoc},
	"segs": {one: "segundo", many: "segundos", g: gApoc},
}

// hourUnits may follow a time of day: "14:30 hrs", "14:00 horas".
var hourUnits = map[string]bool{"h": true, "hr": true, "hrs": true, "hs": true, "hora": false, "horas": false}

// currency is how an amount of money is read.
type currency struct {
	one, many string
	cents     bool // "US$ 19,99" → "diecinueve dólares con noventa y nueve centavos"
}

var (
	pesos   = currency{one: "peso", many: "pesos"}
	dollars = currency{one: "dólar", many: "dólares", cents: true}
	euros   = currency{one: "euro", many: "euros", cents: true}
)

// currencyCodes may come before or after an amount: "CLP 5.000", "20 USD".
var currencyCodes = map[string]currency{"CLP": pesos, "USD": dollars, "EUR": euros}

// currencyNouns already name the currency: "$5.000 pesos" is not read "pesos pesos".
var currencyNouns = map[string]bool{
	"peso": true, "pesos": true, "dólar": true, "dólares": true, "dolar": true, "dolares": true,
	"euro": true, "euros": true,
}

// multipliers may follow a price: "$2 millones" → "dos millones de pesos".
var multipliers = map[string]string{
	"mil": "mil", "millón": "millón", "millon": "millón", "millones": "millón",
	"MM": "millón", "billón": "billón", "billon": "billón", "billones": "billón",
}

// femNouns make the number before them feminine: "21 personas" →
// "veintiuna personas", "200 cuotas" → "doscientas cuotas".
var femNouns = set(
	"persona", "personas", "semana", "semanas", "cuadra", "cuadras", "unidad", "unidades",
	"vez", "veces", "caja", "cajas", "entrada", "entradas", "tienda", "tiendas", "sala", "salas",
	"mesa", "mesas", "cuota", "cuotas", "noche", "noches", "visita", "visitas", "botella", "botellas",
	"bolsa", "bolsas", "puerta", "puertas", "tarjeta", "tarjetas", "oferta", "ofertas",
	"promoción", "promociones", "prenda", "prendas", "pieza", "piezas", "plaza", "plazas",
	"calle", "calles", "escalera", "escaleras", "libra", "libras", "tonelada", "toneladas",
	"uf", "utm", "cuadras", "mascota", "mascotas", "niña", "niñas", "función", "funciones",
	"película", "películas", "familia", "familias", "marca", "marcas", "opción", "opciones",
)

// mascNouns shorten an ordinal before them: "1° piso" → "primer piso".
var mascNouns = set(
	"piso", "nivel", "lugar", "puesto", "premio", "día", "año", "subterráneo", "subsuelo",
	"aniversario", "sorteo", "concurso", "ganador", "patio", "acceso", "llamado", "semestre",
	"trimestre", "tiempo", "grado", "local", "estacionamiento", "sector", "módulo", "pasillo",
)

// functionWords follow a number without making it an adjective: "1 de cada
// 10" is "uno de cada diez", not "un de cada diez".
var functionWords = set(
	"de", "del", "a", "al", "y", "e", "o", "u", "en", "por", "para", "con", "sin", "que", "es",
	"son", "fue", "era", "será", "hasta", "desde", "entre", "sobre", "tras", "hacia", "según",
	"como", "cuando", "donde", "pero", "ni", "se", "le", "lo", "la", "las", "los", "el", "un",
	"una", "unos", "unas", "más", "menos", "ya", "no", "si", "sí", "vs", "x",
)

// temperatureWords before "28°" make it degrees rather than an ordinal.
var temperatureWords = set(
	"temperatura", "temperaturas", "máxima", "máximas", "mínima", "mínimas", "grados", "calor",
	"frío", "térmica", "termómetro", "clima", "ambiente",
)

// fractionNouns may follow "1/2", "1/4", "3/4" (1 masculine, 2 feminine).
var fractionNouns = map[string]int{
	"kilo": 1, "kilos": 1, "litro": 1, "litros": 1, "metro": 1, "metros": 1,
	"hora": 2, "horas": 2, "docena": 2, "docenas": 2, "taza": 2, "tazas": 2,
}

// ordinalSuffixes: "1ro", "1er", "2da", "4to", "7mo", "8vo", "9no", "10mo".
var ordinalSuffixes = map[string]gender{
	"ro": gMasc, "ero": gMasc, "do": gMasc, "to": gMasc, "mo": gMasc, "vo": gMasc, "no": gMasc,
	"ra": gFem, "era": gFem, "da": gFem, "ta": gFem, "ma": gFem, "va": gFem, "na": gFem,
	"er": gApoc,
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
