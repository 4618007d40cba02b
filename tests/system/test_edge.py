"""Edge protection at the gateway: request rate limits per client IP and per
bearer token answer 429 with Retry-After in the caller's language, health
probes are never limited, and the API's security headers are present."""
import unittest

from harness import System


class EdgeTest(unittest.TestCase):
    def start(self, **limits):
        self.sys = System()
        self.addCleanup(lambda: self.sys.stop())
        self.sys.start(extra_env={"gateway": {k: str(v) for k, v in limits.items()}})
        return self.sys

    def test_per_ip_limit_answers_429_with_retry_after(self):
        s = self.start(ATLAS_RATE_LIMIT_IP_RPS=1, ATLAS_RATE_LIMIT_IP_BURST=5)
        codes = [s.get("/v1/datasets", as_admin=False).status for _ in range(5)]
        self.assertEqual(codes, [200] * 5, "the burst is allowed")
        r = s.get("/v1/datasets", as_admin=False, headers={"Accept-Language": "ar"})
        self.assertEqual(r.status, 429, r.body)
        self.assertGreaterEqual(int(r.headers["Retry-After"]), 1)
        self.assertEqual(r.json()["status"], "RESOURCE_EXHAUSTED")
        self.assertIn("طلبات كثيرة", r.json()["message"])
        # Probes are exempt: an orchestrator must always see the truth.
        self.assertEqual(s.get("/healthz", as_admin=False).status, 200)
        self.assertEqual(s.get("/readyz", as_admin=False).status, 200)
        self.assertGreaterEqual(s.metric_value("gateway", 'atlas_http_rate_limited_total{by="ip"}'), 1)

    def test_per_token_limit_applies_to_each_token(self):
        s = self.start(ATLAS_RATE_LIMIT_TOKEN_RPS=1, ATLAS_RATE_LIMIT_TOKEN_BURST=3)
        token = s.token()
        h = {"Authorization": "Bearer " + token}
        codes = [s.get("/v1/projects", headers=h, as_admin=False).status for _ in range(4)]
        self.assertEqual(codes[:3], [200] * 3)
        self.assertEqual(codes[3], 429)
        # Garbage tokens are counted too, each on its own.
        bad = {"Authorization": "Bearer garbage"}
        codes = [s.get("/v1/projects", headers=bad, as_admin=False).status for _ in range(4)]
        self.assertEqual(codes, [401, 401, 401, 429])
        # Anonymous callers only meet the (generous) per-IP limit.
        self.assertEqual(s.get("/v1/projects", as_admin=False).status, 200)

    def test_security_headers_on_api_responses(self):
        s = self.start()
        r = s.get("/v1/projects", as_admin=False)
        self.assertEqual(r.headers["X-Content-Type-Options"], "nosniff")
        self.assertIn("frame-ancestors 'none'", r.headers["Content-Security-Policy"])
        self.assertEqual(r.headers["Referrer-Policy"], "no-referrer")
        self.assertEqual(r.headers["X-Frame-Options"], "DENY")


if __name__ == "__main__":
    unittest.main()
