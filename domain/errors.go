// Package domain holds MediaFlow's business rules. It depends on neither the
// HTTP framework nor the ORM; adapters in infra/ implement the interfaces it
// declares and app/ wires them together.
package domain

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error so that the HTTP layer can choose a status code in
// one place without knowing which package produced it.
type Kind int

// The kinds of error the product distinguishes.
const (
	KindInternal Kind = iota
	KindInvalid
	KindNotFound
	KindConflict
	KindForbidden
	KindUnauthorized
	KindUnavailable
	KindTooManyRequests
)

// Error is a failure with a stable machine code, a human message and optional
// per-field details. Codes are snake_case and never change once published,
// because clients translate messages by code.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Details map[string]string
	Err     error
	// RetryAfter, when set, tells the client how long to wait.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is a sentinel of the same kind, so that
// errors.Is(err, domain.ErrNotFound) works for every not-found error.
func (e *Error) Is(target error) bool {
	s, ok := target.(*sentinel)
	return ok && s.kind == e.Kind
}

type sentinel struct {
	kind Kind
	name string
}

func (s *sentinel) Error() string { return s.name }

// Sentinels to test an error's kind with errors.Is.
var (
	ErrInvalid      error = &sentinel{KindInvalid, "invalid argument"}
	ErrNotFound     error = &sentinel{KindNotFound, "not found"}
	ErrConflict     error = &sentinel{KindConflict, "already exists"}
	ErrForbidden    error = &sentinel{KindForbidden, "permission denied"}
	ErrUnauthorized error = &sentinel{KindUnauthorized, "unauthorized"}
	ErrUnavailable  error = &sentinel{KindUnavailable, "unavailable"}
)

// Invalid returns a validation error with per-field details.
func Invalid(code, message string, details map[string]string) *Error {
	return &Error{Kind: KindInvalid, Code: code, Message: message, Details: details}
}

// NotFound returns a not-found error.
func NotFound(code, message string) *Error {
	return &Error{Kind: KindNotFound, Code: code, Message: message}
}

// Conflict returns an error for something that already exists.
func Conflict(code, message string) *Error {
	return &Error{Kind: KindConflict, Code: code, Message: message}
}

// Forbidden returns a permission error.
func Forbidden(code, message string) *Error {
	return &Error{Kind: KindForbidden, Code: code, Message: message}
}

// Unauthorized returns an error for missing or wrong credentials.
func Unauthorized(code, message string) *Error {
	return &Error{Kind: KindUnauthorized, Code: code, Message: message}
}

// TooManyRequests returns a rate-limit error that says when to try again.
func TooManyRequests(code, message string, retryAfter time.Duration) *Error {
	return &Error{Kind: KindTooManyRequests, Code: code, Message: message, RetryAfter: retryAfter}
}

// KindOf returns the kind of err, or KindInternal when err is not a
// *domain.Error anywhere in its chain.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}
