package azuracast

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// cleanupNow is the client's clock in the clean-up tests.
var cleanupNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func ago(d time.Duration) time.Time { return cleanupNow.Add(-d) }

// cleanupLibrary is the station's library before Play, in id order 1 to 7.
func cleanupLibrary(f *fakeStation) {
	f.addMedia("mediaflow/old-2d.mp3", ago(48*time.Hour), ago(48*time.Hour))                   // 1
	f.addMedia("mediaflow/old-25h.mp3", ago(25*time.Hour), ago(25*time.Hour))                  // 2
	f.addMedia("mediaflow/recent-2h.mp3", ago(2*time.Hour), ago(2*time.Hour))                  // 3
	f.addMedia("mediaflow/replaced-1h.mp3", ago(72*time.Hour), ago(time.Hour))                 // 4
	f.addMedia("mediaflow/no-times.mp3", time.Time{}, time.Time{})                             // 5
	f.addMedia("musica/old-song.mp3", ago(30*24*time.Hour), ago(30*24*time.Hour))              // 6
	f.addMedia("jingles/mediaflow/old-jingle.mp3", ago(30*24*time.Hour), ago(30*24*time.Hour)) // 7
}

// crowdedLibrary holds 60 old announcements, old-00 the newest.
func crowdedLibrary(f *fakeStation) {
	for i := range 60 {
		at := ago(25*time.Hour + time.Duration(i)*time.Minute)
		f.addMedia(fmt.Sprintf("mediaflow/old-%02d.mp3", i), at, at)
	}
}

// oldestOfCrowd names the n oldest files of crowdedLibrary.
func oldestOfCrowd(n int) []string {
	var out []string
	for i := 59; i >= 60-n; i-- {
		out = append(out, fmt.Sprintf("mediaflow/old-%02d.mp3", i))
	}
	return out
}

func TestPlayRemovesOldUploads(t *testing.T) {
	const newPath = "mediaflow/aviso-nuevo.mp3"
	tests := []struct {
		name        string
		library     func(*fakeStation) // cleanupLibrary when nil
		keep        time.Duration
		stationLag  time.Duration // how far the station's clock runs behind
		script      map[string][]scripted
		wantGone    []string
		wantRemoved int
		wantFailed  int
		wantCode    string // of CleanupErr; "" for none
		wantStatus  int
		wantDeletes int
		wantLists   int
	}{
		{name: "old uploads under mediaflow/ are removed and recent, replaced, undated and other files stay",
			wantGone:    []string{"mediaflow/old-2d.mp3", "mediaflow/old-25h.mp3"},
			wantRemoved: 2, wantDeletes: 2, wantLists: 1},
		{name: "a one-hour KeepUploads also removes the two-hour-old upload but not one written exactly an hour ago",
			keep:        time.Hour,
			wantGone:    []string{"mediaflow/old-2d.mp3", "mediaflow/old-25h.mp3", "mediaflow/recent-2h.mp3"},
			wantRemoved: 3, wantDeletes: 3, wantLists: 1},
		{name: "a negative KeepUploads disables the clean-up",
			keep: -1},
		{name: "the new upload is kept even when the station's clock runs days behind",
			stationLag:  96 * time.Hour,
			wantGone:    []string{"mediaflow/old-2d.mp3", "mediaflow/old-25h.mp3"},
			wantRemoved: 2, wantDeletes: 2, wantLists: 1},
		{name: "a refused deletion does not fail Play and the next file is still removed",
			script:      map[string][]scripted{"DELETE /api/station/1/file/1": {jsonError(400, "ValidationException")}},
			wantGone:    []string{"mediaflow/old-25h.mp3"},
			wantRemoved: 1, wantFailed: 1, wantCode: CodeRejected, wantStatus: 400, wantDeletes: 2, wantLists: 1},
		{name: "a key that may not delete stops the clean-up at its first refusal",
			script:     map[string][]scripted{"DELETE /api/station/1/file/1": {jsonError(403, "PermissionDeniedException")}},
			wantFailed: 2, wantCode: CodeUnauthorized, wantStatus: 403, wantDeletes: 1, wantLists: 1},
		{name: "a file deleted by someone else meanwhile is neither removed nor failed",
			script:      map[string][]scripted{"DELETE /api/station/1/file/1": {jsonError(404, "NotFoundException")}},
			wantGone:    []string{"mediaflow/old-25h.mp3"},
			wantRemoved: 1, wantDeletes: 2, wantLists: 1},
		{name: "a failed listing does not fail Play and deletes nothing",
			script:   map[string][]scripted{"GET /api/station/1/files": {jsonError(403, "PermissionDeniedException")}},
			wantCode: CodeUnauthorized, wantStatus: 403, wantLists: 1},
		{name: "at most 50 files are removed per play, the oldest first",
			library:     crowdedLibrary,
			wantGone:    oldestOfCrowd(50),
			wantRemoved: 50, wantDeletes: 50, wantLists: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeStation(t)
			library := tt.library
			if library == nil {
				library = cleanupLibrary
			}
			library(f)
			before := f.paths()
			f.with(func(f *fakeStation) { f.now = func() time.Time { return cleanupNow.Add(-tt.stationLag) } })
			for route, answers := range tt.script {
				f.on(route, answers...)
			}
			c, _ := newTestClient(t, f, func(cfg *Config) { cfg.KeepUploads = tt.keep })
			c.now = func() time.Time { return cleanupNow }

			res, err := c.Play(context.Background(), "Aviso Nuevo", bytes.NewReader(sampleMP3()), false)

			if err != nil {
				t.Fatalf("Play: %v", err)
			}
			if res.RequestID == "" {
				t.Errorf("result = %+v, want a request", res)
			}
			want := slices.DeleteFunc(append(before, newPath), func(p string) bool { return slices.Contains(tt.wantGone, p) })
			if got := f.paths(); !slices.Equal(got, want) {
				t.Errorf("library after Play =\n%v\nwant\n%v", got, want)
			}
			if res.Removed != tt.wantRemoved || res.CleanupFailed != tt.wantFailed {
				t.Errorf("removed %d, failed %d; want %d, %d", res.Removed, res.CleanupFailed, tt.wantRemoved, tt.wantFailed)
			}
			if tt.wantCode == "" && res.CleanupErr != nil {
				t.Errorf("CleanupErr = %v, want none", res.CleanupErr)
			}
			if tt.wantCode != "" {
				wantCode(t, res.CleanupErr, tt.wantCode, tt.wantStatus)
			}
			if got := deleteCalls(f); got != tt.wantDeletes {
				t.Errorf("DELETE calls = %d, want %d", got, tt.wantDeletes)
			}
			if got := f.hitsOn("GET /api/station/1/files"); got != tt.wantLists {
				t.Errorf("library listings = %d, want %d", got, tt.wantLists)
			}
		})
	}
}

// deleteCalls counts the DELETE requests the fake received.
func deleteCalls(f *fakeStation) int {
	n := 0
	f.with(func(f *fakeStation) {
		for route, hits := range f.hits {
			if strings.HasPrefix(route, http.MethodDelete+" ") {
				n += hits
			}
		}
	})
	return n
}
