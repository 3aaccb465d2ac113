package schedules

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	// The host's zone files come first, kept current by its tzdata package
	// when a country moves its clock changes; this embedded copy answers on
	// hosts without them (minimal containers). Replicas should run the same
	// tzdata, as they run the same binary.
	_ "time/tzdata"

	"mediaflow/domain"
)

// Kind says how a rule repeats.
type Kind string

// The kinds of rule.
const (
	// KindOnce fires at one local date and time.
	KindOnce Kind = "once"
	// KindWeekly fires at set local times on chosen weekdays.
	KindWeekly Kind = "weekly"
	// KindInterval fires every N minutes inside a daily local window on
	// chosen weekdays.
	KindInterval Kind = "interval"
)

// Limits on rule fields.
const (
	maxTimes        = 24
	maxEveryMinutes = 720
)

const (
	secondsPerDay = 24 * 60 * 60
	// maxZoneShift bounds how far an instant can sit from the wall-clock
	// reading that produced it: a UTC offset (at most 14 hours, some
	// historical ones near 16) and a skipped gap (at most one day).
	maxZoneShift = 26 * 60 * 60
	// dayMargin is how many local days before a bound the search starts,
	// because a zone's offset and its gaps can move an instant across days.
	dayMargin = 3
	// nextScanDays is how many days Next scans from its first day: the
	// margin, one full week of weekdays, and room for the margin again.
	nextScanDays = 2*dayMargin + 7 + 4
	// maxOccurrenceDays caps the days one Occurrences call scans, so an
	// unbounded range cannot run for ever.
	maxOccurrenceDays = 3660
	// maxSpans caps the zone offset changes looked at around one day.
	maxSpans = 16
)

// Rule says when a schedule fires. All strings are local to the tenant's
// zone.
type Rule struct {
	Kind         Kind     `json:"kind"`
	At           string   `json:"at,omitempty"`            // once: "2026-12-24T18:30" (seconds ":00" also accepted)
	Times        []string `json:"times,omitempty"`         // weekly: ["09:00","18:30"]
	Weekdays     []string `json:"weekdays,omitempty"`      // weekly, interval: "mon".."sun"
	EveryMinutes int      `json:"every_minutes,omitempty"` // interval: 1..720
	WindowStart  string   `json:"window_start,omitempty"`  // interval: "HH:MM"
	WindowEnd    string   `json:"window_end,omitempty"`    // interval: "HH:MM", inclusive, after WindowStart
	StartDate    string   `json:"start_date,omitempty"`    // optional "YYYY-MM-DD", inclusive
	EndDate      string   `json:"end_date,omitempty"`      // optional "YYYY-MM-DD", inclusive: the whole local day counts
}

// WeekdayName returns the lowercase three-letter English name of d, "mon"
// to "sun", or "" when d is not a weekday.
func WeekdayName(d time.Weekday) string {
	switch d {
	case time.Monday:
		return "mon"
	case time.Tuesday:
		return "tue"
	case time.Wednesday:
		return "wed"
	case time.Thursday:
		return "thu"
	case time.Friday:
		return "fri"
	case time.Saturday:
		return "sat"
	case time.Sunday:
		return "sun"
	}
	return ""
}

// ParseWeekday returns the weekday named by one of the names WeekdayName
// returns. Names are matched exactly; Rule.Normalized lowercases input
// first.
func ParseWeekday(name string) (time.Weekday, error) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if WeekdayName(d) == name {
			return d, nil
		}
	}
	return 0, domain.Invalid("invalid_weekday", fmt.Sprintf("unknown weekday %q", name), nil)
}

