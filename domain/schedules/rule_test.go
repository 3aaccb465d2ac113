package schedules_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"mediaflow/domain"
	"mediaflow/domain/schedules"
)

var everyDay = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

func loadZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return v
}

// localTimes formats instants in loc, so that a comparison checks both the
// instant and the UTC offset in force. It fails when an instant is not UTC.
func localTimes(t testing.TB, times []time.Time, loc *time.Location) []string {
	t.Helper()
	out := []string{}
	for _, v := range times {
		if v.Location() != time.UTC {
			t.Errorf("%v is in %v, want UTC", v, v.Location())
		}
		out = append(out, v.In(loc).Format(time.RFC3339))
	}
	return out
}

func weekly(times []string, weekdays ...string) schedules.Rule {
	return schedules.Rule{Kind: schedules.KindWeekly, Times: times, Weekdays: weekdays}
}

func interval(every int, start, end string, weekdays ...string) schedules.Rule {
	return schedules.Rule{Kind: schedules.KindInterval, EveryMinutes: every, WindowStart: start, WindowEnd: end, Weekdays: weekdays}
}

func once(at string) schedules.Rule {
	return schedules.Rule{Kind: schedules.KindOnce, At: at}
}

// The daylight-saving cases below assume these changes; this test proves
// that the zone database in use agrees before anything relies on it.
func TestSantiagoTransitionsComeFromTzdata(t *testing.T) {
	loc := loadZone(t, "America/Santiago")
	cases := []struct {
		year                       int
		fallBack, springForward    string
		lastBeforeFall, atFall     string
		lastBeforeSpring, atSpring string
	}{
		{2026, "2026-04-05T03:00:00Z", "2026-09-06T04:00:00Z",
			"2026-04-04T23:59:59-03:00", "2026-04-04T23:00:00-04:00",
			"2026-09-05T23:59:59-04:00", "2026-09-06T01:00:00-03:00"},
		{2027, "2027-04-04T03:00:00Z", "2027-09-05T04:00:00Z",
			"2027-04-03T23:59:59-03:00", "2027-04-03T23:00:00-04:00",
			"2027-09-04T23:59:59-04:00", "2027-09-05T01:00:00-03:00"},
	}
	for _, c := range cases {
		t.Run(time.Date(c.year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006"), func(t *testing.T) {
			got := transitions(loc, c.year)
			want := []time.Time{mustTime(t, c.fallBack), mustTime(t, c.springForward)}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("transitions in %d = %v, want %v", c.year, got, want)
			}
			readings := []string{
				want[0].Add(-time.Second).In(loc).Format(time.RFC3339), want[0].In(loc).Format(time.RFC3339),
				want[1].Add(-time.Second).In(loc).Format(time.RFC3339), want[1].In(loc).Format(time.RFC3339),
			}
			wantReadings := []string{c.lastBeforeFall, c.atFall, c.lastBeforeSpring, c.atSpring}
			if !reflect.DeepEqual(readings, wantReadings) {
				t.Errorf("local readings = %v, want %v", readings, wantReadings)
			}
			fall := want[0].Add(-time.Second).In(loc)
			if fall.Weekday() != time.Saturday || fall.Month() != time.April || fall.Day() > 7 {
				t.Errorf("fall-back day %v is not the first Saturday of April", fall)
			}
			spring := want[1].In(loc)
			if spring.Weekday() != time.Sunday || spring.Month() != time.September || spring.Day() > 7 {
				t.Errorf("spring-forward day %v is not the first Sunday of September", spring)
			}
		})
	}
}

// transitions lists the instants in year at which loc changes its offset.
func transitions(loc *time.Location, year int) []time.Time {
	var out []time.Time
	t := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	for {
		_, end := t.In(loc).ZoneBounds()
		if end.IsZero() || end.Year() != year {
			return out
		}
		out = append(out, end.UTC())
		t = end
	}
}

