package azuracast

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Stable machine codes carried by *Error.
const (
	// CodeUnauthorized: AzuraCast refused the API key (401/403), or the
	// key's user may not manage the station.
	CodeUnauthorized = "azuracast_unauthorized"
	// CodeNotFound: the station or the file does not exist (404).
	CodeNotFound = "azuracast_not_found"
	// CodeRateLimited: AzuraCast kept answering 429 after the retries.
	CodeRateLimited = "azuracast_rate_limited"
	// CodeUnavailable: 5xx after the retries, no answer, or no answer in time.
	CodeUnavailable = "azuracast_unavailable"
	// CodeBadResponse: an answer that could not be understood.
	CodeBadResponse = "azuracast_bad_response"
	// CodeRejected: AzuraCast understood the call and refused it, for
	// example a song request it will not take or a file it cannot process.
	CodeRejected = "azuracast_rejected"
	// CodePlaylistUnusable: the announcements playlist is missing, disabled
	// or does not accept requests.
	CodePlaylistUnusable = "azuracast_playlist_unusable"
	// CodeInvalidConfig: New was given a configuration it cannot use.
	CodeInvalidConfig = "azuracast_invalid_config"
	// CodeInvalidInput: Play was given a name or audio it cannot use.
	CodeInvalidInput = "azuracast_invalid_input"
)

// Error is every failure this package reports. Its text never holds the API
// key, even when AzuraCast echoes it back.
type Error struct {
	// Code is one of the Code* constants.
	Code string
	// Status is the HTTP status of AzuraCast's last answer; zero when there
	// was none.
	Status int
	// Message says what went wrong, in English, for logs and operators.
	Message string

	cause error
}

// Error implements error.
func (e *Error) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("azuracast: %s (HTTP %d)", e.Message, e.Status)
	}
	return "azuracast: " + e.Message
}

// Unwrap returns the underlying cause, such as context.DeadlineExceeded.
func (e *Error) Unwrap() error { return e.cause }

func invalidConfig(msg string) error {
	return &Error{Code: CodeInvalidConfig, Message: msg}
}

func invalidInput(msg string) error {
	return &Error{Code: CodeInvalidInput, Message: msg}
}

// apiError is AzuraCast's error body (schema Api_Error).
type apiError struct {
	Code    int    `json:"code"`
	Type    string `json:"type"`
	Message string `json:"message"`
	Success *bool  `json:"success"`
}

func parseAPIError(body []byte) (apiError, bool) {
	var e apiError
	if json.Unmarshal(body, &e) != nil || e.Success == nil || *e.Success {
		return apiError{}, false
	}
	return e, true
}

// isRefusal recognises the error types AzuraCast answers with when it
// decided not to do something; repeating the call changes nothing. Several
// come with status 500, a refused song request among them. "Error" is the
// type of the errors its controllers build by hand, such as a full storage
// location.
func isRefusal(body []byte) bool {
	e, ok := parseAPIError(body)
	if !ok {
		return false
	}
	switch e.Type {
	case "Error", "CannotCompleteActionException", "CannotProcessMediaException",
		"StationUnsupportedException", "StorageLocationFullException",
		"ValidationException", "NotFoundException":
		return true
	}
	return false
}

// failure turns the last attempt into the error callers see.
func (c *Client) failure(cl call, r reply) error {
	if r.err != nil {
		msg := fmt.Sprintf("%s: could not reach AzuraCast", cl.op)
		if r.timedOut {
			msg = fmt.Sprintf("%s: AzuraCast did not answer within %s", cl.op, c.timeout)
		}
		cause := c.hide(r.err)
		return &Error{Code: CodeUnavailable, Message: msg + ": " + cause.Error(), cause: cause}
	}
	reason := c.reason(r.body)
	e := &Error{Status: r.status}
	switch {
	case r.status == http.StatusUnauthorized || r.status == http.StatusForbidden:
		e.Code = CodeUnauthorized
		e.Message = cl.op + ": AzuraCast refused the API key or it may not manage this station"
	case r.status == http.StatusNotFound:
		e.Code = CodeNotFound
		e.Message = fmt.Sprintf("%s: %s not found", cl.op, cmp.Or(cl.subject, "resource"))
	case r.status == http.StatusTooManyRequests:
		e.Code = CodeRateLimited
		e.Message = cl.op + ": AzuraCast is limiting requests; try again shortly"
	case r.status == http.StatusInternalServerError && isRefusal(r.body), r.status >= 400 && r.status < 500:
		e.Code = CodeRejected
		e.Message = cl.op + ": AzuraCast refused"
	case r.status >= 300 && r.status < 400:
		e.Code = CodeUnavailable
		e.Message = cl.op + ": AzuraCast answered with a redirect; check the base URL (http or https, host)"
	default:
		e.Code = CodeUnavailable
		e.Message = cl.op + ": AzuraCast failed to answer"
	}
	if reason != "" {
		e.Message += ": " + reason
	}
	return e
}

// gaveUp reports that the caller's context ended the call.
func (c *Client) gaveUp(cl call, err error) error {
	return &Error{Code: CodeUnavailable, Message: cl.op + ": stopped before AzuraCast answered: " + err.Error(), cause: err}
}

// badResponse reports an answer that could not be decoded.
func (c *Client) badResponse(op string, status int, err error) error {
	return &Error{Code: CodeBadResponse, Status: status, Message: op + ": AzuraCast's answer could not be read", cause: c.hide(err)}
}

// reason is AzuraCast's own explanation, shortened and without the key.
func (c *Client) reason(body []byte) string {
	e, ok := parseAPIError(body)
	if !ok {
		return ""
	}
	msg := c.redact(strings.Join(strings.Fields(e.Message), " "))
	if len(msg) > 200 {
		cut := 200
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	return msg
}

func (c *Client) redact(s string) string {
	return strings.ReplaceAll(s, c.key, "[redacted]")
}

// hide wraps err so that its text is redacted while errors.Is and
// errors.As still see the original.
func (c *Client) hide(err error) error {
	return &redacted{text: c.redact(err.Error()), orig: err}
}

type redacted struct {
	text string
	orig error
}

func (r *redacted) Error() string { return r.text }

func (r *redacted) Unwrap() error { return r.orig }
