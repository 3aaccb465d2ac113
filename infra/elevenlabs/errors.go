package elevenlabs

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"mediaflow/domain"
)

// problem is what an error answer says. The API sends
// {"detail": {"status": "...", "message": "..."}} (newer answers add code,
// type, param and request_id), and {"detail": [{"loc": [...], "msg": "..."}]}
// for a request body that fails validation.
type problem struct {
	Status    string `json:"status"`
	Code      string `json:"code"`
	Type      string `json:"type"`
	Message   string `json:"message"`
	Param     string `json:"param"`
	RequestID string `json:"request_id"`
	fields    map[string]string
}

// reason is the most specific machine word in the answer.
func (p problem) reason() string {
	return strings.ToLower(orDefault(p.Code, p.Status))
}

func parseProblem(body []byte) problem {
	var envelope struct {
		Detail json.RawMessage `json:"detail"`
	}
	if json.Unmarshal(body, &envelope) != nil || len(envelope.Detail) == 0 {
		return problem{}
	}
	var p problem
	if json.Unmarshal(envelope.Detail, &p) == nil {
		return p
	}
	var items []struct {
		Loc []any  `json:"loc"`
		Msg string `json:"msg"`
	}
	if json.Unmarshal(envelope.Detail, &items) == nil {
		p.fields = map[string]string{}
		for _, it := range items {
			p.fields[fieldName(it.Loc)] = it.Msg
		}
		return p
	}
	var text string
	if json.Unmarshal(envelope.Detail, &text) == nil {
		p.Message = text
	}
	return p
}

// fieldName turns a location such as ["body", "voice_settings", "speed"]
// into "voice_settings.speed".
func fieldName(loc []any) string {
	parts := make([]string, 0, len(loc))
	for i, l := range loc {
		if s, ok := l.(string); ok && !(i == 0 && (s == "body" || s == "query" || s == "path")) {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "request"
	}
	return strings.Join(parts, ".")
}

func isQuota(p problem) bool {
	return strings.Contains(p.reason(), "quota") || strings.Contains(strings.ToLower(p.Type), "quota")
}

func isTooLong(p problem) bool {
	r := p.reason()
	return strings.Contains(r, "too_long") || strings.Contains(r, "character_limit")
}

// providerError records what ElevenLabs answered, for logs; its text never
// holds the API key, even were the service to echo it.
type providerError struct {
	op, reason, message, requestID string
	status                         int
}

func (e *providerError) Error() string {
	s := fmt.Sprintf("elevenlabs %s: HTTP %d", e.op, e.status)
	if e.reason != "" {
		s += " " + e.reason
	}
	if e.message != "" {
		s += ": " + e.message
	}
	if e.requestID != "" {
		s += " (request " + e.requestID + ")"
	}
	return s
}

// failure turns the last attempt's outcome into the error callers see.
func (c *Client) failure(req request, out outcome) error {
	if out.err != nil {
		cause := fmt.Errorf("elevenlabs %s: %s", req.op, c.redact(out.err.Error()))
		if out.timedOut {
			return unavailable("the voice service did not answer in time", &wrapped{cause, out.err})
		}
		return unavailable("the voice service could not be reached", &wrapped{cause, out.err})
	}
	p := parseProblem(out.body)
	cause := &providerError{
		op: req.op, status: out.status, reason: c.redact(p.reason()), message: c.redact(p.Message),
		requestID: orDefault(p.RequestID, out.header.Get("request-id")),
	}
	return c.classify(req, out, p, cause)
}

func (c *Client) classify(req request, out outcome, p problem, cause error) error {
	status, reason := out.status, p.reason()
	switch {
	case isQuota(p) && (status == http.StatusUnauthorized || status == http.StatusPaymentRequired || status == http.StatusTooManyRequests):
		return &domain.Error{Kind: domain.KindUnavailable, Code: "tts_quota_exceeded",
			Message: "the voice service account has used up its character quota", Err: cause}
	case reason == "invalid_api_key" || status == http.StatusUnauthorized || status == http.StatusForbidden:
		return &domain.Error{Kind: domain.KindUnavailable, Code: "tts_auth_failed",
			Message: "the voice service refused the configured API key", Err: cause}
	case reason == "voice_not_found" || status == http.StatusNotFound && req.voiceScoped:
		return &domain.Error{Kind: domain.KindNotFound, Code: "tts_voice_not_found",
			Message: "the voice does not exist in the voice service account", Err: cause}
	case status == http.StatusTooManyRequests:
		return &domain.Error{Kind: domain.KindTooManyRequests, Code: "tts_rate_limited",
			Message: "the voice service is busy; try again shortly", RetryAfter: c.retryHint(out), Err: cause}
	case status == http.StatusBadRequest || status == http.StatusUnprocessableEntity:
		return c.invalidText(p, cause)
	}
	return unavailable("the voice service failed to answer", cause)
}

// invalidText reports a request the service refused for its content.
func (c *Client) invalidText(p problem, cause error) error {
	details := map[string]string{}
	for k, v := range p.fields {
		details[k] = c.redact(v)
	}
	if len(details) == 0 {
		details[orDefault(p.Param, "text")] = orDefault(c.redact(p.Message), p.reason())
	}
	if isTooLong(p) {
		return &domain.Error{Kind: domain.KindInvalid, Code: "tts_text_too_long",
			Message: "the text is longer than the voice service accepts", Details: details, Err: cause}
	}
	return &domain.Error{Kind: domain.KindInvalid, Code: "tts_text_invalid",
		Message: "the voice service could not use the text or settings", Details: details, Err: cause}
}

// retryHint says when to try again: the server's word, else a second.
func (c *Client) retryHint(out outcome) time.Duration {
	if out.retryAfter > 0 {
		return out.retryAfter
	}
	return time.Second
}

func (c *Client) redact(s string) string {
	return strings.ReplaceAll(s, c.key, "[redacted]")
}

func unavailable(msg string, cause error) error {
	return &domain.Error{Kind: domain.KindUnavailable, Code: "tts_unavailable", Message: msg, Err: cause}
}

// wrapped shows a redacted text while still unwrapping to the original
// error, so that errors.Is(err, context.DeadlineExceeded) keeps working.
type wrapped struct {
	shown error
	orig  error
}

func (w *wrapped) Error() string { return w.shown.Error() }

func (w *wrapped) Unwrap() error { return w.orig }
