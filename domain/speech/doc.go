// Package speech rewrites announcement text so that a Spanish (Chile)
// text-to-speech voice reads it well: numbers, prices, times, dates,
// ordinals, abbreviations, units and licence plates become words.
//
//	speech.Normalize("Sr. dueño del auto patente BC-DF-12: acérquese al 1° piso.", speech.Options{})
//	// "señor dueño del auto patente be ce de efe uno dos: acérquese al primer piso."
//
// Normalize never fails and never panics; text that no rule recognises is
// left exactly as written (words, emoji, punctuation), and the output never
// holds two spaces in a row. Normalizing twice is not guaranteed to be a
// no-op. NumberToWords is the number reader on its own.
//
// # Conventions
//
// Chilean writing: the dot groups thousands and the comma starts decimals.
// A dot is read as a decimal point only where it cannot group thousands
// (one, two or four or more digits after it, or a leading zero before it).
// Rules write lower-case words; text they do not touch keeps its case.
//
// # Rules, in the order they apply
//
// Lexicon. Each tenant's lexicon is applied first, longest phrase first,
// whole words only, ignoring case (a key written exactly as in the text
// wins over one that differs only in case). Its output is final: no other
// rule touches it, so a brand's spoken spelling always wins. An empty value
// deletes the phrase.
//
//	Lexicon{"Hyundai": "jiundái", "MBI": "eme be i"}: "Hyundai de MBI" → "jiundái de eme be i"
//	Lexicon{"4K": "cuatro ka"}: "TV 4K" → "TV cuatro ka"
//
// Whitespace. Runs of spaces, tabs and line breaks become one space, ends
// are trimmed, and control characters and invalid UTF-8 become spaces.
//
//	"hola     mundo" → "hola mundo"
//
// Licence plates, letter by letter with Spanish letter names (a be ce de e
// efe ge hache i jota ka ele eme ene eñe o pe cu erre ese te u ve, doble ve,
// equis, i griega, zeta) and digits one by one. Old format, two letters and
// four digits: "AB1234", "AB-1234", "AB 12 34", "AB·12·34". Current format,
// four letters and two digits: "BCDF12", "BCDF-12", "BC-DF-12", "BC·DF·12",
// "BC DF 12". Written without separators or with spaces a plate must be in
// capitals; with dashes, dots or middle dots it may be in lower case.
// Space-separated forms that could be capitalised prose ("PISO 12",
// "EN 2026") are plates only with the letters real plates use (no vowels,
// M, N, Ñ or Q).
//
//	"BC-DF-12" → "be ce de efe uno dos"
//	"AB 12 34" → "a be uno dos tres cuatro"
//	"bcdf12" → "bcdf12" (not a plate)
//
// Prices, with "un peso", "veintiún pesos", and "de" after round millions.
// Prefixes "$", "CLP", "CLP$", "US$", "USD", "€", "EUR"; suffixes "CLP",
// "USD", "EUR"; an optional "mil", "millones" or "MM" after the amount.
// Dollars and euros with two decimals are read with cents. If the currency
// is already written after the amount it is not repeated.
//
//	"$9.990" → "nueve mil novecientos noventa pesos"
//	"$1.500.000" → "un millón quinientos mil pesos"
//	"$1" → "un peso"
//	"$ 2.000" → "dos mil pesos"
//	"$2.000.000" → "dos millones de pesos"
//	"$1,5 millones" → "uno coma cinco millones de pesos"
//	"CLP 5.000" → "cinco mil pesos"
//	"US$ 20" → "veinte dólares"
//	"US$ 19,99" → "diecinueve dólares con noventa y nueve centavos"
//	"€20" → "veinte euros"
//	"$990 c/u" → "novecientos noventa pesos cada uno"
//
// Percentages, with or without a space.
//
//	"20%" → "veinte por ciento"
//	"12,5 %" → "doce coma cinco por ciento"
//	"50%-70%" → "cincuenta por ciento a setenta por ciento"
//
// Times of day. Minutes are read as a number after the hour, with "cero"
// before single digits; on the hour the hour is followed by "horas"; one
// o'clock is "una". "hrs", "h", "hs" or "horas" after a time are absorbed.
// "14.30" is a time only before "hrs"/"h"/"horas" or after "la"/"las".
//
//	"14:30" → "catorce treinta"
//	"9:05" → "nueve cero cinco"
//	"14:00 hrs" → "catorce horas"
//	"14 hrs" → "catorce horas"
//	"14h" → "catorce horas"
//	"14h30" → "catorce treinta"
//	"a las 21:00" → "a las veintiún horas"
//	"a las 21:30 hrs" → "a las veintiuna treinta horas"
//	"a la 1:00" → "a la una"
//	"a las 14.30" → "a las catorce treinta"
//	"10:00-21:00" → "diez horas a veintiún horas"
//
// Dates, day first, with the year when written (two-digit years are 20xx).
// The first day of a month is "primero", as usually said in Chile. A day
// and month without a year need a slash ("24-12" is a range, see below).
// "24/7" is read "veinticuatro siete", and "1/2", "1/4", "3/4" before a unit
// are fractions.
//
//	"24/12/2026" → "veinticuatro de diciembre de dos mil veintiséis"
//	"24-12-2026" → "veinticuatro de diciembre de dos mil veintiséis"
//	"24.12.2026" → "veinticuatro de diciembre de dos mil veintiséis"
//	"2026-12-24" → "veinticuatro de diciembre de dos mil veintiséis"
//	"24/12" → "veinticuatro de diciembre"
//	"1/5" → "primero de mayo"
//	"1 de mayo" → "primero de mayo"
//	"abierto 24/7" → "abierto veinticuatro siete"
//	"1/2 kg" → "medio kilo"
//	"1/2 hora" → "media hora"
//
// Ordinals, 1 to 100, written with "°", "º", "ª", "1.º" or a suffix ("ro",
// "er", "do", "da", "ra", "to", "mo", "vo", "no"). Feminine with "ª" or a
// suffix in -a; "primer" and "tercer" with "er" or before a common masculine
// noun (piso, nivel, lugar, premio, aniversario, …). "°" after a number
// above 100, or after a temperature word (temperatura, máxima, …), is
// degrees.
//
//	"1°" → "primero"
//	"1° piso" → "primer piso"
//	"1er" → "primer"
//	"2do" → "segundo"
//	"3ra" → "tercera"
//	"2ª" → "segunda"
//	"10°" → "décimo"
//	"25° aniversario" → "vigésimo quinto aniversario"
//	"Temperatura: 28°" → "Temperatura: veintiocho grados"
//
// Number signs: "N°", "Nº", "n°", "N.º", "Nro.", "Núm." and "#" before a number.
//
//	"N° 5" → "número cinco"
//	"#5" → "número cinco"
//
// Temperatures with a scale, and negative numbers.
//
//	"-5 °C" → "menos cinco grados"
//	"36,5°C" → "treinta y seis coma cinco grados"
//	"77 °F" → "setenta y siete grados Fahrenheit"
//	"nivel -1" → "nivel menos uno"
//
// Units after a number, singular for one, "una hora" for hours. kg, kgs,
// g, gr, grs, mg, km, kms, m, mt, mts, cm, mm, l, L, lt, lts, ml, cc, m2,
// m², m3, m³, km/h, h, hr, hrs, hs, min, mins, mín, seg. Single letters and
// "mm" only in lower case ("5G" and "5 M" stay as written).
//
//	"1 kg" → "un kilo"
//	"1,5 kg" → "uno coma cinco kilos"
//	"100 m2" → "cien metros cuadrados"
//	"80 km/h" → "ochenta kilómetros por hora"
//	"21 min" → "veintiún minutos"
//
// Abbreviations, with or without their period unless noted. Sr. señor,
// Sra. señora, Srta. señorita, Sres. señores, Dr. doctor, Dra. doctora, Av.
// and Avda. avenida, Depto. and Dpto. departamento, Of. oficina (period
// required), Est. estacionamiento (period required), Loc. local, Pje.
// pasaje, Tel. teléfono, Cel. celular, Gral. general, Prof. profesor, Cía.
// compañía (these with the period), Ud. usted, Uds. ustedes, Stgo. Santiago,
// aprox. aproximadamente, etc. etcétera, dcto. descuento, Ltda. limitada,
// Atte. atentamente, min. and mín. minutos (period required), hrs. horas,
// kg kilos, km kilómetros, m2 and m² metros cuadrados, c/u cada uno, s/n sin
// número. The period of an abbreviation is dropped, except when a new
// sentence follows an abbreviation that can end one (etc., aprox., hrs.,
// min., units): then it stays as the sentence's period.
//
//	"Sr. Pérez" → "señor Pérez"
//	"Av. Kennedy" → "avenida Kennedy"
//	"Depto. 12" → "departamento doce"
//	"Of. 301" → "oficina trescientos uno"
//	"Est. 5" → "estacionamiento cinco"
//	"aprox. 5 min." → "aproximadamente cinco minutos"
//	"papas, etc. Gracias" → "papas, etcétera. Gracias"
//	"precio por kg" → "precio por kilos"
//	"m²" → "metros cuadrados"
//
// Products and ranges: "x" between numbers is "por", a dash between numbers
// is "a".
//
//	"3x2" → "tres por dos"
//	"2 x 1" → "dos por uno"
//	"10-20 kg" → "diez a veinte kilos"
//	"talla 38-42" → "talla treinta y ocho a cuarenta y dos"
//
// RUT (national id) numbers, with the check digit after "guion".
//
//	"12.345.678-K" → "doce millones trescientos cuarenta y cinco mil seiscientos setenta y ocho guion ka"
//
// Telephone numbers are read digit by digit, group by group, with a comma
// between groups for a short pause; after "+" the country code is read as a
// number. Without "+" a phone needs three or more groups ending in a group of
// four ("9 1234 5678", "600 600 1234"). A bare run of eight or more digits
// is read digit by digit.
//
//	"+56 9 1234 5678" → "más cincuenta y seis, nueve, uno dos tres cuatro, cinco seis siete ocho"
//	"9 1234 5678" → "nueve, uno dos tres cuatro, cinco seis siete ocho"
//	"22345678" → "dos dos tres cuatro cinco seis siete ocho"
//
// Decimals: the integer part as a number, then "coma", then the decimals
// (leading zeros as "cero", up to three more digits as a number, longer
// tails digit by digit).
//
//	"3,5" → "tres coma cinco"
//	"0,75" → "cero coma setenta y cinco"
//	"1.5" → "uno coma cinco"
//	"3,14159" → "tres coma uno cuatro uno cinco nueve"
//
// Integers, of any size a uint64 holds (up to "dieciocho trillones …"; more
// digits are read one by one), with Chile's long scales (millón, billón =
// 10^12, trillón = 10^18). "uno" becomes "un" before a lower-case noun, and
// the number agrees with a following feminine noun from a small built-in
// list (personas, cuotas, entradas, tiendas, unidades, …) or after "la" /
// "las". Years (1000–2999 without a dot) keep "uno". A leading zero means a
// code, read digit by digit.
//
//	"1.500" → "mil quinientos"
//	"2026" → "dos mil veintiséis"
//	"1.000.000.000.000" → "un billón"
//	"21 años" → "veintiún años"
//	"1 de cada 10" → "uno de cada diez"
//	"21 personas" → "veintiuna personas"
//	"200.000 personas" → "doscientas mil personas"
//	"a las 21" → "a las veintiuna"
//	"007" → "cero cero siete"
//
// Numbers inside words are left as written, because their reading depends
// on the product ("MP3", "4K", "5G", "iPhone15", "B2"); add them to the
// lexicon to choose a reading. Keycap emoji ("1️⃣") are left alone too.
//
//	"MP3 y TV 4K" → "MP3 y TV 4K"
package speech
