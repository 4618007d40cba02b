"""Regression tests for the holes of issue 17, through the real gateway and
services: hostile bytes, junk methods, entity expansion, idempotency keys
across organisations, oversized events, client addresses behind a proxy,
readiness under a sign-in flood, event-stream exhaustion. Each test names
the item it covers (docs/security.md lists them)."""
import json
import socket
import time
import urllib.parse

from accounts import create_accounts, PASSWORD
from harness import SystemTestCase


def raw_request(port, data, timeout=10):
    """Sends `data` as is and returns (status, headers, body bytes) of the
    first response; (0, {}, b"") if the server closed without one."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as c:
        c.sendall(data)
        c.shutdown(socket.SHUT_WR)  # a request cut short ends here, not at a timeout
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = c.recv(65536)
            if not chunk:
                return 0, {}, b""
            buf += chunk
        head, _, body = buf.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ")[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(b":")
            headers[k.decode().strip().lower()] = v.decode(errors="replace").strip()
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = c.recv(65536)
            if not chunk:
                break
            body += chunk
        return status, headers, body[:length]


class SecurityTest(SystemTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tokens, _ = create_accounts(cls.sys)

    def raw(self, data):
        return raw_request(self.sys.http_port, data)

    def assertAlive(self):
        for name, p in self.sys.procs.items():
            self.assertIsNone(p.poll(), f"{name} exited:\n{self.sys.log(name)[-2000:]}")
        self.assertEqual(self.sys.get("/healthz", as_admin=False).status, 200)

    def call(self, method, path, body=None, role="admin", headers=None):
        h = dict(headers or {})
        if self.tokens.get(role):
            h["Authorization"] = "Bearer " + self.tokens[role]
        return self.sys.request(method, path, body, headers=h, as_admin=False)

    # --- 1. bytes that are not UTF-8 -------------------------------------
    def test_1_invalid_utf8_anywhere_is_a_400_and_the_gateway_survives(self):
        cases = [
            ("query parameter name", b"GET /v1/projects?%FF=1 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("query parameter value", b"GET /v1/projects?q=%C3 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("surrogate in a value", b"GET /v1/projects?q=%ED%A0%80 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("path segment", b"GET /v1/projects/%FF HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("map query", b"GET /v1/map/locations?bbox=%FF HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("preflight Origin", b"OPTIONS /v1/projects HTTP/1.1\r\nHost: x\r\nOrigin: \xff\xfe\r\n"
                                 b"Access-Control-Request-Method: GET\r\n\r\n", 403),
        ]
        form = b"grant_type=password&username=%FF%FE&password=x"
        cases.append(("form field", b"POST /v1/auth/token HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: " + str(len(form)).encode() + b"\r\n\r\n" + form, 400))
        session = b"username=%C0%80&password=x"
        cases.append(("session form", b"POST /v1/auth/session HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: " + str(len(session)).encode() + b"\r\n\r\n" + session, 400))
        cases.append(("refresh cookie", b"POST /v1/auth/session:refresh HTTP/1.1\r\nHost: x\r\n"
                      b"Cookie: atlas_session=\xff\xfe\r\nContent-Length: 0\r\n\r\n", 400))
        cases.append(("JSON body", b"POST /v1/projects HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/json\r\nContent-Length: 20\r\n\r\n"
                      b'{"title":{"fr":"\xff"}}', 400))
        for what, data, status in cases:
            with self.subTest(what):
                got, headers, body = self.raw(data)
                self.assertEqual(got, status, body[:300])
                self.assertIn("application/json", headers.get("content-type", ""))
                doc = json.loads(body)  # strict: the answer is valid UTF-8 JSON
                self.assertEqual(doc["code"], status)
                self.assertNotIn("\ufffd", doc.get("message", ""), "no raw bytes echoed")
                self.assertAlive()
        # Named by field, described in the caller's language, and no 5xx was counted.
        r = self.sys.get("/v1/projects?q=%FF", headers={"Accept-Language": "fr"})
        self.assertEqual(r.status, 400)
        self.assertEqual(r.json()["details"][0]["fieldViolations"][0],
                         {"field": "q", "description": "n'est pas de l'UTF-8 valide"})
        metrics = self.sys.metrics("gateway")
        self.assertNotRegex(metrics, r'atlas_http_requests_total\{[^}]*code="5\d\d"')

    def test_1_a_fuzz_of_raw_requests_never_ends_the_gateway(self):
        # Bounded: a few hundred mutated requests, each on its own connection.
        import random
        rng = random.Random(17)
        seeds = [b"GET /v1/projects?q=oujda&page_size=2 HTTP/1.1\r\nHost: x\r\nAccept-Language: ar\r\n\r\n",
                 b"POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                 b"Content-Length: 39\r\n\r\ngrant_type=password&username=a&password=b",
                 b"OPTIONS /v1/projects HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example\r\n\r\n",
                 b"GET /v1/map/projects?bbox=-17,21,-1,36&zoom=6 HTTP/1.1\r\nHost: x\r\n\r\n",
                 b"POST /v1/projects HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 22\r\n\r\n{\"title\":{\"fr\":\"abc\"}}"]
        statuses = {}
        deadline = time.monotonic() + 60
        for i in range(300):
            if time.monotonic() > deadline:
                break
            data = bytearray(rng.choice(seeds))
            for _ in range(rng.randint(1, 8)):
                op = rng.random()
                pos = rng.randrange(len(data))
                if op < 0.4:
                    data[pos] = rng.randrange(256)
                elif op < 0.6:
                    data[pos:pos] = bytes([rng.choice([0x00, 0x25, 0x80, 0xC3, 0xED, 0xFF, 0x0A])])
                elif op < 0.8:
                    del data[pos]
                else:
                    data[pos:pos] = b"%" + rng.choice([b"FF", b"C0", b"ED%A0%80", b"00", b"zz"])
            try:
                status, _, body = raw_request(self.sys.http_port, bytes(data), timeout=5)
            except (socket.timeout, ConnectionError):
                status, body = -1, b""
            statuses[status] = statuses.get(status, 0) + 1
            if status > 0:
                self.assertLess(status, 500, (bytes(data), body[:200]))
                if body[:1] == b"{":
                    json.loads(body)  # every answer of ours is valid JSON
        self.assertAlive()
        self.assertEqual(self.sys.get("/v1/projects").status, 200)

    # --- 2. caller-controlled metric labels ------------------------------
    def test_2_junk_methods_do_not_become_metric_series(self):
        for i in range(30):
            self.raw(f"JUNK{i:04d}METHOD /v1/projects HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        # A junk method on a protocol error path too.
        self.raw(b"BREW" + b"X" * 2000 + b" /v1/projects HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n")
        metrics = self.sys.metrics("gateway")
        self.assertNotIn("JUNK", metrics)
        self.assertNotIn("BREWX", metrics)
        self.assertRegex(metrics, r'atlas_http_requests_total\{[^}]*method="other"')
        self.assertAlive()

    # --- 3. IATI import: no DOCTYPE, bounded work ------------------------
    def test_3_iati_documents_with_a_doctype_are_refused(self):
        laugh = ('<?xml version="1.0"?><!DOCTYPE iati-activities [<!ENTITY x "' + "x" * 10000 +
                 '">]><iati-activities><iati-activity><iati-identifier>XM-LOL-1</iati-identifier>'
                 '<title><narrative>' + "&x;" * 1000 + '</narrative></title></iati-activity>'
                 '</iati-activities>')
        r = self.call("POST", "/v1/projects:import", {"iatiXml": laugh}, role="editor",
                      headers={"Accept-Language": "fr"})
        self.assertEqual(r.status, 400, r.body[:300])
        self.assertIn("DOCTYPE", r.json()["details"][0]["fieldViolations"][0]["description"])
        self.assertLess(len(r.raw), 4000, "nothing expanded comes back")
        external = ('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY s SYSTEM "file:///etc/passwd">]>'
                    '<iati-activities/>')
        self.assertEqual(self.call("POST", "/v1/projects:import", {"iatiXml": external},
                                   role="editor").status, 400)
        many = "<iati-activities>" + "".join(
            f"<iati-activity><iati-identifier>XM-MANY-{i}</iati-identifier></iati-activity>"
            for i in range(2001)) + "</iati-activities>"
        r = self.call("POST", "/v1/projects:import", {"iatiXml": many, "validateOnly": True},
                      role="editor")
        self.assertEqual(r.status, 400, r.body[:300])
        self.assertIn("2000", r.body)
        self.assertAlive()

    # --- 4. idempotency keys belong to an organisation -------------------
    def test_4_a_request_id_never_answers_with_another_organisations_project(self):
        body = {"title": {"fr": "Projet privé (test)"}, "themes": ["investment"],
                "regionCodes": ["MA-02"],
                "contacts": [{"name": "Amina", "email": "amina@example.org"}]}
        mine = self.call("POST", "/v1/projects?requestId=shared-key-1", body, role="editor")
        self.assertEqual(mine.status, 200, mine.body)
        again = self.call("POST", "/v1/projects?requestId=shared-key-1", body, role="editor")
        self.assertEqual(again.json()["name"], mine.json()["name"], "a retry is the same project")
        other = self.call("POST", "/v1/projects?requestId=shared-key-1",
                          {"title": {"fr": "Autre (test)"}, "themes": ["skills"]},
                          role="other_editor")
        self.assertEqual(other.status, 200, other.body)
        self.assertNotEqual(other.json()["name"], mine.json()["name"])
        self.assertEqual(other.json()["organisation"], "organisations/region-oriental")
        self.assertNotIn("amina", other.body)
        # The first organisation's draft is still its own and unchanged.
        p = self.call("GET", "/v1/" + mine.json()["name"], role="editor").json()
        self.assertEqual(p["title"]["fr"], "Projet privé (test)")

    # --- 5. no event can stop the outbox ---------------------------------
    def test_5_the_largest_record_does_not_hold_up_later_events(self):
        t = "ⵣ"  # three bytes in UTF-8
        text = {"fr": t * 5000, "ar": t * 5000, "en": t * 5000}
        big = {"title": {"fr": "Fiche maximale (test) " + t * 250},
               "themes": ["investment"], "regionCodes": ["MA-02"], "status": "IMPLEMENTATION",
               "summary": text, "objectives": text, "expectedResults": text,
               "achievedResults": text,
               "participatingOrganisations": [{"name": t * 300, "role": "FUNDING"}
                                              for _ in range(50)],
               "places": [{"name": t * 200, "point": {"latitude": 34.68, "longitude": -1.91}}
                          for _ in range(200)],
               "milestones": [{"title": t * 300} for _ in range(100)],
               "documents": [{"title": t * 300, "url": "https://example.org/" + "d" * 1900}
                             for _ in range(100)]}
        body = json.dumps(big, ensure_ascii=False).encode()
        self.assertLess(len(body), 1024 * 1024)
        created = self.sys.request("POST", "/v1/projects", raw=body)
        self.assertEqual(created.status, 200, created.body[:300])
        name = created.json()["name"]
        for verb in (":submit", ":publish"):
            r = self.sys.post(f"/v1/{name}{verb}", {})
            self.assertEqual(r.status, 200, r.body[:300])
        # The published project's events hold two copies: over 1 MiB before
        # issue 17. A small project written afterwards must still reach geo.
        small = self.sys.post("/v1/projects", {"title": {"fr": "Après la grande (test)"},
                                               "themes": ["skills"], "regionCodes": ["MA-02"],
                                               "location": {"latitude": 32.3, "longitude": -9.2}})
        self.assertEqual(small.status, 200, small.body)
        self.sys.wait(lambda: small.json()["name"] in self.sys.get(
            "/v1/map/locations?bbox=-10,31,-8,33").body, 20, "geo sees the later project")
        self.sys.wait(lambda: name in self.sys.get("/v1/map/locations?bbox=-3,34,-1,35").body, 20,
                      "geo sees the large project too")
        self.assertEqual(self.sys.metric_value("registry", "atlas_dead_letters"), 0)
        self.assertEqual(self.sys.metric_value("registry", "atlas_outbox_dead_lettered_total"), 0)