func TestOccurrencesAroundDaylightSaving(t *testing.T) {
	santiago := loadZone(t, "America/Santiago")
	cases := []struct {
		name     string
		rule     schedules.Rule
		zone     *time.Location
		from, to string
		want     []string
	}{
		{
			name: "a 00:30 time in the 2026 spring gap fires once, at 01:30 -03",
			rule: weekly([]string{"00:30"}, everyDay...), zone: santiago,
			from: "2026-09-05T00:00:00-04:00", to: "2026-09-08T00:00:00-03:00",
			want: []string{"2026-09-05T00:30:00-04:00", "2026-09-06T01:30:00-03:00", "2026-09-07T00:30:00-03:00"},
		},
		{
			name: "a 00:30 time in the 2027 spring gap fires once, at 01:30 -03",
			rule: weekly([]string{"00:30"}, everyDay...), zone: santiago,
			from: "2027-09-04T00:00:00-04:00", to: "2027-09-07T00:00:00-03:00",
			want: []string{"2027-09-04T00:30:00-04:00", "2027-09-05T01:30:00-03:00", "2027-09-06T00:30:00-03:00"},
		},
		{
			name: "a 23:30 time repeated by the 2026 fall-back fires once, at the earlier instant",
			rule: weekly([]string{"23:30"}, everyDay...), zone: santiago,
			from: "2026-04-03T00:00:00-03:00", to: "2026-04-06T00:00:00-04:00",
			want: []string{"2026-04-03T23:30:00-03:00", "2026-04-04T23:30:00-03:00", "2026-04-05T23:30:00-04:00"},
		},
		{
			name: "a 23:30 time repeated by the 2027 fall-back fires once, at the earlier instant",
			rule: weekly([]string{"23:30"}, everyDay...), zone: santiago,
			from: "2027-04-02T00:00:00-03:00", to: "2027-04-05T00:00:00-04:00",
			want: []string{"2027-04-02T23:30:00-03:00", "2027-04-03T23:30:00-03:00", "2027-04-04T23:30:00-04:00"},
		},
		{
			name: "a 09:00 time stays at 09:00 on both sides of the fall-back",
			rule: weekly([]string{"09:00"}, everyDay...), zone: santiago,
			from: "2026-04-04T00:00:00-03:00", to: "2026-04-06T00:00:00-04:00",
			want: []string{"2026-04-04T09:00:00-03:00", "2026-04-05T09:00:00-04:00"},
		},
		{
			name: "interval times in the spring gap collapse onto the times after it",
			rule: interval(30, "00:00", "01:30", "sun"), zone: santiago,
			from: "2026-09-05T00:00:00-04:00", to: "2026-09-07T00:00:00-03:00",
			want: []string{"2026-09-06T01:00:00-03:00", "2026-09-06T01:30:00-03:00"},
		},
		{
			name: "interval times in the fall-back overlap fire only on the first pass",
			rule: interval(30, "22:30", "23:59", "sat"), zone: santiago,
			from: "2026-04-04T00:00:00-03:00", to: "2026-04-05T12:00:00-04:00",
			want: []string{"2026-04-04T22:30:00-03:00", "2026-04-04T23:00:00-03:00", "2026-04-04T23:30:00-03:00"},
		},
		{
			name: "a once time in the spring gap moves forward by the gap",
			rule: once("2027-09-05T00:15"), zone: santiago,
			from: "2027-01-01T00:00:00Z", to: "2028-01-01T00:00:00Z",
			want: []string{"2027-09-05T01:15:00-03:00"},
		},
		{
			name: "a once time in the fall-back overlap takes the earlier instant",
			rule: once("2027-04-03T23:45"), zone: santiago,
			from: "2027-01-01T00:00:00Z", to: "2028-01-01T00:00:00Z",
			want: []string{"2027-04-03T23:45:00-03:00"},
		},
		{
			name: "a skipped whole day merges its time with the next day's",
			rule: weekly([]string{"10:00"}, everyDay...), zone: loadZone(t, "Pacific/Apia"),
			from: "2011-12-29T00:00:00-10:00", to: "2012-01-02T00:00:00+14:00",
			want: []string{"2011-12-29T10:00:00-10:00", "2011-12-31T10:00:00+14:00", "2012-01-01T10:00:00+14:00"},
		},
		{
			name: "a half-hour shift in Lord Howe moves a gap time by thirty minutes",
			rule: weekly([]string{"02:15"}, "sun"), zone: loadZone(t, "Australia/Lord_Howe"),
			from: "2012-10-06T00:00:00+10:30", to: "2012-10-08T00:00:00+11:00",
			want: []string{"2012-10-07T02:45:00+11:00"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.rule.Occurrences(mustTime(t, c.from), mustTime(t, c.to), c.zone, 0)
			if s := localTimes(t, got, c.zone); !reflect.DeepEqual(s, c.want) {
				t.Errorf("Occurrences = %v, want %v", s, c.want)
			}
		})
	}
}

