package domain

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		sentinel error
		kind     Kind
	}{
		{"a wrapped not-found error is found by errors.Is", fmt.Errorf("load: %w", NotFound("x_not_found", "x")), ErrNotFound, KindNotFound},
		{"an invalid error keeps its kind", Invalid("bad", "bad", nil), ErrInvalid, KindInvalid},
		{"a conflict error keeps its kind", Conflict("dup", "dup"), ErrConflict, KindConflict},
		{"a forbidden error keeps its kind", Forbidden("no", "no"), ErrForbidden, KindForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !errors.Is(tc.err, tc.sentinel) {
				t.Fatalf("errors.Is(%v, %v) = false", tc.err, tc.sentinel)
			}
			if got := KindOf(tc.err); got != tc.kind {
				t.Fatalf("KindOf = %v, want %v", got, tc.kind)
			}
		})
	}
	t.Run("a plain error is internal and matches no sentinel", func(t *testing.T) {
		err := errors.New("boom")
		if KindOf(err) != KindInternal || errors.Is(err, ErrNotFound) {
			t.Fatal("plain error misclassified")
		}
	})
	t.Run("kinds do not match each other", func(t *testing.T) {
		if errors.Is(NotFound("a", "b"), ErrConflict) {
			t.Fatal("not-found matched conflict")
		}
	})
}