// Normalized returns a copy with weekdays lowercased, de-duplicated and
// ordered mon to sun, times de-duplicated and sorted, "at" rewritten as
// "YYYY-MM-DDTHH:MM", surrounding spaces trimmed, and fields that the kind
// does not use cleared. Values it cannot read are kept for Validate to
// report. Call it before Validate and before storing.
func (r Rule) Normalized() Rule {
	n := r
	n.Kind = Kind(strings.ToLower(strings.TrimSpace(string(r.Kind))))
	n.At = normalizeAt(r.At)
	n.Times = normalizeTimes(r.Times)
	n.Weekdays = normalizeWeekdays(r.Weekdays)
	n.WindowStart = strings.TrimSpace(r.WindowStart)
	n.WindowEnd = strings.TrimSpace(r.WindowEnd)
	n.StartDate = strings.TrimSpace(r.StartDate)
	n.EndDate = strings.TrimSpace(r.EndDate)
	return clearUnused(n)
}

func normalizeAt(at string) string {
	at = strings.TrimSpace(at)
	day, minute, ok := parseAt(at)
	if !ok {
		return at
	}
	return fmt.Sprintf("%sT%02d:%02d", day.Format(time.DateOnly), minute/60, minute%60)
}

func normalizeTimes(times []string) []string {
	var out []string
	for _, t := range times {
		out = append(out, strings.TrimSpace(t))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// normalizeWeekdays orders known names mon to sun and keeps unknown ones
// after them, once each, so that Validate can name them.
func normalizeWeekdays(names []string) []string {
	var known [7]bool
	var unknown []string
	for _, name := range names {
		name = strings.ToLower(strings.TrimSpace(name))
		if d, err := ParseWeekday(name); err == nil {
			known[d] = true
		} else if !slices.Contains(unknown, name) {
			unknown = append(unknown, name)
		}
	}
	var out []string
	for i := range 7 {
		if d := mondayFirst(i); known[d] {
			out = append(out, WeekdayName(d))
		}
	}
	return append(out, unknown...)
}

// mondayFirst returns the i-th weekday of a week that starts on Monday.
func mondayFirst(i int) time.Weekday {
	return time.Weekday((i + 1) % 7)
}

// clearUnused empties the fields that r's kind does not read.
func clearUnused(r Rule) Rule {
	switch r.Kind {
	case KindOnce:
		r.Times, r.Weekdays = nil, nil
		r.EveryMinutes, r.WindowStart, r.WindowEnd = 0, "", ""
	case KindWeekly:
		r.At = ""
		r.EveryMinutes, r.WindowStart, r.WindowEnd = 0, "", ""
	case KindInterval:
		r.At, r.Times = "", nil
	}
	return r
}

// Validate reports every problem at once as an invalid_schedule error whose
// details are keyed by JSON field name. It checks the rule as given; call
// Normalized first to accept loose input.
func (r Rule) Validate() error {
	details := map[string]string{}
	switch r.Kind {
	case KindOnce:
		r.validateOnce(details)
	case KindWeekly:
		r.validateWeekly(details)
	case KindInterval:
		r.validateInterval(details)
	case "":
		details["kind"] = "is required"
	default:
		details["kind"] = "must be once, weekly or interval"
	}
	if r.Kind == KindOnce || r.Kind == KindWeekly || r.Kind == KindInterval {
		r.rejectUnused(details)
	}
	r.validateDates(details)
	if len(details) == 0 {
		return nil
	}
	return domain.Invalid("invalid_schedule", "the schedule rule is not valid", details)
}

func (r Rule) validateOnce(details map[string]string) {
	if r.At == "" {
		details["at"] = "is required"
	} else if _, _, ok := parseAt(r.At); !ok {
		details["at"] = "must be a local date and time like 2026-12-24T18:30"
	}
}

func (r Rule) validateWeekly(details map[string]string) {
	if msg := checkTimes(r.Times); msg != "" {
		details["times"] = msg
	}
	if msg := checkWeekdays(r.Weekdays); msg != "" {
		details["weekdays"] = msg
	}
}

func (r Rule) validateInterval(details map[string]string) {
	if r.EveryMinutes < 1 || r.EveryMinutes > maxEveryMinutes {
		details["every_minutes"] = fmt.Sprintf("must be between 1 and %d", maxEveryMinutes)
	}
	start, okStart := checkClockField(details, "window_start", r.WindowStart)
	end, okEnd := checkClockField(details, "window_end", r.WindowEnd)
	if okStart && okEnd && end <= start {
		details["window_end"] = "must be after window_start"
	}
	if msg := checkWeekdays(r.Weekdays); msg != "" {
		details["weekdays"] = msg
	}
}

// rejectUnused flags fields that belong to another kind of rule.
func (r Rule) rejectUnused(details map[string]string) {
	set := map[string]bool{
		"at":            r.At != "",
		"times":         len(r.Times) > 0,
		"weekdays":      len(r.Weekdays) > 0,
		"every_minutes": r.EveryMinutes != 0,
		"window_start":  r.WindowStart != "",
		"window_end":    r.WindowEnd != "",
	}
	for field, isSet := range set {
		if isSet && !usesField(r.Kind, field) {
			details[field] = fmt.Sprintf("is not used by %s schedules", r.Kind)
		}
	}
}

// usesField reports whether rules of kind k read the given JSON field.
func usesField(k Kind, field string) bool {
	switch field {
	case "at":
		return k == KindOnce
	case "times":
		return k == KindWeekly
	case "weekdays":
		return k == KindWeekly || k == KindInterval
	}
	return k == KindInterval
}

func (r Rule) validateDates(details map[string]string) {
	start, okStart := checkDateField(details, "start_date", r.StartDate)
	end, okEnd := checkDateField(details, "end_date", r.EndDate)
	if okStart && okEnd && end.Before(start) {
		details["end_date"] = "must not be before start_date"
	}
}

// checkTimes returns what is wrong with a weekly rule's times, or "".
func checkTimes(times []string) string {
	switch {
	case len(times) == 0:
		return "at least one time is required"
	case len(times) > maxTimes:
		return fmt.Sprintf("at most %d times are allowed", maxTimes)
	}
	seen := map[string]bool{}
	for _, t := range times {
		if _, ok := parseClock(t); !ok {
			return fmt.Sprintf("%q must be a time like 09:00 between 00:00 and 23:59", t)
		}
		if seen[t] {
			return fmt.Sprintf("%q is repeated", t)
		}
		seen[t] = true
	}
	return ""
}

// checkWeekdays returns what is wrong with a rule's weekdays, or "".
func checkWeekdays(names []string) string {
	if len(names) == 0 {
		return "at least one weekday is required"
	}
	var seen [7]bool
	for _, name := range names {
		d, err := ParseWeekday(name)
		if err != nil {
			return fmt.Sprintf("%q must be one of mon, tue, wed, thu, fri, sat, sun", name)
		}
		if seen[d] {
			return fmt.Sprintf("%q is repeated", name)
		}
		seen[d] = true
	}
	return ""
}

// checkClockField reads a required "HH:MM" field, noting a problem in
// details, and returns its minutes after midnight.
func checkClockField(details map[string]string, field, value string) (int, bool) {
	if value == "" {
		details[field] = "is required"
		return 0, false
	}
	minute, ok := parseClock(value)
	if !ok {
		details[field] = "must be a time like 09:00 between 00:00 and 23:59"
	}
	return minute, ok
}

// checkDateField reads an optional "YYYY-MM-DD" field, noting a problem in
// details, and reports whether it holds a valid date.
func checkDateField(details map[string]string, field, value string) (time.Time, bool) {
	if value == "" {
		return time.Time{}, false
	}
	day, ok := parseDate(value)
	if !ok {
		details[field] = "must be a date like 2026-12-24"
	}
	return day, ok
}

// parseClock reads "HH:MM" with two-digit hours and minutes and returns the
// minutes after midnight.
func parseClock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, okH := parseDigits(s[:2])
	m, okM := parseDigits(s[3:])
	if !okH || !okM || h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

// parseDate reads "YYYY-MM-DD" and returns the civil day as midnight UTC.
func parseDate(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y, okY := parseDigits(s[:4])
	m, okM := parseDigits(s[5:7])
	d, okD := parseDigits(s[8:])
	if !okY || !okM || !okD || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	day := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if day.Day() != d { // the month is shorter, e.g. 2026-02-30
		return time.Time{}, false
	}
	return day, true
}

// parseAt reads "YYYY-MM-DDTHH:MM", optionally followed by ":00", and
// returns the civil day and the minutes after midnight.
func parseAt(s string) (time.Time, int, bool) {
	if len(s) == 19 && strings.HasSuffix(s, ":00") {
		s = s[:16]
	}
	if len(s) != 16 || s[10] != 'T' {
		return time.Time{}, 0, false
	}
	day, okDay := parseDate(s[:10])
	minute, okMinute := parseClock(s[11:])
	return day, minute, okDay && okMinute
}

// parseDigits reads a non-empty run of ASCII digits.
func parseDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, s != ""
}

// Next returns the first occurrence strictly after after, as a UTC instant,
// and false when there is none (a once rule in the past, an end date
// passed). It reads the rule's normalized form and returns false when that
// form is not valid. A nil loc means UTC.
func (r Rule) Next(after time.Time, loc *time.Location) (time.Time, bool) {
	p, ok := r.plan()
	if !ok {
		return time.Time{}, false
	}
	loc = orUTC(loc)
	first := p.clampFirst(addDays(localDay(after, loc), -dayMargin))
	last := p.clampLast(addDays(first, nextScanDays))
	var next time.Time
	found := false
	p.walk(first, last, loc, func(t time.Time) bool {
		if t.After(after) {
			next, found = t, true
		}
		return !found
	})
	return next, found
}

// Occurrences lists occurrences t with from <= t < to, ascending, at most
// limit of them (limit <= 0 means no limit), as UTC instants. Like Next it
// reads the rule's normalized form and a nil loc means UTC. It scans at most
// about ten years of local days, so callers wanting more page with from.
func (r Rule) Occurrences(from, to time.Time, loc *time.Location, limit int) []time.Time {
	p, ok := r.plan()
	if !ok || !from.Before(to) {
		return nil
	}
	loc = orUTC(loc)
	first := p.clampFirst(addDays(localDay(from, loc), -dayMargin))
	last := p.clampLast(addDays(localDay(to, loc), dayMargin))
	if farthest := addDays(first, maxOccurrenceDays); last.After(farthest) {
		last = farthest
	}
	var out []time.Time
	p.walk(first, last, loc, func(t time.Time) bool {
		if t.Before(from) {
			return true
		}
		if !t.Before(to) {
			return false
		}
		out = append(out, t)
		return limit <= 0 || len(out) < limit
	})
	return out
}

// plan is a valid rule reduced to what the occurrence search reads.
type plan struct {
	minutes  []int   // wall-clock minutes after local midnight
	weekdays [7]bool // indexed by time.Weekday
	// first and last bound the scheduled civil days, as midnight UTC, when
	// hasFirst and hasLast say so.
	first, last       time.Time
	hasFirst, hasLast bool
}

// plan reduces the normalized rule, reporting false when it is invalid or
// can never fire.
func (r Rule) plan() (plan, bool) {
	n := r.Normalized()
	if n.Validate() != nil {
		return plan{}, false
	}
	var p plan
	p.first, p.hasFirst = parseDate(n.StartDate)
	p.last, p.hasLast = parseDate(n.EndDate)
	switch n.Kind {
	case KindOnce:
		return p.once(n.At)
	case KindWeekly:
		for _, t := range n.Times {
			minute, _ := parseClock(t)
			p.minutes = append(p.minutes, minute)
		}
	case KindInterval:
		start, _ := parseClock(n.WindowStart)
		end, _ := parseClock(n.WindowEnd)
		for m := start; m <= end; m += n.EveryMinutes {
			p.minutes = append(p.minutes, m)
		}
	}
	for _, name := range n.Weekdays {
		d, _ := ParseWeekday(name)
		p.weekdays[d] = true
	}
	return p, true
}

// once narrows p to the single day and time of a once rule.
func (p plan) once(at string) (plan, bool) {
	day, minute, _ := parseAt(at)
	if !p.allows(day) {
		return plan{}, false
	}
	p.minutes = []int{minute}
	p.weekdays = [7]bool{true, true, true, true, true, true, true}
	p.first, p.last, p.hasFirst, p.hasLast = day, day, true, true
	return p, true
}

// allows reports whether the civil day lies within the rule's dates.
func (p plan) allows(day time.Time) bool {
	return (!p.hasFirst || !day.Before(p.first)) && (!p.hasLast || !day.After(p.last))
}

func (p plan) clampFirst(day time.Time) time.Time {
	if p.hasFirst && day.Before(p.first) {
		return p.first
	}
	return day
}

func (p plan) clampLast(day time.Time) time.Time {
	if p.hasLast && day.After(p.last) {
		return p.last
	}
	return day
}

// walk hands yield the fire times scheduled on the civil days first to
// last, ascending and without duplicates, until yield returns false. A gap
// can push one day's time past the next day's first time, so times wait in
// pending until no later day can fire before them.
func (p plan) walk(first, last time.Time, loc *time.Location, yield func(time.Time) bool) {
	days := (last.Unix() - first.Unix()) / secondsPerDay
	var pending []int64
	day := first
	for i := int64(0); i <= days; i++ {
		pending = append(pending, p.fireTimes(day, loc)...)
		slices.Sort(pending)
		pending = slices.Compact(pending)
		day = addDays(day, 1)
		settled := 0
		for settled < len(pending) && pending[settled] < day.Unix()-maxZoneShift {
			settled++
		}
		if !emit(pending[:settled], yield) {
			return
		}
		pending = slices.Delete(pending, 0, settled)
	}
	emit(pending, yield)
}

// emit passes Unix times to yield and reports whether it wants more.
func emit(times []int64, yield func(time.Time) bool) bool {
	for _, u := range times {
		if !yield(time.Unix(u, 0).UTC()) {
			return false
		}
	}
	return true
}

// fireTimes returns the instants, in Unix seconds, of the times scheduled on
// one civil day, in no particular order.
func (p plan) fireTimes(day time.Time, loc *time.Location) []int64 {
	if !p.weekdays[day.Weekday()] || !p.allows(day) {
		return nil
	}
	midnight := day.Unix()
	spans := zoneSpans(loc, midnight-maxZoneShift, midnight+secondsPerDay+maxZoneShift)
	out := make([]int64, 0, len(p.minutes))
	for _, m := range p.minutes {
		out = append(out, resolve(midnight+int64(m)*60, spans))
	}
	return out
}

// span is a stretch of time [start, end), in Unix seconds, during which a
// zone keeps one UTC offset.
type span struct {
	start, end int64
	offset     int64
}

// zoneSpans lists loc's spans in time order, from the one holding from to
// the one that reaches past to.
func zoneSpans(loc *time.Location, from, to int64) []span {
	var spans []span
	t := time.Unix(from, 0).In(loc)
	for range maxSpans {
		_, offset := t.Zone()
		start, end := t.ZoneBounds()
		s := span{start: math.MinInt64, end: math.MaxInt64, offset: int64(offset)}
		if !start.IsZero() {
			s.start = start.Unix()
		}
		if !end.IsZero() {
			s.end = end.Unix()
		}
		spans = append(spans, s)
		if s.end > to || s.end <= t.Unix() {
			break
		}
		t = end.In(loc)
	}
	return spans
}

// resolve turns a wall-clock reading, written as the Unix seconds it would
// be if the zone were UTC, into an instant. A reading that happens twice
// gives the earlier instant; one skipped by a gap is read with the offset
// from before the gap, which moves it forward by the gap's length.
func resolve(wall int64, spans []span) int64 {
	for i, s := range spans {
		t := wall - s.offset
		if t < s.start && i > 0 {
			return wall - spans[i-1].offset
		}
		if t < s.end {
			return t
		}
	}
	return wall - spans[len(spans)-1].offset
}

// localDay returns the civil day of t in loc as midnight UTC.
func localDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// addDays steps a civil day held as midnight UTC.
func addDays(day time.Time, n int) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d+n, 0, 0, 0, 0, time.UTC)
}

func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}