func TestWeekdaysAcrossTheWeekBoundary(t *testing.T) {
	loc := loadZone(t, "America/Santiago")
	rule := weekly([]string{"09:00"}, "sun", "mon")
	got := rule.Occurrences(mustTime(t, "2026-03-02T00:00:00-03:00"), mustTime(t, "2026-03-16T00:00:00-03:00"), loc, 0)
	want := []string{
		"2026-03-02T09:00:00-03:00", // Monday
		"2026-03-08T09:00:00-03:00", // Sunday
		"2026-03-09T09:00:00-03:00", // Monday
		"2026-03-15T09:00:00-03:00", // Sunday
	}
	if s := localTimes(t, got, loc); !reflect.DeepEqual(s, want) {
		t.Fatalf("Occurrences = %v, want %v", s, want)
	}
	wantDays := []string{"mon", "sun", "mon", "sun"}
	for i, v := range got {
		if name := schedules.WeekdayName(v.In(loc).Weekday()); name != wantDays[i] {
			t.Errorf("occurrence %d falls on %s, want %s", i, name, wantDays[i])
		}
	}

	late := weekly([]string{"23:30"}, "sun")
	got = late.Occurrences(mustTime(t, "2026-03-02T00:00:00-03:00"), mustTime(t, "2026-03-16T00:00:00-03:00"), loc, 0)
	want = []string{"2026-03-08T23:30:00-03:00", "2026-03-15T23:30:00-03:00"}
	if s := localTimes(t, got, loc); !reflect.DeepEqual(s, want) {
		t.Errorf("Sunday 23:30, which is Monday in UTC: Occurrences = %v, want %v", s, want)
	}
}

func TestDatesBoundWholeLocalDays(t *testing.T) {
	loc := loadZone(t, "America/Santiago")
	rule := weekly([]string{"00:00", "23:30"}, everyDay...)
	rule.StartDate, rule.EndDate = "2026-06-10", "2026-06-11"
	got := rule.Occurrences(mustTime(t, "2026-06-01T00:00:00-04:00"), mustTime(t, "2026-06-20T00:00:00-04:00"), loc, 0)
	want := []string{
		"2026-06-10T00:00:00-04:00", "2026-06-10T23:30:00-04:00",
		"2026-06-11T00:00:00-04:00", "2026-06-11T23:30:00-04:00",
	}
	if s := localTimes(t, got, loc); !reflect.DeepEqual(s, want) {
		t.Fatalf("Occurrences = %v, want %v", s, want)
	}

	next, ok := rule.Next(mustTime(t, "2026-06-11T23:29:00-04:00"), loc)
	if !ok || next.In(loc).Format(time.RFC3339) != "2026-06-11T23:30:00-04:00" {
		t.Errorf("Next before 23:30 on the end date = %v, %v; want 2026-06-11T23:30:00-04:00", next, ok)
	}
	if next, ok := rule.Next(mustTime(t, "2026-06-11T23:30:00-04:00"), loc); ok {
		t.Errorf("Next after the last time on the end date = %v, want none", next)
	}
}

