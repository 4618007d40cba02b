"""Regression tests for the holes of issue 17, through the real gateway and
services: hostile bytes, junk methods, entity expansion, idempotency keys
across organisations, oversized events, client addresses behind a proxy,
readiness under a sign-in flood, event-stream exhaustion. Each test names
the item it covers (docs/security.md lists them)."""
import json
import os
import socket
import subprocess
import time
import urllib.parse
import urllib.request

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


def sse_status(port, headers=b"", timeout=5):
    """Opens GET /v1/events and returns (status, socket): the socket stays
    open (a stream holds its slot) until the caller closes it."""
    c = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    c.sendall(b"GET /v1/events HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
    data = b""
    while b"\r\n" not in data:
        chunk = c.recv(4096)
        if not chunk:
            break
        data += chunk
    status = int(data.split(b" ")[1]) if data.startswith(b"HTTP/1.1 ") else 0
    return status, c


class SecurityTest(SystemTestCase):
    extra_env = {"gateway": {"ATLAS_HTTP_MAX_CONNECTIONS_PER_IP": "40",
                             "ATLAS_SSE_MAX_STREAMS_PER_IP": "3",
                             "ATLAS_HTTP_MAX_UPLOADS_PER_IP": "2",
                             "ATLAS_SIGNIN_THREADS": "1", "ATLAS_SIGNIN_QUEUE": "4",
                             "ATLAS_RATE_LIMIT_IP_RPS": "0",
                             "ATLAS_AUDIT_EXPIRY_INTERVAL_S": "1",
                             "ATLAS_REFRESH_REUSE_GRACE_S": "2"}}

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

    # --- 7. readiness is not queued behind sign-ins ----------------------
    def test_7_a_sign_in_flood_neither_delays_readiness_nor_queues_without_bound(self):
        import threading
        form = urllib.parse.urlencode({"grant_type": "password", "username": "admin",
                                       "password": self.sys.admin_password}).encode()
        statuses, lock = [], threading.Lock()

        def sign_in():
            r = self.sys.request("POST", "/v1/auth/token", raw=form, as_admin=False,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
            with lock:
                statuses.append((r.status, r.headers.get("Retry-After")))

        threads = [threading.Thread(target=sign_in) for _ in range(40)]
        for t in threads:
            t.start()
        # While 40 argon2id hashes compete for one worker, readiness answers at once.
        time.sleep(0.1)
        ready_times = []
        for _ in range(5):
            time.sleep(0.5)
            begin = time.monotonic()
            r = self.sys.get("/readyz", as_admin=False)
            ready_times.append(time.monotonic() - begin)
            self.assertEqual(r.status, 200, r.body)
        for t in threads:
            t.join(60)
        self.assertLess(max(ready_times), 0.5, ready_times)
        codes = sorted(s for s, _ in statuses)
        self.assertIn(200, codes)
        busy = [(s, ra) for s, ra in statuses if s == 429]
        self.assertTrue(busy, "beyond the queue, sign-ins are told to come back")
        self.assertTrue(all(ra == "1" for _, ra in busy), busy)
        self.assertEqual(set(codes), {200, 429}, codes)
        self.assertGreaterEqual(self.sys.metric_value(
            "gateway", 'atlas_auth_logins_total{result="busy"}'), 1)

    # --- 8. bounded growth -------------------------------------------------
    def audit(self, kind):
        r = self.sys.get(f"/v1/auditEntries?kind={kind}&pageSize=1000")
        self.assertEqual(r.status, 200, r.body)
        return r.json()["entries"]

    def test_8_garbage_tokens_are_sampled_and_never_hide_a_permission_denial(self):
        import secrets
        import threading
        before = len(self.audit("token.rejected"))
        def flood():
            for _ in range(100):
                self.sys.get("/v1/projects?page_size=1", as_admin=False,
                             headers={"Authorization": "Bearer " + secrets.token_urlsafe(24)})
        threads = [threading.Thread(target=flood) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(0.2)
        # A real caller refused in the middle of the flood: an editor publishing.
        p = self.call("POST", "/v1/projects", {"title": {"fr": "Refus (test)"}}, role="editor")
        self.assertEqual(self.call("POST", "/v1/" + p.json()["name"] + ":publish", {},
                                   role="editor").status, 403)
        for t in threads:
            t.join(60)
        def denied():
            return [e for e in self.audit("permission.denied")
                    if e["target"].endswith("PublishProject")]
        self.sys.wait(lambda: denied(), 10, "the denial in the audit log")
        time.sleep(1)
        rejected = self.audit("token.rejected")[: max(0, len(self.audit("token.rejected")) - before)]
        self.assertLessEqual(len(rejected), 10, "300 garbage tokens are a handful of entries")

    def test_8_the_audit_log_has_a_retention_and_stays_append_only(self):
        db = self.sys.db
        self.sys.psql("""INSERT INTO gateway.audit_log (event_id, kind, source, create_time) VALUES
            (gen_random_uuid(), 'token.rejected', 'test-old', now() - interval '100 days'),
            (gen_random_uuid(), 'token.rejected', 'test-kept', now() - interval '40 days'),
            (gen_random_uuid(), 'login.failed', 'test-old', now() - interval '100 days'),
            (gen_random_uuid(), 'token.rejected', 'test-new', now() - interval '5 days')""", db=db)
        count = "SELECT string_agg(kind || '/' || source, ',' ORDER BY seq) FROM gateway.audit_log " \
                "WHERE source LIKE 'test-%'"
        left = "token.rejected/test-kept,login.failed/test-old,token.rejected/test-new"
        self.sys.wait(lambda: self.sys.psql(count, db=db) == left, 10, "expiry")
        # Only old rows may ever go, and only by the expiry's own door; no row changes.
        for sql in ["DELETE FROM gateway.audit_log WHERE source = 'test-kept'",
                    "BEGIN; SET LOCAL atlas.audit_expiry = 'on'; "
                    "DELETE FROM gateway.audit_log WHERE source = 'test-new'; COMMIT",
                    "UPDATE gateway.audit_log SET kind = 'x' WHERE source = 'test-old'",
                    "TRUNCATE gateway.audit_log"]:
            with self.subTest(sql):
                with self.assertRaises(Exception):
                    self.sys.psql(sql, db=db)
        self.assertEqual(self.sys.psql(count, db=db), left)

    def test_8_the_event_stream_has_a_retention(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.sys.nats_mon}/jsz?streams=true&config=true",
                                    timeout=5) as r:
            jsz = json.load(r)
        streams = [s for a in jsz["account_details"] for s in a["stream_detail"]]
        atlas = [s for s in streams if s["name"] == "ATLAS"][0]
        self.assertEqual(atlas["config"]["max_age"], 90 * 24 * 3600 * 10**9)
        self.assertEqual(atlas["config"]["discard"], "new")

    # --- 10. smaller ----------------------------------------------------------
    def test_10_two_tabs_refreshing_at_once_keep_the_session(self):
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        r = self.sys.request("POST", "/v1/auth/session", headers=form, as_admin=False,
                             raw=urllib.parse.urlencode({"username": "editor",
                                                         "password": PASSWORD}).encode())
        self.assertEqual(r.status, 200, r.body)
        cookie = r.headers["Set-Cookie"].split(";", 1)[0]
        refresh = lambda c: self.sys.request("POST", "/v1/auth/session:refresh",
                                             headers={"Cookie": c}, as_admin=False)
        first, second = refresh(cookie), refresh(cookie)  # two tabs, the same cookie
        self.assertEqual((first.status, second.status), (200, 200), second.body)
        kept = second.headers["Set-Cookie"].split(";", 1)[0]
        self.assertEqual(refresh(kept).status, 200, "the session lives on")
        self.assertEqual(refresh(first.headers["Set-Cookie"].split(";", 1)[0]).status, 200)
        # Past the grace, the used cookie is a replay: the session is revoked.
        time.sleep(2.5)
        self.assertEqual(refresh(cookie).status, 401)
        self.assertEqual(refresh(kept).status, 401, "the whole sign-in is revoked")

    def test_10_mentions_stay_within_the_projects_dialogue(self):
        p = self.call("POST", "/v1/projects", {"title": {"fr": "Dialogue (test)"}}, role="editor")
        name = p.json()["name"]
        # Mentioning another organisation is refused, in the caller's language.
        r = self.call("POST", f"/v1/{name}/comments",
                      {"text": "Voyez @organisations/region-oriental"}, role="editor",
                      headers={"Accept-Language": "fr"})
        self.assertEqual(r.status, 400, r.body)
        self.assertIn("ne participe pas", r.json()["details"][0]["fieldViolations"][0]["description"])
        # The ministry may be called in; its staff and the editor's colleagues are offered.
        ok = self.call("POST", f"/v1/{name}/comments", {"text": "@organisations/ministry ?"},
                       role="editor")
        self.assertEqual(ok.status, 200, ok.body)
        offered = self.call("GET", "/v1/mentionables?pageSize=50", role="editor").json()
        handles = {m["handle"] for m in offered.get("mentionables", [])}
        self.assertIn("validator", handles)
        self.assertIn("editor", handles)
        self.assertNotIn("other-editor", handles, "another organisation's people are not listed")
        self.assertNotIn("organisations/region-oriental", handles)
        # Asking for another organisation changes nothing for an editor.
        asked = self.call("GET", "/v1/mentionables?pageSize=50&organisation=organisations/region-oriental",
                          role="editor").json()
        self.assertNotIn("other-editor", {m["handle"] for m in asked.get("mentionables", [])})
        # A person of another organisation named in the dialogue is told nothing.
        self.assertEqual(self.call("POST", f"/v1/{name}/comments", {"text": "@other-editor voyez"},
                                   role="editor").status, 200)
        time.sleep(1.5)
        inbox = self.call("GET", "/v1/notifications", role="other_editor").json()
        self.assertFalse([n for n in inbox.get("notifications", []) if name in json.dumps(n)], inbox)
        # The ministry's staff see their mentions.
        self.sys.wait(lambda: name in json.dumps(self.call("GET", "/v1/notifications",
                                                           role="validator").json()), 10,
                      "the ministry is told")

    # --- 9. streams, connections and uploads per client --------------------
    def test_9_event_streams_are_capped_per_client(self):
        held = []
        try:
            for _ in range(3):
                status, c = sse_status(self.sys.http_port)
                held.append(c)
                self.assertEqual(status, 200)
            status, c = sse_status(self.sys.http_port)
            c.close()
            self.assertEqual(status, 503, "the fourth stream from one address")
        finally:
            for c in held:
                c.close()
        def stream_opens():
            status, c = sse_status(self.sys.http_port)
            c.close()
            return status == 200
        self.sys.wait(stream_opens, 5, "slots come back")
        self.assertGreaterEqual(self.sys.metric_value(
            "gateway", 'atlas_http_refused_total{reason="streams"}'), 1)

    def test_9_idle_connections_are_capped_per_client(self):
        held = []
        try:
            for _ in range(40):
                held.append(socket.create_connection(("127.0.0.1", self.sys.http_port), timeout=5))
            time.sleep(0.3)
            extra = socket.create_connection(("127.0.0.1", self.sys.http_port), timeout=5)
            extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            try:
                data = extra.recv(100)
            except ConnectionResetError:
                data = b""
            extra.close()
            self.assertEqual(data, b"", "the 41st connection is closed at once")
            held[0].sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertTrue(held[0].recv(100).startswith(b"HTTP/1.1 200"), "held ones still work")
        finally:
            for c in held:
                c.close()
        self.sys.wait(lambda: self.sys.get("/healthz", as_admin=False).status == 200, 5, "free again")

    def test_9_slow_uploads_are_capped_per_client(self):
        head = (b"POST /v1/projects HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 500000\r\n\r\n")
        slow = []
        try:
            for _ in range(2):
                c = socket.create_connection(("127.0.0.1", self.sys.http_port), timeout=5)
                c.sendall(head + b"{")  # and then nothing, for now
                slow.append(c)
            time.sleep(0.3)
            status, headers, body = raw_request(self.sys.http_port, head + b"{")
            self.assertEqual(status, 503, body[:200])
            self.assertEqual(headers.get("retry-after"), "5")
            # A small request from the same address is not an upload: served.
            self.assertEqual(self.sys.get("/v1/projects?page_size=1").status, 200)
        finally:
            for c in slow:
                c.close()
        time.sleep(0.3)
        status, _, _ = raw_request(self.sys.http_port, head + b"{")
        self.assertEqual(status, 400, "a slot is free again (the body is cut short: 400)")


class ProxyTest(SystemTestCase):
    """Item 6: behind a trusted reverse proxy, each client is itself."""
    extra_env = {"gateway": {"ATLAS_TRUSTED_PROXIES": "127.0.0.1",
                             "ATLAS_SSE_MAX_STREAMS_PER_IP": "2"}}

    def sign_in(self, username, password, client):
        form = urllib.parse.urlencode({"grant_type": "password", "username": username,
                                       "password": password}).encode()
        return self.sys.request("POST", "/v1/auth/token", raw=form, as_admin=False,
                                headers={"Content-Type": "application/x-www-form-urlencoded",
                                         "X-Forwarded-For": "6.6.6.6, " + client})

    def test_6_failed_sign_ins_from_one_client_do_not_lock_out_the_others(self):
        # 21 failures from 198.51.100.7 (each under another name: the per-name
        # throttle stays out of it) lock that client out...
        for i in range(21):
            r = self.sign_in(f"nobody-{i}", "wrong", "198.51.100.7")
            self.assertIn(r.status, (400, 401), r.body)
        r = self.sign_in("nobody-x", "wrong", "198.51.100.7")
        self.assertEqual(r.status, 429, r.body)
        # ... and no one else: before issue 17 every client behind the ingress
        # shared its address, and one attacker locked everyone out.
        r = self.sign_in("admin", self.sys.admin_password, "203.0.113.20")
        self.assertEqual(r.status, 200, r.body)
        # The forged first entry is not the client: the audit names the real one.
        entries = self.sys.get("/v1/auditEntries?kind=login.failed&pageSize=50").json()
        peers = {e["peer"] for e in entries["entries"]}
        self.assertIn("198.51.100.7", peers)
        self.assertNotIn("6.6.6.6", peers)

    def test_6_event_stream_caps_apply_to_the_client_behind_the_proxy(self):
        held = []
        try:
            for _ in range(2):
                status, c = sse_status(self.sys.http_port, b"X-Forwarded-For: 198.51.100.8\r\n")
                held.append(c)
                self.assertEqual(status, 200)
            status, c = sse_status(self.sys.http_port, b"X-Forwarded-For: 198.51.100.8\r\n")
            c.close()
            self.assertEqual(status, 503)
            status, c = sse_status(self.sys.http_port, b"Forwarded: for=198.51.100.9\r\n")
            c.close()
            self.assertEqual(status, 200, "another client behind the same proxy")
        finally:
            for c in held:
                c.close()


class PageStreamTest(SystemTestCase):
    """Item 9 in a browser: a page whose stream is refused tries again."""
    extra_env = {"gateway": {"ATLAS_SSE_MAX_STREAMS_PER_IP": "1",
                             "ATLAS_WEB_ROOT": os.environ.get("ATLAS_TEST_WEB_ROOT", "")}}

    def test_9_a_page_whose_stream_was_refused_retries_with_back_off(self):
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        artifacts = os.path.join(self.sys.build, "test-artifacts", "events-retry")
        fixtures = os.path.join(self.sys.dir, "fixtures.json")
        with open(fixtures, "w") as f:
            f.write("{}")
        out = subprocess.run(["node", os.path.join(root, "web", "tests", "events-retry.mjs"),
                              self.sys.url, artifacts, fixtures],
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertGreaterEqual(self.sys.metric_value(
            "gateway", 'atlas_http_refused_total{reason="streams"}'), 1)


class LeastPrivilegeTest(SystemTestCase):
    """Item 10: one database role per process, as deployed (deploy/k8s
    postgres-roles): the schema's owner applies the migrations, the process
    runs as a role that reads and writes rows and nothing more."""
    roles = True

    def as_role(self, role, sql):
        return self.sys.psql(sql, db=self.sys.db, user=role)

    def test_10_every_process_works_as_its_own_least_privileged_role(self):
        tokens, _ = create_accounts(self.sys)
        p = self.sys.post("/v1/projects", {"title": {"fr": "Rôles (test)"}, "themes": ["skills"],
                                           "regionCodes": ["MA-02"],
                                           "location": {"latitude": 34.0, "longitude": -5.0}})
        self.assertEqual(p.status, 200, p.body)
        self.sys.wait(lambda: p.json()["name"] in self.sys.get("/v1/map/locations?bbox=-6,33,-4,35").body,
                      20, "geo, as atlas_geo, applied the event")
        self.sys.wait(lambda: p.json()["name"] in self.sys.get("/v1/inbox").body, 20,
                      "notify, as atlas_notify, applied it")
        self.assertTrue(self.audit_works())
        for role in ["atlas_registry", "atlas_geo", "atlas_gateway"]:
            self.assertEqual(self.sys.psql("SELECT current_user", db=self.sys.db, user=role), role)

    def audit_works(self):
        entries = self.sys.get("/v1/auditEntries?pageSize=5").json()["entries"]
        return len(entries) > 0

    def test_10_a_process_cannot_change_tables_triggers_or_read_another_schema(self):
        refused = [
            ("atlas_gateway", "ALTER TABLE gateway.audit_log DISABLE TRIGGER ALL"),
            ("atlas_gateway", "DROP TRIGGER audit_log_append_only ON gateway.audit_log"),
            ("atlas_gateway", "UPDATE gateway.audit_log SET kind = 'x'"),
            ("atlas_gateway", "TRUNCATE gateway.audit_log"),
            ("atlas_registry", "SELECT count(*) FROM gateway.users"),
            ("atlas_geo", "SELECT count(*) FROM registry.projects"),
            ("atlas_notify", "CREATE TABLE notify.x (a int)"),
            ("atlas_registry", "DROP TABLE registry.projects"),
            ("atlas_stats", "CREATE TABLE public.x (a int)"),
        ]
        for role, sql in refused:
            with self.subTest(role=role, sql=sql):
                with self.assertRaises(subprocess.CalledProcessError):
                    self.as_role(role, sql)
        # What it needs, it has.
        self.assertIsNotNone(self.as_role("atlas_registry", "SELECT count(*) FROM registry.projects"))
