package app

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkRoutes compares the tenant configuration route with the bare
// health route through the whole middleware chain, without the network.
func BenchmarkRoutes(b *testing.B) {
	h := newHarness(&testing.T{}, "sqlite")
	for _, path := range []string{"/healthz", "/api/v1/config/tenant"} {
		b.Run(path, func(b *testing.B) {
			handler := h.srv.Handler()
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Host = "mall-a.mediaflow.test:8080"
				for pb.Next() {
					rec := httptest.NewRecorder()
					handler.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("status %d", rec.Code)
					}
				}
			})
		})
	}
}