func TestIntervalWindowEndIsInclusive(t *testing.T) {
	loc := loadZone(t, "America/Santiago")
	from, to := mustTime(t, "2026-06-01T00:00:00-04:00"), mustTime(t, "2026-06-02T00:00:00-04:00")
	cases := []struct {
		name string
		rule schedules.Rule
		want []string
	}{
		{"a step that lands on the end fires at the end", interval(30, "09:00", "10:00", "mon"),
			[]string{"2026-06-01T09:00:00-04:00", "2026-06-01T09:30:00-04:00", "2026-06-01T10:00:00-04:00"}},
		{"a step that overshoots the end stops before it", interval(25, "09:00", "10:00", "mon"),
			[]string{"2026-06-01T09:00:00-04:00", "2026-06-01T09:25:00-04:00", "2026-06-01T09:50:00-04:00"}},
		{"one-minute steps include both bounds", interval(1, "10:00", "10:02", "mon"),
			[]string{"2026-06-01T10:00:00-04:00", "2026-06-01T10:01:00-04:00", "2026-06-01T10:02:00-04:00"}},
		{"the longest step fires twice in a full day", interval(720, "00:00", "23:59", "mon"),
			[]string{"2026-06-01T00:00:00-04:00", "2026-06-01T12:00:00-04:00"}},
		{"a weekday not chosen does not fire", interval(30, "09:00", "10:00", "tue"), []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if s := localTimes(t, c.rule.Occurrences(from, to, loc, 0), loc); !reflect.DeepEqual(s, c.want) {
				t.Errorf("Occurrences = %v, want %v", s, c.want)
			}
		})
	}
}

func TestNext(t *testing.T) {
	santiago := loadZone(t, "America/Santiago")
	later := weekly([]string{"09:00"}, "mon")
	later.StartDate = "2030-01-01"
	ended := weekly([]string{"09:00"}, "mon")
	ended.EndDate = "2026-01-31"
	loose := schedules.Rule{Kind: "Weekly", Times: []string{"18:00", "09:00", "09:00"}, Weekdays: []string{"SUN", "Mon"}, At: "ignored"}
	cases := []struct {
		name  string
		rule  schedules.Rule
		zone  *time.Location
		after string
		want  string // "" when there is no next occurrence
	}{
		{"once in the future", once("2026-12-24T18:30"), santiago, "2026-06-01T00:00:00Z", "2026-12-24T18:30:00-03:00"},
		{"once written with seconds", once("2026-12-24T18:30:00"), santiago, "2026-06-01T00:00:00Z", "2026-12-24T18:30:00-03:00"},
		{"once in the past", once("2026-01-10T10:00"), santiago, "2026-06-01T00:00:00Z", ""},
		{"once at exactly after is not next", once("2026-12-24T18:30"), santiago, "2026-12-24T18:30:00-03:00", ""},
		{"once a nanosecond before", once("2026-12-24T18:30"), santiago, "2026-12-24T18:29:59.999999999-03:00", "2026-12-24T18:30:00-03:00"},
		{"weekly at exactly an occurrence gives the following one", weekly([]string{"09:00", "18:00"}, "mon"), santiago,
			"2026-03-02T09:00:00-03:00", "2026-03-02T18:00:00-03:00"},
		{"weekly a nanosecond after the last time of the week", weekly([]string{"09:00", "18:00"}, "mon"), santiago,
			"2026-03-02T18:00:00.000000001-03:00", "2026-03-09T09:00:00-03:00"},
		{"Saturday evening moves to Sunday", weekly([]string{"09:00"}, "sun", "mon"), santiago,
			"2026-03-07T20:00:00-03:00", "2026-03-08T09:00:00-03:00"},
		{"the spring gap day fires after the gap", weekly([]string{"00:30"}, everyDay...), santiago,
			"2026-09-06T01:00:00-03:00", "2026-09-06T01:30:00-03:00"},
		{"after the moved time comes the next day", weekly([]string{"00:30"}, everyDay...), santiago,
			"2026-09-06T01:30:00-03:00", "2026-09-07T00:30:00-03:00"},
		{"after the first 23:30 of the fall-back skips the second", weekly([]string{"23:30"}, everyDay...), santiago,
			"2026-04-04T23:30:00-03:00", "2026-04-05T23:30:00-04:00"},
		{"a start date years ahead", later, santiago, "2026-06-01T00:00:00Z", "2030-01-07T09:00:00-03:00"},
		{"an end date passed", ended, santiago, "2026-06-01T00:00:00Z", ""},
		{"an interval inside its window", interval(15, "10:00", "21:00", "mon"), santiago,
			"2026-03-02T10:07:00-03:00", "2026-03-02T10:15:00-03:00"},
		{"an interval after its window", interval(15, "10:00", "21:00", "mon"), santiago,
			"2026-03-02T21:00:00-03:00", "2026-03-09T10:00:00-03:00"},
		{"a nil zone means UTC", weekly([]string{"09:00"}, "mon"), nil, "2026-03-01T00:00:00Z", "2026-03-02T09:00:00Z"},
		{"loose input is normalized first", loose, santiago, "2026-03-02T10:00:00-03:00", "2026-03-02T18:00:00-03:00"},
		{"an invalid rule has none", weekly([]string{"25:00"}, "mon"), santiago, "2026-03-01T00:00:00Z", ""},
		{"an unknown kind has none", schedules.Rule{Kind: "daily"}, santiago, "2026-03-01T00:00:00Z", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.rule.Next(mustTime(t, c.after), c.zone)
			if c.want == "" {
				if ok {
					t.Errorf("Next = %v, want none", got)
				}
				return
			}
			if !ok {
				t.Fatalf("Next found nothing, want %s", c.want)
			}
			if got.Location() != time.UTC {
				t.Errorf("Next is in %v, want UTC", got.Location())
			}
			if !got.Equal(mustTime(t, c.want)) {
				t.Errorf("Next = %v, want %s", got, c.want)
			}
		})
	}
}

