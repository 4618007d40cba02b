"""Bad input through the real gateway and services: each gets the right
status and a clear message, nothing crashes, nothing is half-written."""
import socket
import time
import unittest

from harness import System, SystemTestCase


class BadInputTest(SystemTestCase):
    def assertError(self, reply, status, grpc_status=None):
        self.assertEqual(reply.status, status, reply.body)
        body = reply.json()
        self.assertEqual(body["code"], status)
        self.assertTrue(body["message"])
        if grpc_status:
            self.assertEqual(body["status"], grpc_status)
        return body

    def test_bad_requests_are_rejected_and_nothing_is_written(self):
        s = self.sys
        cases = [
            ("malformed JSON", s.request("POST", "/v1/projects", raw=b'{"title": "x"'), 400),
            ("unknown field", s.post("/v1/projects", {"title": {"fr": "x"}, "colour": "red"}), 400),
            ("wrong type", s.post("/v1/projects", {"title": ["x"]}), 400),
            ("wrong shape", s.post("/v1/projects", {"title": {"fr": "x"}, "themes": "investment"}), 400),
            ("invalid value", s.post("/v1/projects", {"title": {"fr": ""}, "regionCodes": ["MA-99"]}), 400),
            ("bad query type", s.get("/v1/projects?page_size=many"), 400),
            ("unknown query", s.get("/v1/projects?colour=red"), 400),
            ("forged page token", s.get("/v1/projects?pageToken=bm9wZQ"), 400),
            ("bad bbox", s.get("/v1/map/locations?bbox=1,2,3"), 400),
            ("bad name", s.get("/v1/projects/not-a-uuid"), 400),
            ("missing project", s.get("/v1/projects/00000000-0000-4000-8000-000000000000"), 404),
            ("unknown route", s.get("/v1/nothing/here"), 404),
            ("wrong method", s.request("DELETE", "/v1/projects"), 405),
            ("not JSON", s.request("POST", "/v1/projects", raw=b"title=x",
                                   headers={"Content-Type": "text/plain"}), 415),
            ("over 1 MiB", s.request("POST", "/v1/projects", raw=b" " * (1024 * 1024 + 1)), 413),
        ]
        for what, reply, status in cases:
            with self.subTest(what):
                self.assertError(reply, status)
        self.assertEqual(s.get("/v1/projects").json()["projects"], [], "nothing was written")
        time.sleep(0.3)
        self.assertEqual(s.get("/v1/inbox").json()["entries"], [], "no event was published")
        self.assertTrue(s.ready(), "every process is still up")

    def test_field_violations_and_language(self):
        r = self.sys.post("/v1/projects", {"title": {"fr": ""}, "themes": ["astrology"]},
                          headers={"Accept-Language": "fr-FR,fr;q=0.9"})
        body = self.assertError(r, 400, "INVALID_ARGUMENT")
        violations = body["details"][0]["fieldViolations"]
        self.assertEqual([v["field"] for v in violations], ["project.title", "project.themes[0]"])
        # Rendered by the registry itself in the caller's language.
        self.assertEqual(violations[0]["description"],
                         "un titre est requis dans au moins une langue (fr, ar ou en)")
        self.assertTrue(body["message"].startswith("project.title: un titre est requis"), body)
        self.assertEqual(r.headers.get("Content-Language"), "fr")
        geo = self.sys.get("/v1/map/locations?bbox=1,2", headers={"Accept-Language": "ar"})
        self.assertEqual(geo.status, 400)
        self.assertEqual(geo.json()["details"][0]["fieldViolations"][0]["description"],
                         "يجب أن يحتوي على أربعة أعداد بالضبط مفصولة بفواصل: غرب،جنوب،شرق،شمال")
        missing = self.sys.get("/v1/projects/00000000-0000-4000-8000-000000000000",
                               headers={"Accept-Language": "fr"})
        self.assertEqual(missing.json()["message"],
                         "le projet projects/00000000-0000-4000-8000-000000000000 n'existe pas")
        nf = self.sys.get("/v1/inconnu", headers={"Accept-Language": "ar"})
        self.assertEqual(nf.json()["message"], "لا يوجد مورد في العنوان /v1/inconnu")
        self.assertEqual(nf.headers.get("Content-Language"), "ar")

    def test_garbage_on_the_socket_gets_400_and_the_server_survives(self):
        with socket.create_connection(("127.0.0.1", self.sys.http_port), timeout=5) as c:
            c.sendall(b"THIS IS NOT HTTP\r\n\r\n")
            data = c.recv(4096)
        self.assertTrue(data.startswith(b"HTTP/1.1 400"), data[:80])
        self.assertEqual(self.sys.get("/healthz").status, 200)

    def test_request_smuggling_shapes_are_refused(self):
        def raw(data):
            with socket.create_connection(("127.0.0.1", self.sys.http_port), timeout=5) as c:
                c.sendall(data)
                return c.recv(4096).split(b"\r\n")[0]
        head = b"POST /v1/projects HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        for name, extra in [
            ("CL+TE", b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            ("two CL", b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
            ("bad chunk", b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
            ("TE not chunked", b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
        ]:
            with self.subTest(name):
                self.assertEqual(raw(head + extra), b"HTTP/1.1 400 Bad Request")
        self.assertEqual(self.sys.get("/healthz").status, 200)

    def test_security_headers(self):
        r = self.sys.get("/v1/projects")
        self.assertEqual(r.headers.get("X-Content-Type-Options"), "nosniff")
        self.assertEqual(r.headers.get("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'")
        self.assertEqual(r.headers.get("Referrer-Policy"), "no-referrer")
        self.assertEqual(r.headers.get("X-Frame-Options"), "DENY")
        self.assertEqual(self.sys.get("/v1/nowhere").headers.get("X-Frame-Options"), "DENY")

    def test_backend_down_is_503_then_recovers(self):
        s = self.sys
        s.stop_service("geo")
        r = s.get("/v1/map/locations?bbox=-17,20,-1,36")
        body = self.assertError(r, 503, "UNAVAILABLE")
        self.assertIn("geo", body["message"])
        # The gateway still serves everything else: it stays ready, degraded.
        s.wait(lambda: s.get("/readyz").json()["backends"]["geo"] == "UNREACHABLE", 5, "probe")
        ready = s.get("/readyz")
        self.assertEqual(ready.status, 200)
        self.assertEqual(ready.json()["status"], "degraded")
        self.assertEqual(s.get("/v1/projects").status, 200)
        s.start_service("geo")
        s.wait(lambda: s.get("/v1/map/locations?bbox=-17,20,-1,36").status == 200, 30, "geo back")


if __name__ == "__main__":
    unittest.main()
