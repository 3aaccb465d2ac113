package schedules_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"mediaflow/domain/schedules"
)

// FuzzRule checks that no input makes the rule functions panic, that
// Normalized settles in one step, and that for valid rules Next climbs
// strictly and agrees with Occurrences.
func FuzzRule(f *testing.F) {
	zones := []*time.Location{time.UTC}
	for _, name := range []string{"America/Santiago", "Pacific/Apia", "Australia/Lord_Howe", "America/St_Johns", "Asia/Kathmandu"} {
		zones = append(zones, loadZone(f, name))
	}
	f.Add("once", "2026-09-06T00:30", "", "", 0, "", "", "", "", int64(1788000000), uint8(1))
	f.Add("weekly", "", "00:30,23:30", "sun,mon", 0, "", "", "2026-01-01", "2027-12-31", int64(1775000000), uint8(1))
	f.Add("interval", "", "", "sat,sun", 20, "00:00", "01:40", "", "", int64(1788500000), uint8(1))
	f.Add("Weekly", "", "10:00, 10:00", "MON,tue,wed,thu,fri,sat,sun", 0, "", "", "", "", int64(1325000000), uint8(2))
	f.Add("interval", "", "", "sun", 1, "01:50", "02:40", "", "2013-12-31", int64(1349500000), uint8(3))
	f.Add("weekly", "x", "9:00,24:00", "funday", -3, "b", "a", "2026-02-30", "1", int64(-1), uint8(0))
	f.Fuzz(func(t *testing.T, kind, at, times, weekdays string, every int, windowStart, windowEnd, startDate, endDate string, after int64, zone uint8) {
		rule := schedules.Rule{Kind: schedules.Kind(kind), At: at, Times: split(times), Weekdays: split(weekdays), EveryMinutes: every,
			WindowStart: windowStart, WindowEnd: windowEnd, StartDate: startDate, EndDate: endDate}
		loc := zones[int(zone)%len(zones)]

		_ = rule.Validate()
		rule.Next(time.Unix(after, 0), loc)
		rule.Occurrences(time.Unix(after, 0), time.Unix(after, 0).Add(72*time.Hour), loc, 0)

		n := rule.Normalized()
		if again := n.Normalized(); !reflect.DeepEqual(again, n) {
			t.Fatalf("Normalized is not settled: %+v then %+v", n, again)
		}
		if n.Validate() != nil {
			return
		}
		checkChain(t, n, boundedTime(after), loc)
	})
}

// checkChain follows Next a few steps from start and compares the result
// with Occurrences over the same stretch.
func checkChain(t *testing.T, rule schedules.Rule, start time.Time, loc *time.Location) {
	var chain []time.Time
	prev := start
	for range 6 {
		next, ok := rule.Next(prev, loc)
		if !ok {
			break
		}
		if !next.After(prev) {
			t.Fatalf("Next(%v) = %v, not strictly after", prev, next)
		}
		chain = append(chain, next)
		prev = next
	}
	end := start.AddDate(5, 0, 0)
	if len(chain) > 0 {
		end = chain[len(chain)-1].Add(time.Nanosecond)
	}
	occ := rule.Occurrences(start.Add(time.Nanosecond), end, loc, 6)
	if len(chain) == 0 && len(occ) == 0 {
		return
	}
	if !reflect.DeepEqual(chain, occ) {
		t.Fatalf("Next chain %v differs from Occurrences %v", chain, occ)
	}
}

// boundedTime maps any number to a whole second between 1900 and 2200.
func boundedTime(n int64) time.Time {
	const span = 300 * 365 * 24 * 60 * 60
	base := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	return time.Unix(base+(n%span+span)%span, 0)
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