func TestOccurrencesLimitAndRange(t *testing.T) {
	loc := loadZone(t, "America/Santiago")
	rule := weekly([]string{"09:00"}, everyDay...)
	from, to := mustTime(t, "2026-03-01T09:00:00-03:00"), mustTime(t, "2026-03-11T09:00:00-03:00")
	cases := []struct {
		name     string
		from, to time.Time
		limit    int
		want     int
	}{
		{"from is included and to is not", from, to, 0, 10},
		{"a limit keeps the earliest", from, to, 3, 3},
		{"a negative limit means no limit", from, to, -1, 10},
		{"an empty range has nothing", from, from, 0, 0},
		{"a reversed range has nothing", to, from, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := rule.Occurrences(c.from, c.to, loc, c.limit)
			if len(got) != c.want {
				t.Fatalf("got %d occurrences, want %d: %v", len(got), c.want, got)
			}
			if c.want > 0 && !got[0].Equal(c.from) {
				t.Errorf("first occurrence = %v, want %v", got[0], c.from)
			}
		})
	}
}

// Occurrences and repeated calls to Next must agree.
func TestOccurrencesMatchRepeatedNext(t *testing.T) {
	loc := loadZone(t, "America/Santiago")
	rules := map[string]schedules.Rule{
		"weekly":   weekly([]string{"00:30", "23:30"}, everyDay...),
		"interval": interval(20, "00:00", "01:40", "sat", "sun"),
	}
	from, to := mustTime(t, "2026-04-01T00:00:00Z"), mustTime(t, "2026-09-15T00:00:00Z")
	for name, rule := range rules {
		t.Run(name, func(t *testing.T) {
			want := rule.Occurrences(from, to, loc, 0)
			var got []time.Time
			for at, ok := rule.Next(from.Add(-time.Nanosecond), loc); ok && at.Before(to); at, ok = rule.Next(at, loc) {
				got = append(got, at)
			}
			if len(want) == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("Next chain has %d times, Occurrences %d; they differ", len(got), len(want))
			}
		})
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name string
		rule schedules.Rule
		want map[string]string // nil when valid
	}{
		{"a valid once", once("2026-12-24T18:30"), nil},
		{"a valid weekly", weekly([]string{"09:00", "18:30"}, "mon", "fri"), nil},
		{"a valid interval", interval(15, "10:00", "21:00", "sat", "sun"), nil},
		{"valid dates on the same day", schedules.Rule{Kind: "weekly", Times: []string{"00:00"}, Weekdays: []string{"mon"},
			StartDate: "2026-02-28", EndDate: "2026-02-28"}, nil},
		{"a missing kind", schedules.Rule{}, map[string]string{"kind": "is required"}},
		{"an unknown kind", schedules.Rule{Kind: "daily"}, map[string]string{"kind": "must be once, weekly or interval"}},
		{"a kind in capitals before normalizing", schedules.Rule{Kind: "ONCE", At: "2026-12-24T18:30"},
			map[string]string{"kind": "must be once, weekly or interval"}},
		{"once without at", schedules.Rule{Kind: "once"}, map[string]string{"at": "is required"}},
		{"once with a bad at and fields of other kinds", schedules.Rule{Kind: "once", At: "2026-12-24 18:30",
			Times: []string{"09:00"}, Weekdays: []string{"mon"}, EveryMinutes: 5, WindowStart: "09:00", WindowEnd: "10:00"},
			map[string]string{
				"at":            "must be a local date and time like 2026-12-24T18:30",
				"times":         "is not used by once schedules",
				"weekdays":      "is not used by once schedules",
				"every_minutes": "is not used by once schedules",
				"window_start":  "is not used by once schedules",
				"window_end":    "is not used by once schedules",
			}},
		{"once with non-zero seconds", once("2026-12-24T18:30:15"),
			map[string]string{"at": "must be a local date and time like 2026-12-24T18:30"}},
		{"once on a day that does not exist", once("2026-02-29T10:00"),
			map[string]string{"at": "must be a local date and time like 2026-12-24T18:30"}},
		{"weekly with nothing", schedules.Rule{Kind: "weekly"},
			map[string]string{"times": "at least one time is required", "weekdays": "at least one weekday is required"}},
		{"weekly with a one-digit hour", weekly([]string{"9:00"}, "mon"),
			map[string]string{"times": `"9:00" must be a time like 09:00 between 00:00 and 23:59`}},
		{"weekly with 24:00", weekly([]string{"24:00"}, "mon"),
			map[string]string{"times": `"24:00" must be a time like 09:00 between 00:00 and 23:59`}},
		{"weekly with a repeated time", weekly([]string{"09:00", "09:00"}, "mon"),
			map[string]string{"times": `"09:00" is repeated`}},
		{"weekly with 25 times", weekly(manyTimes(25), "mon"), map[string]string{"times": "at most 24 times are allowed"}},
		{"weekly with 24 times", weekly(manyTimes(24), "mon"), nil},
		{"weekly with a capitalised weekday", weekly([]string{"09:00"}, "Mon"),
			map[string]string{"weekdays": `"Mon" must be one of mon, tue, wed, thu, fri, sat, sun`}},
		{"weekly with a repeated weekday", weekly([]string{"09:00"}, "mon", "mon"),
			map[string]string{"weekdays": `"mon" is repeated`}},
		{"weekly with interval fields", schedules.Rule{Kind: "weekly", Times: []string{"09:00"}, Weekdays: []string{"mon"},
			At: "2026-12-24T18:30", EveryMinutes: 10},
			map[string]string{"at": "is not used by weekly schedules", "every_minutes": "is not used by weekly schedules"}},
		{"interval with nothing", schedules.Rule{Kind: "interval"}, map[string]string{
			"every_minutes": "must be between 1 and 720",
			"window_start":  "is required",
			"window_end":    "is required",
			"weekdays":      "at least one weekday is required",
		}},
		{"interval too frequent and a bad window", interval(0, "9:00", "10:60", "mon"), map[string]string{
			"every_minutes": "must be between 1 and 720",
			"window_start":  "must be a time like 09:00 between 00:00 and 23:59",
			"window_end":    "must be a time like 09:00 between 00:00 and 23:59",
		}},
		{"interval too rare", interval(721, "09:00", "10:00", "mon"), map[string]string{"every_minutes": "must be between 1 and 720"}},
		{"interval whose window ends at its start", interval(5, "10:00", "10:00", "mon"),
			map[string]string{"window_end": "must be after window_start"}},
		{"interval across midnight", interval(5, "22:00", "02:00", "mon"),
			map[string]string{"window_end": "must be after window_start"}},
		{"interval with times", schedules.Rule{Kind: "interval", EveryMinutes: 5, WindowStart: "09:00", WindowEnd: "10:00",
			Weekdays: []string{"mon"}, Times: []string{"09:00"}}, map[string]string{"times": "is not used by interval schedules"}},
		{"bad dates", schedules.Rule{Kind: "weekly", Times: []string{"09:00"}, Weekdays: []string{"mon"},
			StartDate: "2026-13-01", EndDate: "26-01-01"}, map[string]string{
			"start_date": "must be a date like 2026-12-24",
			"end_date":   "must be a date like 2026-12-24",
		}},
		{"an end date before the start date", schedules.Rule{Kind: "weekly", Times: []string{"09:00"}, Weekdays: []string{"mon"},
			StartDate: "2026-06-02", EndDate: "2026-06-01"}, map[string]string{"end_date": "must not be before start_date"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.rule.Validate()
			if c.want == nil {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			var derr *domain.Error
			if !errors.As(err, &derr) {
				t.Fatalf("Validate = %v, want a *domain.Error", err)
			}
			if derr.Code != "invalid_schedule" || !errors.Is(err, domain.ErrInvalid) {
				t.Errorf("code %q kind %v, want invalid_schedule and invalid", derr.Code, derr.Kind)
			}
			if !reflect.DeepEqual(derr.Details, c.want) {
				t.Errorf("details = %v, want %v", derr.Details, c.want)
			}
		})
	}
}

