"""atlas-notify's channels end to end, against real far ends started here
(tools/js/notify-sinks.mjs): partner webhooks verified by the Standard Webhooks
reference library (npm standardwebhooks), e-mail received by an SMTP server
(npm smtp-server) and parsed by mailparser — the right language, recipients
and one-click unsubscribe headers; retries, dead letters and replay; SSRF
refused at registration and on a redirect; nobody told of another
organisation's draft."""
import datetime
import http.client
import json
import os
import queue
import subprocess
import threading
import time
import urllib.parse
import urllib.request

from accounts import PASSWORD, create_accounts
from harness import SystemTestCase

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class NotifySystem(SystemTestCase):
    """A whole system with the far ends of notify's channels, and helpers."""
    @classmethod
    def setUpClass(cls):
        cls.sinks = subprocess.Popen(["node", os.path.join(ROOT, "tools", "js", "notify-sinks.mjs"),
                                      "--lifetime=900"], stdout=subprocess.PIPE, text=True)
        cls.addClassCleanup(cls.sinks.kill)
        ports = json.loads(cls.sinks.stdout.readline())
        cls.sink = f"http://127.0.0.1:{ports['http']}"
        # The burst below writes faster than the public rate limits allow.
        cls.extra_env = {"gateway": {"ATLAS_WEB_ROOT": os.environ.get("ATLAS_TEST_WEB_ROOT", ""),
                                     "ATLAS_RATE_LIMIT_IP_RPS": "0",
                                     "ATLAS_RATE_LIMIT_TOKEN_RPS": "0"},
                         "notify": {
            "ATLAS_NOTIFY_SMTP_URL": f"smtp://127.0.0.1:{ports['smtp']}",
            "ATLAS_NOTIFY_SMTP_STARTTLS": "off",
            "ATLAS_NOTIFY_MAIL_FROM": "Sharaka Atlas (test) <atlas@example.org>",
            "ATLAS_PUBLIC_URL": "https://atlas.test",
            "ATLAS_NOTIFY_WEBHOOK_ALLOW": "127.0.0.1/32",
            "ATLAS_NOTIFY_RETRY_BASE_MS": "40",
            "ATLAS_NOTIFY_MAX_ATTEMPTS": "4",
            "ATLAS_NOTIFY_DISPATCH_MS": "50",
            # A budget deadline five days away: announced to analysts now.
            "ATLAS_NOTIFY_DEADLINES": (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
                                      + " PdP 2027 (test)"}}
        super().setUpClass()
        cls.tokens, _ = create_accounts(cls.sys)

    # --- helpers ---------------------------------------------------------
    def as_(self, role, lang="fr"):
        return {"Authorization": "Bearer " + self.tokens[role], "Accept-Language": lang}

    def call(self, method, path, body=None, role="admin", lang="fr"):
        return self.sys.request(method, path, body, headers=self.as_(role, lang), as_admin=False)

    def sink_call(self, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.sink + path, data=data, method="POST" if data else "GET",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.loads(r.read())

    def project(self, title, role="editor", publish=True):
        p = self.call("POST", "/v1/projects",
                      {"title": {"fr": title}, "themes": ["skills"], "regionCodes": ["MA-02"],
                       "status": "IMPLEMENTATION", "location": {"latitude": 34.68, "longitude": -1.91},
                       "contacts": [{"name": "Mme A. (test)", "email": "a@example.org"}]}, role=role)
        self.assertEqual(p.status, 200, p.body)
        name = p.json()["name"]
        self.assertEqual(self.call("POST", f"/v1/{name}:submit", {}, role=role).status, 200)
        if publish:
            self.assertEqual(self.call("POST", f"/v1/{name}:publish", {}).status, 200)
        return name

    def webhooks(self, subject):
        return [w for w in self.sink_call("/webhooks") if w["body"]["subject"] == subject]

    def mails(self, to=None, contains=None):
        return [m for m in self.sink_call("/mails")
                if (to is None or to in m["to"]) and (contains is None or contains in m["subject"])]

    def endpoint(self, path):
        r = self.call("POST", "/v1/webhookEndpoints",
                      {"url": f"{self.sink}{path}", "description": "test receiver"}, role="service")
        self.assertEqual(r.status, 200, r.body)
        e = r.json()
        self.assertTrue(e["secret"].startswith("whsec_"))
        return e

    def stream(self, role, last_event_id=None):
        """A person's event stream, opened as the workspace opens it; its lines
        are read by a thread into a queue (a socket timeout would spoil the
        reader)."""
        u = urllib.parse.urlparse(self.sys.url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        headers = {"Accept": "text/event-stream"}
        if role:
            headers.update(self.as_(role))
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        conn.request("GET", "/v1/notifications:stream", headers=headers)
        resp = conn.getresponse()
        resp.lines = queue.Queue()

        def pump():
            try:
                for line in iter(resp.fp.readline, b""):
                    resp.lines.put(line.decode())
            except (OSError, ValueError):
                pass
        threading.Thread(target=pump, daemon=True).start()
        return conn, resp

    @staticmethod
    def frames(resp, until, timeout):
        """SSE frames read from `resp` until one satisfies `until` or `timeout` passes."""
        frames, frame, deadline = [], {}, time.time() + timeout
        while time.time() < deadline:
            try:
                line = resp.lines.get(timeout=max(0.01, deadline - time.time()))
            except queue.Empty:
                break
            if line == "\n":
                if frame:
                    frames.append(frame)
                    if until(frame):
                        return frames
                frame = {}
                continue
            key, _, value = line.rstrip("\n").partition(": ")
            frame[key] = value
        return frames



class NotifyTest(NotifySystem):
    # --- in-app, live --------------------------------------------------------
    def test_the_bell_hears_a_new_notification_within_a_second(self):
        _, anonymous = self.stream(None)
        self.assertEqual(anonymous.status, 401)
        conn, mine = self.stream("editor")
        self.assertEqual(mine.status, 200)
        self.assertTrue(mine.getheader("Content-Type").startswith("text/event-stream"))
        other_conn, theirs = self.stream("other_editor")
        self.frames(mine, lambda f: False, 0.3)  # the opening
        name = self.project("Guichet MRE Berkane (en direct)", publish=False)
        started = time.time()
        self.assertEqual(self.call("POST", f"/v1/{name}:publish", {}).status, 200)
        got = self.frames(mine, lambda f: "Berkane" in f.get("data", ""), 5)
        elapsed = time.time() - started
        live = [f for f in got if "Berkane" in f.get("data", "")]
        self.assertEqual(len(live), 1, got)
        self.assertEqual(live[0]["event"], "notification")
        data = json.loads(live[0]["data"])
        self.assertEqual(data["eventType"], "ma.sharaka.atlas.project.published.v1")
        self.assertLess(elapsed, 1.0, f"the bell heard it after {elapsed:.3f} s")
        print(f"\nwrite-to-bell: {elapsed * 1000:.0f} ms")
        # The other organisation's editor heard nothing of it.
        self.assertEqual([f for f in self.frames(theirs, lambda f: False, 0.5)
                          if "Berkane" in f.get("data", "")], [])
        # Reconnecting with the last id seen replays what came after it.
        conn.close()
        _, again = self.stream("editor", last_event_id=int(live[0]["id"]) - 1)
        replay = self.frames(again, lambda f: "Berkane" in f.get("data", ""), 2)
        self.assertTrue(any("Berkane" in f.get("data", "") for f in replay), replay)
        other_conn.close()

    def test_the_workspace_bell_and_subscriptions_page_in_a_browser(self):
        if not os.environ.get("ATLAS_TEST_WEB_ROOT"):
            self.skipTest("ATLAS_TEST_WEB_ROOT unset: the web app is not built")
        label = "Espace MRE Jerada (navigateur)"
        project = self.project(label, publish=False)
        artifacts = os.path.join(self.sys.build, "test-artifacts", "notify")
        fixtures = os.path.join(self.sys.dir, "notify-fixtures.json")
        # An e-mail subscription whose unsubscribe page the browser opens.
        r = self.call("POST", "/v1/subscriptions", {"kinds": ["dataset.released"], "channel": "email",
                                                    "email": "admin@example.org"})
        self.assertEqual(r.status, 200, r.body)
        token = self.sys.psql("SELECT unsubscribe_token FROM notify.subscriptions WHERE id = '"
                              + r.json()["name"].split("/")[1] + "'", db=self.sys.db)
        with open(fixtures, "w") as f:
            json.dump({"password": PASSWORD, "project": project, "label": label,
                       "adminToken": self.tokens["admin"], "unsubscribeToken": token}, f)
        out = subprocess.run(["node", os.path.join(ROOT, "web", "tests", "notify.test.mjs"),
                              self.sys.url, artifacts, fixtures], capture_output=True, text=True,
                             timeout=180)
        print(out.stdout)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr[-2000:])

    def test_a_budget_deadline_is_announced_once_to_analysts_only(self):
        bell = lambda role: [n for n in self.call("GET", "/v1/notifications", role=role).json().get(
            "notifications", []) if n["label"] == "PdP 2027 (test)"]
        self.sys.wait(lambda: bell("analyst"), 40, "the deadline in the analyst's bell")
        time.sleep(16)  # the rule fires again: still one
        self.assertEqual(len(bell("analyst")), 1)
        self.assertEqual(bell("editor"), [])

    # --- webhooks ----------------------------------------------------------
    def test_a_partner_receives_signed_cloud_events_retried_until_they_arrive(self):
        e = self.endpoint("/hook")
        self.sink_call("/control", {"secrets": [e["secret"]], "fail": 0, "redirect": ""})
        r = self.call("POST", "/v1/subscriptions",
                      {"kinds": ["project.published"], "channel": "webhook",
                       "endpoint": e["name"], "regions": ["MA-02"]}, role="service")
        self.assertEqual(r.status, 200, r.body)
        name = self.project("Guichet MRE Nador (webhook)")
        self.sys.wait(lambda: self.webhooks(name), 10, "the webhook")
        [w] = self.webhooks(name)
        self.assertTrue(w["verified"], w)
        body = w["body"]
        self.assertEqual((body["specversion"], body["type"]),
                         ("1.0", "ma.sharaka.atlas.project.published.v1"))
        self.assertEqual(body["data"]["label"], "Guichet MRE Nador (webhook)")
        self.assertEqual(body["data"]["deliveryId"], w["id"])

        # The receiver fails twice, then takes it: retried with back-off.
        self.sink_call("/control", {"fail": 2})
        second = self.project("Guichet MRE Nador (retries)")
        self.sys.wait(lambda: self.webhooks(second), 15, "the retried webhook")
        # The receiver has it; notify records the answer just after (a CI run
        # listed it still "failed" in between).
        sent_third = lambda: [x for x in self.call("GET", "/v1/deliveries", role="service").json()[
            "deliveries"] if x["status"] == "sent" and x["attempts"] == 3]
        self.sys.wait(sent_third, 10, "the third attempt recorded as sent")
        deliveries = self.call("GET", "/v1/deliveries", role="service").json()["deliveries"]
        d = [x for x in deliveries if x["status"] == "sent" and x["attempts"] == 3]
        self.assertEqual(len(d), 1, deliveries)

        # Down for good: dead after the schedule, then replayed by API.
        self.sink_call("/control", {"fail": 100})
        third = self.project("Guichet MRE Nador (dead letter)")
        dead = lambda: [x for x in self.call("GET", "/v1/deliveries?statuses=dead",
                                             role="service").json().get("deliveries", [])]
        self.sys.wait(dead, 20, "the dead letter")
        letter = dead()[0]
        self.assertEqual(letter["attempts"], 4)
        self.assertIn("gave up after 4 attempts", letter["lastError"])
        self.sink_call("/control", {"fail": 0})
        # The circuit opened after repeated failures: close it by waiting it out.
        self.sys.wait(lambda: self.call("POST", f"/v1/{letter['name']}:retry", {},
                                        role="service").status == 200, 10, "replay accepted")
        self.sys.wait(lambda: self.webhooks(third), 90, "the replayed webhook")
        self.assertTrue(all(w["verified"] and not w["duplicate"] for w in self.sink_call("/webhooks")))
        # Another organisation sees none of it.
        other = self.call("GET", "/v1/deliveries", role="editor")
        self.assertEqual(other.status, 403, other.body)

        # Rotation: two signatures for a while; a receiver on the new secret verifies.
        rotated = self.call("POST", f"/v1/{e['name']}:rotateSecret", {"overlapHours": 1}, role="service")
        self.assertEqual(rotated.status, 200, rotated.body)
        new_secret = rotated.json()["secret"]
        self.assertNotEqual(new_secret, e["secret"])
        self.sink_call("/control", {"secrets": [new_secret]})
        fourth = self.project("Guichet MRE Nador (rotation)")
        self.sys.wait(lambda: self.webhooks(fourth), 60, "the webhook after rotation")
        [w] = self.webhooks(fourth)
        self.assertTrue(w["verified"])
        self.assertEqual(w["signatures"], 2)

    def test_internal_addresses_are_refused_at_registration_and_on_redirect(self):
        for url in ("https://169.254.169.254/latest/meta-data", "http://10.0.0.7/hook",
                    "ftp://example.org/", "https://user:pw@example.org/", "http://127.0.0.2:1/x"):
            r = self.call("POST", "/v1/webhookEndpoints", {"url": url}, role="service", lang="fr")
            self.assertEqual(r.status, 400, (url, r.body))
        r = self.call("POST", "/v1/webhookEndpoints", {"url": "https://169.254.169.254/"},
                      role="service", lang="fr")
        self.assertIn("link-local", r.body)
        self.assertIn("refusé", r.body)
        # Allow-listed at registration, but redirecting to a private address.
        e = self.endpoint("/redirecting")
        r = self.call("POST", "/v1/subscriptions",
                      {"kinds": ["project.archived"], "channel": "webhook", "endpoint": e["name"]},
                      role="service")
        self.assertEqual(r.status, 200, r.body)
        self.sink_call("/control", {"secrets": [e["secret"]], "redirect": "http://10.1.2.3/steal"})
        name = self.project("Redirection (test)")
        self.assertEqual(self.call("POST", f"/v1/{name}:archive", {}).status, 200)
        refused = lambda: [x for x in self.call("GET", "/v1/deliveries?statuses=refused",
                                                role="service").json().get("deliveries", [])]
        self.sys.wait(refused, 15, "the refused delivery")
        self.assertIn("after a redirect", refused()[0]["lastError"])
        self.sink_call("/control", {"redirect": ""})

    # --- e-mail ------------------------------------------------------------
    def test_mails_in_the_recipients_language_with_one_click_unsubscribe(self):
        sub = lambda role, email, kinds, lang: self.call(
            "POST", "/v1/subscriptions", {"kinds": kinds, "channel": "email", "email": email,
                                          "language": lang}, role=role)
        self.assertEqual(sub("validator", "val@example.org", ["project.submitted"], "ar").status, 200)
        self.assertEqual(sub("editor", "edith@example.org", ["project.published"], "fr").status, 200)
        # Another organisation's editor asks for submissions: never told of a draft not theirs.
        self.assertEqual(sub("other_editor", "otto@example.org", ["project.submitted"], "en").status, 200)
        bad = sub("editor", "edith@@example", ["project.teleported"], "fr")
        self.assertEqual(bad.status, 400)
        self.assertIn("code inconnu", bad.body)
        self.assertIn("adresse électronique", bad.body)

        name = self.project("Maison des MRE d'Oujda (courriel)")
        self.sys.wait(lambda: self.mails("edith@example.org", "Oujda"), 15, "the editor's mail")
        self.sys.wait(lambda: self.mails("val@example.org", "Oujda"), 15, "the validator's mail")
        [fr] = self.mails("edith@example.org", "Oujda")
        self.assertEqual(fr["subject"], "Projet publié : «Maison des MRE d'Oujda (courriel)»")
        self.assertIn(f"https://atlas.test/projects/{name.split('/')[1]}", fr["text"])
        self.assertRegex(fr["text"], r"https://atlas\.test/unsubscribe\?token=[0-9a-f]{32}&lang=fr")
        self.assertIn('lang="fr"', fr["html"])
        [ar] = self.mails("val@example.org", "Oujda")
        self.assertTrue(ar["subject"].startswith("مشروع مقدَّم للمصادقة"), ar["subject"])
        self.assertIn('dir="rtl"', ar["html"])
        self.assertEqual(ar["headers"]["list-unsubscribe-post"], "List-Unsubscribe=One-Click")
        self.assertRegex(ar["headers"]["list-unsubscribe"], r"https://atlas\.test/v1/unsubscribe/[0-9a-f]{32}")
        self.assertRegex(ar["messageId"], r"<[0-9a-f-]{36}@sharaka-atlas>")
        self.assertEqual(self.mails("otto@example.org"), [])

        # One click, as a mail client does it (RFC 8058): no credentials, a form body.
        token = ar["headers"]["list-unsubscribe"].rsplit("/", 1)[1].rstrip(">")
        r = self.sys.request("POST", f"/v1/unsubscribe/{token}", raw=b"List-Unsubscribe=One-Click",
                             headers={"Content-Type": "application/x-www-form-urlencoded"},
                             as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["kinds"], ["project.submitted"])
        forged = self.sys.request("POST", "/v1/unsubscribe/" + "0" * 32, raw=b"", as_admin=False)
        self.assertEqual(forged.status, 404)
        self.project("Après désabonnement (courriel)")
        self.sys.wait(lambda: self.mails("edith@example.org", "Après"), 15, "the editor's next mail")
        self.assertEqual(self.mails("val@example.org", "Après"), [])

    def test_a_mailbox_that_does_not_exist_is_a_dead_letter_for_admins(self):
        r = self.call("POST", "/v1/subscriptions", {"kinds": ["project.published"], "channel": "email",
                                                    "email": "bounce@example.org"}, role="editor")
        self.assertEqual(r.status, 200, r.body)
        self.project("Boîte inexistante (courriel)")
        dead = lambda: [d for d in self.call("GET", "/v1/deliveries?statuses=dead").json().get(
            "deliveries", []) if d["target"] == "bounce@example.org"]
        self.sys.wait(dead, 15, "the bounce")
        self.assertEqual(dead()[0]["attempts"], 1)  # 550: permanent, not retried
        self.assertIn("550", dead()[0]["lastError"])
        m = self.sys.metrics("notify")
        self.assertIn('atlas_notify_deliveries_total{channel="email",outcome="dead"}', m)


if __name__ == "__main__":
    import unittest
    unittest.main()
