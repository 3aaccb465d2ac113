package app

import (
	"errors"
	"html/template"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"mediaflow/domain"
)

// errorBody is the one JSON shape of every error the API returns.
type errorBody struct {
	Error errorPayload `json:"error"`
}

type errorPayload struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Details map[string]string `json:"details,omitempty"`
}

var statusByKind = map[domain.Kind]int{
	domain.KindInvalid:         http.StatusUnprocessableEntity,
	domain.KindNotFound:        http.StatusNotFound,
	domain.KindConflict:        http.StatusConflict,
	domain.KindForbidden:       http.StatusForbidden,
	domain.KindUnauthorized:    http.StatusUnauthorized,
	domain.KindUnavailable:     http.StatusServiceUnavailable,
	domain.KindTooManyRequests: http.StatusTooManyRequests,
}

// statusByCode overrides the kind's status for codes HTTP names precisely.
var statusByCode = map[string]int{
	"file_too_large":         http.StatusRequestEntityTooLarge,
	"unsupported_image_type": http.StatusUnsupportedMediaType,
	"invalid_json":           http.StatusBadRequest,
	"bad_request":            http.StatusBadRequest,
}

// toPayload maps any error to a status code and a payload. Internal errors
// keep their details out of the response; the request log has them.
func toPayload(err error) (int, errorPayload) {
	var de *domain.Error
	if errors.As(err, &de) {
		status, ok := statusByCode[de.Code]
		if !ok {
			status, ok = statusByKind[de.Kind]
		}
		if !ok {
			status = http.StatusInternalServerError
		}
		return status, errorPayload{Code: de.Code, Message: de.Message, Details: de.Details}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		msg := http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok && he.Code < 500 {
			msg = m
		}
		return he.Code, errorPayload{Code: codeForStatus(he.Code), Message: msg}
	}
	return http.StatusInternalServerError, errorPayload{Code: "internal_error", Message: "something went wrong on our side; please try again"}
}

func codeForStatus(status int) string {
	switch status {
	case http.StatusNotFound:
		return "not_found"
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusRequestEntityTooLarge:
		return "payload_too_large"
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case http.StatusBadRequest:
		return "bad_request"
	case http.StatusTooManyRequests:
		return "rate_limited"
	default:
		if status >= 500 {
			return "internal_error"
		}
		return "request_failed"
	}
}

// wantsHTML says whether the client navigates with a browser rather than
// calling the API.
func wantsHTML(c echo.Context) bool {
	p := c.Request().URL.Path
	if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/ws/") || strings.HasPrefix(p, "/branding/") {
		return false
	}
	return strings.Contains(c.Request().Header.Get("Accept"), "text/html") || c.Request().Header.Get("Accept") == ""
}

// newErrorHandler renders errors as JSON for the API and as a plain page for
// browsers. It never shows another tenant's branding.
func newErrorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, payload := toPayload(err)
		var de *domain.Error
		if errors.As(err, &de) && de.RetryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(de.RetryAfter.Seconds()))))
		}
		if status >= 500 {
			c.Set("error", err.Error())
		}
		if wantsHTML(c) && c.Request().Method != http.MethodHead {
			c.Response().Header().Set("Cache-Control", "no-store")
			var b strings.Builder
			errorPage.Execute(&b, pageText(payload.Code))
			c.HTML(status, b.String())
			return
		}
		if c.Request().Method == http.MethodHead {
			c.NoContent(status)
			return
		}
		if werr := c.JSON(status, errorBody{Error: payload}); werr != nil {
			log.Warn("write error response", slog.String("error", werr.Error()))
		}
	}
}

type pageCopy struct {
	Title, Message, TitleEN, MessageEN string
}

func pageText(code string) pageCopy {
	switch code {
	case "tenant_not_found":
		return pageCopy{"Sitio desconocido", "No hay ningún sitio de MediaFlow en esta dirección. Revisa la dirección o contacta a quien administra tu centro comercial.",
			"Unknown site", "There is no MediaFlow site at this address. Check the address or contact whoever runs your mall."}
	case "tenant_suspended":
		return pageCopy{"Sitio suspendido", "Este sitio está suspendido por el momento. Contacta al operador de la plataforma.",
			"Site suspended", "This site is suspended for now. Contact the platform operator."}
	case "forbidden", "csrf_failed":
		return pageCopy{"Acceso denegado", "No tienes permiso para ver esta página.", "Access denied", "You do not have permission to see this page."}
	case "not_found":
		return pageCopy{"Página no encontrada", "La página que buscas no existe.", "Page not found", "The page you are looking for does not exist."}
	default:
		return pageCopy{"Algo salió mal", "Ocurrió un error de nuestro lado. Inténtalo de nuevo en unos minutos.",
			"Something went wrong", "An error occurred on our side. Please try again in a few minutes."}
	}
}

// errorPage is deliberately plain and unbranded: it is shown when the
// tenant is unknown or must not be served.
var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="es">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{{.Title}}</title>
<style>
body{margin:0;min-height:100vh;display:grid;place-items:center;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f4f5;color:#18181b}
main{max-width:34rem;margin:1.5rem;padding:2rem 2.25rem;background:#fff;border-radius:14px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.4rem;margin:0 0 .75rem}p{line-height:1.55;margin:0 0 1rem;color:#3f3f46}
.en{border-top:1px solid #e4e4e7;padding-top:1rem;margin-top:1rem}.en h2{font-size:1rem;margin:0 0 .4rem;color:#52525b}.en p{font-size:.92rem;color:#71717a}
</style></head>
<body><main>
<h1>{{.Title}}</h1><p>{{.Message}}</p>
<div class="en" lang="en"><h2>{{.TitleEN}}</h2><p>{{.MessageEN}}</p></div>
</main></body></html>
`))