// manyTimes returns n distinct valid times.
func manyTimes(n int) []string {
	var out []string
	for i := range n {
		out = append(out, time.Date(2026, 1, 1, i%24, i/24, 0, 0, time.UTC).Format("15:04"))
	}
	return out
}

func TestNormalized(t *testing.T) {
	cases := []struct {
		name     string
		in, want schedules.Rule
	}{
		{"weekdays are lowercased, de-duplicated and ordered mon to sun",
			schedules.Rule{Kind: " Weekly ", Times: []string{"09:00"}, Weekdays: []string{"SUN", "wed", "Mon", "sun", " fri "}},
			schedules.Rule{Kind: "weekly", Times: []string{"09:00"}, Weekdays: []string{"mon", "wed", "fri", "sun"}}},
		{"unknown weekdays stay after the known ones for Validate to report",
			schedules.Rule{Kind: "weekly", Times: []string{"09:00"}, Weekdays: []string{"Funday", "tue", "funday"}},
			schedules.Rule{Kind: "weekly", Times: []string{"09:00"}, Weekdays: []string{"tue", "funday"}}},
		{"times are de-duplicated and sorted",
			schedules.Rule{Kind: "weekly", Times: []string{"18:30", "09:00", " 18:30", "00:00"}, Weekdays: []string{"mon"}},
			schedules.Rule{Kind: "weekly", Times: []string{"00:00", "09:00", "18:30"}, Weekdays: []string{"mon"}}},
		{"at loses its seconds",
			schedules.Rule{Kind: "once", At: " 2026-12-24T18:30:00 "},
			schedules.Rule{Kind: "once", At: "2026-12-24T18:30"}},
		{"an unreadable at is kept",
			schedules.Rule{Kind: "once", At: "tomorrow"},
			schedules.Rule{Kind: "once", At: "tomorrow"}},
		{"once drops the fields of other kinds and keeps dates",
			schedules.Rule{Kind: "once", At: "2026-12-24T18:30", Times: []string{"09:00"}, Weekdays: []string{"mon"},
				EveryMinutes: 5, WindowStart: "09:00", WindowEnd: "10:00", StartDate: "2026-01-01", EndDate: "2026-12-31"},
			schedules.Rule{Kind: "once", At: "2026-12-24T18:30", StartDate: "2026-01-01", EndDate: "2026-12-31"}},
		{"weekly drops at and interval fields",
			schedules.Rule{Kind: "weekly", At: "2026-12-24T18:30", Times: []string{"09:00"}, Weekdays: []string{"mon"},
				EveryMinutes: 5, WindowStart: "09:00", WindowEnd: "10:00"},
			schedules.Rule{Kind: "weekly", Times: []string{"09:00"}, Weekdays: []string{"mon"}}},
		{"interval drops at and times",
			schedules.Rule{Kind: "interval", At: "2026-12-24T18:30", Times: []string{"09:00"}, Weekdays: []string{"mon"},
				EveryMinutes: 5, WindowStart: "09:00", WindowEnd: "10:00"},
			schedules.Rule{Kind: "interval", Weekdays: []string{"mon"}, EveryMinutes: 5, WindowStart: "09:00", WindowEnd: "10:00"}},
		{"an unknown kind keeps every field",
			schedules.Rule{Kind: "daily", At: "x", Times: []string{"09:00"}, EveryMinutes: 5},
			schedules.Rule{Kind: "daily", At: "x", Times: []string{"09:00"}, EveryMinutes: 5}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.in.Normalized(); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Normalized = %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestNormalizedLeavesTheOriginalAlone(t *testing.T) {
	in := weekly([]string{"18:00", "09:00"}, "SUN", "mon")
	_ = in.Normalized()
	if !reflect.DeepEqual(in.Times, []string{"18:00", "09:00"}) || !reflect.DeepEqual(in.Weekdays, []string{"SUN", "mon"}) {
		t.Errorf("the original changed: %+v", in)
	}
}

func TestWeekdayNames(t *testing.T) {
	want := map[time.Weekday]string{
		time.Monday: "mon", time.Tuesday: "tue", time.Wednesday: "wed", time.Thursday: "thu",
		time.Friday: "fri", time.Saturday: "sat", time.Sunday: "sun",
	}
	for d, name := range want {
		if got := schedules.WeekdayName(d); got != name {
			t.Errorf("WeekdayName(%v) = %q, want %q", d, got, name)
		}
		if got, err := schedules.ParseWeekday(name); err != nil || got != d {
			t.Errorf("ParseWeekday(%q) = %v, %v; want %v", name, got, err, d)
		}
	}
	if got := schedules.WeekdayName(time.Weekday(7)); got != "" {
		t.Errorf("WeekdayName(7) = %q, want empty", got)
	}
	for _, bad := range []string{"", "Mon", "monday", "lun"} {
		_, err := schedules.ParseWeekday(bad)
		var derr *domain.Error
		if !errors.As(err, &derr) || derr.Code != "invalid_weekday" {
			t.Errorf("ParseWeekday(%q) error = %v, want invalid_weekday", bad, err)
		}
	}
}

func TestRuleJSONFieldNames(t *testing.T) {
	rule := schedules.Rule{Kind: schedules.KindInterval, Weekdays: []string{"mon"}, EveryMinutes: 15,
		WindowStart: "10:00", WindowEnd: "21:00", StartDate: "2026-01-01", EndDate: "2026-12-31"}
	got, err := json.Marshal(rule)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	want := `{"kind":"interval","weekdays":["mon"],"every_minutes":15,"window_start":"10:00","window_end":"21:00",` +
		`"start_date":"2026-01-01","end_date":"2026-12-31"}`
	if string(got) != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
}

func BenchmarkNext(b *testing.B) {
	loc := loadZone(b, "America/Santiago")
	farEnd := weekly([]string{"09:00", "18:30"}, "sun")
	farEnd.EndDate = "2036-12-31"
	rules := map[string]schedules.Rule{
		"weekly with a far end date": farEnd,
		"interval every minute":      interval(1, "00:00", "23:59", everyDay...),
	}
	after := time.Date(2026, 9, 5, 12, 0, 0, 0, time.UTC)
	for name, rule := range rules {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, ok := rule.Next(after, loc); !ok {
					b.Fatal("no next occurrence")
				}
			}
		})
	}
}
