package app

import (
	"log/slog"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"mediaflow/tenants"
)

// Metrics are the server's Prometheus collectors, on a registry of its own
// so that tests can build many servers in one process.
type Metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	tenantCache *prometheus.CounterVec
}

// NewMetrics returns the collectors on a fresh registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mediaflow_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "mediaflow_http_request_duration_seconds", Help: "HTTP request latency by method and route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
		tenantCache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mediaflow_tenant_cache_lookups_total", Help: "Tenant host lookups by cache outcome (hit, negative_hit, miss).",
		}, []string{"outcome"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.tenantCache,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, o := range []string{tenants.OutcomeHit, tenants.OutcomeNegativeHit, tenants.OutcomeMiss} {
		m.tenantCache.WithLabelValues(o)
	}
	return m
}

// ObserveTenantCache counts one tenant cache outcome; the resolver calls it.
func (m *Metrics) ObserveTenantCache(outcome string) { m.tenantCache.WithLabelValues(outcome).Inc() }

// observe records metrics and writes one structured log line per request.
// It runs outside the error handler's reach, so it calls the handler itself
// to learn the final status of failed requests.
func (m *Metrics) observe(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			route := c.Path()
			if route == "" {
				route = "unmatched"
			}
			status := c.Response().Status
			elapsed := time.Since(start)
			req := c.Request()
			m.requests.WithLabelValues(req.Method, route, strconv.Itoa(status)).Inc()
			m.latency.WithLabelValues(req.Method, route).Observe(elapsed.Seconds())

			level := slog.LevelInfo
			errMsg, failed := c.Get("error").(string)
			if failed {
				level = slog.LevelError
			} else if route == "/healthz" || route == "/readyz" || route == "/metrics" {
				level = slog.LevelDebug
			}
			if !log.Enabled(req.Context(), level) {
				return nil
			}
			attrs := []slog.Attr{
				slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
				slog.String("method", req.Method),
				slog.String("route", route),
				slog.String("path", req.URL.Path),
				slog.Int("status", status),
				slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
				slog.String("remote_ip", c.RealIP()),
			}
			if t, ok := tenants.Resolved(c); ok {
				attrs = append(attrs, slog.String("tenant", t.Slug))
			}
			if failed {
				attrs = append(attrs, slog.String("error", errMsg))
			}
			log.LogAttrs(req.Context(), level, "request", attrs...)
			return nil
		}
	}
}
