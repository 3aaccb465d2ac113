// Package schedules keeps announcement schedules and works out when they
// fire.
//
// A Rule states when a schedule fires in the wall-clock time of the
// tenant's IANA time zone. There are three kinds:
//
//   - once: a single local date and time, "2026-12-24T18:30";
//   - weekly: a few local times ("09:00", "18:30") on chosen weekdays;
//   - interval: every N minutes inside a daily local window, for example
//     every 15 minutes from 10:00 to 21:00, on chosen weekdays. The window
//     end is inclusive and a window never crosses midnight.
//
// Optional start_date and end_date bound the local calendar day on which a
// time is scheduled; both are inclusive, so a 23:30 time on the end date
// still fires. Occurrences come back as UTC instants with whole-second
// precision.
//
// Call Normalized on input before Validate and before storing: it accepts
// weekday names in any case, sorts and de-duplicates lists, and drops fields
// that the kind does not use. Validate then reports every problem at once,
// keyed by JSON field name.
//
// # Daylight saving
//
// A local time does not always name exactly one instant. The rules are:
//
//   - A time skipped when the clocks spring forward fires as if the clocks
//     had not changed yet, that is, shifted forward by the length of the
//     gap. America/Santiago jumps from 00:00 to 01:00 on the first Sunday of
//     September, so a 00:30 schedule fires at 01:30 -03 that day. It still
//     fires exactly once that day.
//   - A time that happens twice when the clocks fall back fires once, at the
//     earlier instant. Santiago repeats 23:00 to 23:59 on the first Saturday
//     of April, so a 23:30 schedule fires at 23:30 -03, not at 23:30 -04.
//   - Interval times are counted on the wall clock (window_start plus a
//     multiple of every_minutes, up to window_end) and each is then
//     converted by the two rules above.
//   - Times that land on the same instant fire once. This happens inside a
//     gap, and when a zone skips a whole day (Pacific/Apia skipped 30
//     December 2011): that day's times fire together with the next day's.
//   - A time that a gap pushes past midnight still belongs to the day it was
//     scheduled on when start_date and end_date are applied.
//
// Days are stepped on the civil calendar, never by adding 24 hours, so a
// 09:00 schedule stays at 09:00 on both sides of a change.
//
// The package imports time/tzdata so that time.LoadLocation finds every zone
// even on hosts without a zone database; a host's own zone files, when
// present, still take precedence.
package schedules
