"""Accounts and tokens at the gateway: the OAuth 2.0 password grant, the
JWKS, /v1/me, and the ways a token request or a bearer token can be wrong."""
import base64
import json
import time
import unittest
import urllib.parse

from harness import SystemTestCase


def form(**fields):
    return urllib.parse.urlencode(fields).encode()


def b64url_json(part):
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


class IdentityTest(SystemTestCase):
    # A replay here comes a moment after the use, from the same address: no
    # two-tab grace, so that it is a replay (the grace: test_security.py).
    extra_env = {"gateway": {"ATLAS_REFRESH_REUSE_GRACE_S": "0"}}

    def token_request(self, body, content_type="application/x-www-form-urlencoded", lang="en"):
        return self.sys.request("POST", "/v1/auth/token", raw=body, as_admin=False,
                                headers={"Content-Type": content_type, "Accept-Language": lang})

    def test_password_grant_issues_a_token_that_me_accepts(self):
        t0 = time.monotonic()
        r = self.token_request(form(grant_type="password", username="admin",
                                    password=self.sys.admin_password))
        login_ms = (time.monotonic() - t0) * 1000
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.headers.get("Cache-Control"), "no-store")
        body = r.json()
        self.assertEqual(body["token_type"], "Bearer")
        self.assertEqual(body["expires_in"], 900)
        self.assertRegex(body["refresh_token"], r"^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$")
        header = b64url_json(body["access_token"].split(".")[0])
        self.assertEqual(header["alg"], "EdDSA")
        jwks = self.sys.get("/.well-known/jwks.json").json()
        self.assertIn(header["kid"], [k["kid"] for k in jwks["keys"]])
        self.assertTrue(all("d" not in k for k in jwks["keys"]), "never a private key")
        me = self.sys.get("/v1/me", headers={"Authorization": "Bearer " + body["access_token"]})
        self.assertEqual(me.status, 200, me.body)
        self.assertEqual(me.json()["roles"], ["admin"])
        self.assertEqual(me.json()["organisation"], "organisations/ministry")
        self.assertTrue(me.json()["subject"].startswith("users/"))
        print(f"login (argon2id, 64 MiB, t=2) took {login_ms:.0f} ms")

    def test_wrong_password_and_unknown_user_get_the_same_answer(self):
        wrong = self.token_request(form(grant_type="password", username="admin", password="nope-nope-nope"),
                                   lang="fr")
        unknown = self.token_request(form(grant_type="password", username="nobody", password="nope-nope-nope"),
                                     lang="fr")
        for r in (wrong, unknown):
            self.assertEqual(r.status, 400, r.body)
            self.assertEqual(r.json()["error"], "invalid_grant")
        self.assertEqual(wrong.json()["error_description"], unknown.json()["error_description"])
        self.assertTrue(wrong.json()["error_description"].startswith("Nom d'utilisateur"))

    def test_malformed_token_requests(self):
        cases = [
            (form(grant_type="client_secret_jwt"), "application/x-www-form-urlencoded", "unsupported_grant_type"),
            (form(username="admin", password="x"), "application/x-www-form-urlencoded", "invalid_request"),
            (form(grant_type="password", username="admin"), "application/x-www-form-urlencoded", "invalid_request"),
            (b'{"grant_type":"password"}', "application/json", "invalid_request"),
            (b"grant_type=password&grant_type=password&username=a&password=b",
             "application/x-www-form-urlencoded", "invalid_request"),
            (b"grant_type=%zz", "application/x-www-form-urlencoded", "invalid_request"),
            (form(grant_type="password", username="u" * 300, password="x"),
             "application/x-www-form-urlencoded", "invalid_request"),
        ]
        for body, ctype, error in cases:
            with self.subTest(body=body):
                r = self.token_request(body, ctype)
                self.assertEqual(r.status, 400, r.body)
                self.assertEqual(r.json()["error"], error)
        r = self.sys.get("/v1/auth/token")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.headers.get("Allow"), "POST")

    def test_repeated_failures_are_throttled_even_for_unknown_users(self):
        bad = form(grant_type="password", username="ghost", password="wrong-password-1")
        statuses = [self.token_request(bad).status for _ in range(6)]
        self.assertEqual(statuses, [400] * 6, "five free failures, the sixth still answered")
        blocked = self.token_request(bad)
        self.assertEqual(blocked.status, 429, blocked.body)
        self.assertEqual(blocked.json()["status"], "RESOURCE_EXHAUSTED")
        wait = int(blocked.headers["Retry-After"])
        self.assertGreaterEqual(wait, 1)
        # Other accounts are not affected (per-IP limit is far higher).
        ok = self.token_request(form(grant_type="password", username="admin",
                                     password=self.sys.admin_password))
        self.assertEqual(ok.status, 200, ok.body)
        time.sleep(wait + 0.2)
        self.assertEqual(self.token_request(bad).status, 400, "allowed again after Retry-After")
        self.assertIn('atlas_auth_logins_total{result="throttled"} 1', self.sys.metrics("gateway"))

    def login(self):
        r = self.token_request(form(grant_type="password", username="admin",
                                    password=self.sys.admin_password))
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    def refresh(self, token):
        return self.token_request(form(grant_type="refresh_token", refresh_token=token))

    def test_refresh_rotates_and_reuse_revokes_the_family(self):
        first = self.login()
        second = self.refresh(first["refresh_token"])
        self.assertEqual(second.status, 200, second.body)
        second = second.json()
        self.assertNotEqual(second["refresh_token"], first["refresh_token"])
        me = self.sys.get("/v1/me", headers={"Authorization": "Bearer " + second["access_token"]})
        self.assertEqual(me.json()["roles"], ["admin"])
        # A forged secret for a real token id changes nothing.
        forged = second["refresh_token"].split(".")[0] + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        self.assertEqual(self.refresh(forged).status, 400)
        # Replaying the used token: refused, and the whole family goes.
        replay = self.refresh(first["refresh_token"])
        self.assertEqual(replay.status, 400, replay.body)
        self.assertEqual(replay.json()["error"], "invalid_grant")
        self.assertEqual(self.refresh(second["refresh_token"]).status, 400,
                         "the legitimate twin is revoked too")
        # Another sign-in starts a fresh family.
        self.assertEqual(self.refresh(self.login()["refresh_token"]).status, 200)
        # Both the refresh and the reuse are in the audit log.
        kinds = [e["kind"] for e in self.sys.get("/v1/auditEntries?page_size=50").json()["entries"]]
        self.assertIn("token.refreshed", kinds)
        self.assertIn("refresh.reused", kinds)

    def test_every_service_checks_the_token_and_role_itself(self):
        anonymous = self.sys.post("/v1/projects", {"title": {"fr": "x"}}, as_admin=False,
                                  headers={"Accept-Language": "fr"})
        self.assertEqual(anonymous.status, 401, anonymous.body)
        self.assertIn("jeton d'accès", anonymous.json()["message"])
        self.assertEqual(self.sys.get("/v1/inbox", as_admin=False).status, 401)
        forged = self.sys.token()[:-4] + "AAAA"
        self.assertEqual(self.sys.get("/v1/projects", headers={"Authorization": "Bearer " + forged}).status,
                         401, "a bad token is refused even where no token is needed")
        self.assertEqual(self.sys.get("/v1/projects", as_admin=False).status, 200, "public read")
        self.assertEqual(self.sys.post("/v1/projects", {"title": {"fr": "Admin-made"}}).status, 200)
        self.assertEqual(self.sys.get("/v1/inbox").status, 200)

    def test_logout_revokes_and_never_tells_tokens_apart(self):
        pair = self.login()
        out = self.sys.request("POST", "/v1/auth/logout", as_admin=False,
                               raw=form(refresh_token=pair["refresh_token"]),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((out.status, out.body), (200, "{}"))
        self.assertEqual(self.refresh(pair["refresh_token"]).status, 400)
        unknown = self.sys.request("POST", "/v1/auth/logout", as_admin=False,
                                   raw=form(refresh_token="garbage"),
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((unknown.status, unknown.body), (200, "{}"))

    def test_bad_bearer_tokens_are_401(self):
        good = self.token_request(form(grant_type="password", username="admin",
                                       password=self.sys.admin_password)).json()["access_token"]
        h, p, s = good.split(".")
        none_token = base64.urlsafe_b64encode(b'{"alg":"none","kid":"k1"}').decode().rstrip("=") + "." + p + "."
        tampered = h + "." + p[:-2] + ("A" if p[-2] != "A" else "B") + p[-1] + "." + s
        for bad in [None, "Bearer", "Bearer ", "Bearer garbage", "Bearer " + none_token,
                    "Bearer " + tampered, "Bearer " + good[:-5], "Basic " + good]:
            with self.subTest(bad=bad):
                headers = {"Authorization": bad} if bad is not None else {}
                r = self.sys.get("/v1/me", headers=headers, as_admin=False)
                self.assertEqual(r.status, 401, r.body)
                self.assertEqual(r.headers.get("WWW-Authenticate"), 'Bearer error="invalid_token"')
                self.assertEqual(r.json()["status"], "UNAUTHENTICATED")


if __name__ == "__main__":
    unittest.main()
