"""The Maisons des Marocains du Monde (issue 24, part 1) end to end through the
gateway: the ministry (validators, administrators) keeps the directory, other
roles cannot; the public reads it without contacts, signed-in users with them;
bad input (a point outside Morocco or outside its region, impossible hours,
HTML, unknown services, oversized text, a stale etag) is refused in the
caller's language with nothing stored; the CSV and GeoJSON exports carry no
contact and say which entries are demo; the gateway's cached answers follow
every change; the demo entries load as scripts/run loads them; and
web/tests/maisons.test.mjs checks the pages in Chromium (fr and ar: the
directory, the map layer, a region page; axe-core; screenshots)."""
import csv
import io
import json
import os
import subprocess

from accounts import PASSWORD, create_accounts
from harness import SystemTestCase, System

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def maison(**extra):
    body = {"title": {"fr": "Maison des Marocains du Monde — Oujda (test)",
                      "ar": "دار المغاربة المقيمين بالخارج — وجدة (اختبار)"},
            "regionCode": "MA-02", "provinceCode": "MA-OUJ",
            "location": {"latitude": 34.6814, "longitude": -1.9086},
            "hours": [{"day": 1, "opens": "08:30", "closes": "16:30"}],
            "services": ["reception_orientation", "investment_support"],
            "contacts": {"phone": "+212 5 36 00 00 00", "email": "oujda@example.org",
                         "person": "Responsable (test)"},
            "activity": [{"year": 2024, "visitors": 1500,
                          "files": [{"service": "investment_support", "files": 80}],
                          "source": "Rapport d'activité 2024 (test)"},
                         {"year": 2023, "source": "Rapport d'activité 2023 (test)"}],
            "demo": True}
    body.update(extra)
    return body


class MaisonsTest(SystemTestCase):
    @classmethod
    def setUpClass(cls):
        ref, web = os.environ.get("ATLAS_TEST_GEO_REFERENCE_FILE"), os.environ.get("ATLAS_TEST_WEB_ROOT")
        if not ref or not web:
            raise RuntimeError("run through scripts/test (ATLAS_TEST_GEO_REFERENCE_FILE, ATLAS_TEST_WEB_ROOT)")
        cls.sys = System().start(extra_env={
            "geo": {"ATLAS_GEO_REFERENCE_FILE": ref},
            "registry": {"ATLAS_GEO_REFERENCE_FILE": ref},
            "gateway": {"ATLAS_WEB_ROOT": web, "ATLAS_RATE_LIMIT_TOKEN_RPS": "0",
                        "ATLAS_RATE_LIMIT_IP_RPS": "0"}})
        cls.addClassCleanup(cls.sys.stop)
        cls.tokens, _ = create_accounts(cls.sys)

    default_role = "validator"

    call = SystemTestCase.as_role

    def create(self, **extra):
        r = self.call("POST", "/v1/maisons", {"maison": maison(**extra)})
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    def count(self):
        return len(self.call("GET", "/v1/maisons", role="public").json().get("maisons", []))

    def test_the_ministry_keeps_the_directory_and_no_one_else(self):
        for role, status in (("public", 401), ("editor", 403), ("analyst", 403)):
            r = self.call("POST", "/v1/maisons", {"maison": maison()}, role=role)
            self.assertEqual(r.status, status, (role, r.body))
        created = self.create()
        self.assertRegex(created["name"], r"^maisons/[0-9a-f-]{36}$")
        self.assertEqual(created["etag"], "r1")
        admin = self.call("POST", "/v1/maisons", {"maison": maison(regionCode="MA-04", provinceCode="MA-RAB",
                                                                   location={"latitude": 34.02, "longitude": -6.84})},
                          role="admin")
        self.assertEqual(admin.status, 200, admin.body)
        # Changed with the etag read; a second change with the same etag is refused.
        r = self.call("PATCH", f"/v1/{created['name']}?updateMask=title.en",
                      {"title": {"en": "House of Moroccans of the World — Oujda (test)"}, "etag": "r1"})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["etag"], "r2")
        stale = self.call("PATCH", f"/v1/{created['name']}?updateMask=title.en",
                          {"title": {"en": "Overwritten"}, "etag": "r1"}, lang="fr")
        self.assertEqual(stale.status, 409, stale.body)
        self.assertIn("modifié par quelqu'un d'autre", stale.body)
        self.assertEqual(self.call("GET", f"/v1/{created['name']}", role="public").json()["title"]["en"],
                         "House of Moroccans of the World — Oujda (test)")
        # Deleting needs the etag too (never blind), then it is gone, worded.
        self.assertEqual(self.call("DELETE", f"/v1/{admin.json()['name']}", role="editor").status, 403)
        self.assertEqual(self.call("DELETE", f"/v1/{admin.json()['name']}").status, 400)
        self.assertEqual(self.call("DELETE", f"/v1/{admin.json()['name']}?etag=r1").status, 200)
        gone = self.call("GET", f"/v1/{admin.json()['name']}", role="public", lang="ar")
        self.assertEqual(gone.status, 404, gone.body)
        self.assertIn("لا توجد دار", gone.body)

    def test_a_retried_creation_creates_one_entry(self):
        before = self.count()
        body = {"maison": maison(title={"fr": "Maison (réessai)", "ar": "دار (إعادة)"}), "requestId": "retry-1"}
        first = self.call("POST", "/v1/maisons", body)
        again = self.call("POST", "/v1/maisons", body)
        self.assertEqual((first.status, again.status), (200, 200), again.body)
        self.assertEqual(first.json()["name"], again.json()["name"])
        # The key is the caller's: another account's same key makes its own entry.
        other = self.call("POST", "/v1/maisons", body, role="admin")
        self.assertNotEqual(other.json()["name"], first.json()["name"])
        self.assertEqual(self.count(), before + 2)

    def test_contacts_only_for_signed_in_users_and_never_in_exports(self):
        created = self.create(title={"fr": "Maison des contacts (test)", "ar": "دار جهات الاتصال (اختبار)"})
        public = self.call("GET", f"/v1/{created['name']}", role="public").json()
        self.assertNotIn("contacts", public)
        self.assertEqual(public.get("updatedBy", ""), "")
        listed = [m for m in self.call("GET", "/v1/maisons", role="public").json()["maisons"]
                  if m["name"] == created["name"]][0]
        self.assertNotIn("contacts", listed)
        for role in ("editor", "analyst"):
            seen = self.call("GET", f"/v1/{created['name']}", role=role).json()
            self.assertEqual(seen["contacts"]["email"], "oujda@example.org", role)
        for fmt in ("csv", "geojson"):
            r = self.call("GET", f"/v1/maisons:export?format={fmt}", role="validator")
            self.assertEqual(r.status, 200, r.body)
            self.assertNotIn("oujda@example.org", r.body)
            self.assertNotIn("+212 5 36", r.body)
        rows = list(csv.DictReader(io.StringIO(
            self.call("GET", "/v1/maisons:export?format=csv&regionCode=MA-02", role="public").body)))
        row = [r for r in rows if r["id"] == created["name"].split("/")[1]][0]
        self.assertEqual((row["demo"], row["region_code"], row["latest_year"], row["visitors"],
                          row["files_handled"]), ("true", "MA-02", "2024", "1500", "80"))
        self.assertTrue(all(r["region_code"] == "MA-02" for r in rows))
        geo = json.loads(self.call("GET", "/v1/maisons:export?format=geojson", role="public").body)
        feature = [f for f in geo["features"] if f["id"] == created["name"]][0]
        self.assertEqual(feature["geometry"], {"type": "Point", "coordinates": [-1.9086, 34.6814]})
        years = {a["year"]: a for a in feature["properties"]["activity"]}
        self.assertIsNone(years[2023]["visitors"])  # not reported: null, not 0
        self.assertTrue(feature["properties"]["demo"])
        bad = self.call("GET", "/v1/maisons:export?format=xlsx", role="public", lang="fr")
        self.assertEqual(bad.status, 400, bad.body)
        self.assertIn("csv ou geojson", bad.body)

    def test_bad_input_is_refused_in_the_callers_language_and_nothing_is_stored(self):
        before = self.count()
        cases = {
            "a point in Paris": (maison(location={"latitude": 48.85, "longitude": 2.35}), "maison.location",
                                 "un point au Maroc"),
            "Agadir's point for the Oriental": (maison(location={"latitude": 30.42, "longitude": -9.6}),
                                                "maison.location", "pas dans la région MA-02"),
            "no point": (maison(location=None), "maison.location", "un point au Maroc"),
            "closing before opening": (maison(hours=[{"day": 2, "opens": "17:00", "closes": "09:00"}]),
                                       "maison.hours[0].closes", "ouverture 17:00"),
            "25 o'clock": (maison(hours=[{"day": 2, "opens": "25:00", "closes": "26:00"}]),
                           "maison.hours[0].opens", "HH:MM"),
            "overlapping periods": (maison(hours=[{"day": 3, "opens": "08:00", "closes": "12:00"},
                                                  {"day": 3, "opens": "11:00", "closes": "15:00"}]),
                                    "maison.hours[1]", "chevauche"),
            "a script in the title": (maison(title={"fr": "<script>alert(1)</script>", "ar": "دار"}),
                                      "maison.title.fr", "sans balises HTML"),
            "an image in the address": (maison(address={"fr": '<img src=x onerror="alert(1)">'}),
                                        "maison.address.fr", "sans balises HTML"),
            "an unknown service": (maison(services=["karaoke"]), "maison.services[0]", "reception_orientation"),
            "a figure without its source": (maison(activity=[{"year": 2024, "visitors": 10}]),
                                            "maison.activity[0].source", "ne doit pas être vide"),
            "a future year": (maison(activity=[{"year": 2099, "source": "x"}]), "maison.activity[0].year",
                              "entre 2000"),
            "a province of another region": (maison(provinceCode="MA-AGD"), "maison.province_code",
                                             "province de la région MA-02"),
            "100 000 characters": (maison(title={"fr": "x" * 100000, "ar": "دار"}), "maison.title.fr",
                                   "au plus 200"),
            "no Arabic title": (maison(title={"fr": "Maison"}), "maison.title.ar", "ne doit pas être vide"),
        }
        for label, (body, field, words) in cases.items():
            if body.get("location") is None:
                body.pop("location", None)
            r = self.call("POST", "/v1/maisons", {"maison": body}, lang="fr")
            self.assertEqual(r.status, 400, (label, r.body))
            fields = [v["field"] for d in r.json().get("details", []) for v in d.get("fieldViolations", [])]
            self.assertIn(field, fields, (label, r.body))
            self.assertIn(words, r.body, label)
        # Arabic for an Arabic reader.
        r = self.call("POST", "/v1/maisons", {"maison": maison(location={"latitude": 48.85, "longitude": 2.35})},
                      lang="ar")
        self.assertIn("داخل المغرب", r.body)
        # Bytes that are not JSON or not UTF-8, junk masks and names.
        raw = self.sys.request("POST", "/v1/maisons", raw=b'{"maison": {"title": {"fr": "\xff\xfe"}}}',
                               headers={"Authorization": "Bearer " + self.tokens["validator"],
                                        "Content-Type": "application/json"}, as_admin=False)
        self.assertEqual(raw.status, 400, raw.body)
        created = self.create(title={"fr": "Maison à modifier (test)", "ar": "دار للتعديل (اختبار)"})
        r = self.call("PATCH", f"/v1/{created['name']}?updateMask=name", {"etag": "r1"})
        self.assertEqual(r.status, 400, r.body)
        r = self.call("PATCH", f"/v1/{created['name']}?updateMask=location",
                      {"location": {"latitude": 91, "longitude": 0}, "etag": "r1"})
        self.assertEqual(r.status, 400, r.body)
        self.assertEqual(self.call("GET", f"/v1/{created['name']}", role="public").json()["etag"], "r1")
        self.assertEqual(self.call("GET", "/v1/maisons/not-a-uuid", role="public").status, 404)
        self.assertEqual(self.call("GET", "/v1/maisons?regionCode=MA-99", role="public").status, 400)
        self.assertEqual(self.count(), before + 1)

    def test_cached_public_answers_follow_every_change(self):
        created = self.create(title={"fr": "Maison en cache (test)", "ar": "دار في الذاكرة (اختبار)"},
                              regionCode="MA-09", provinceCode="MA-AGD",
                              location={"latitude": 30.4278, "longitude": -9.5981})
        paths = [f"/v1/{created['name']}", "/v1/maisons?regionCode=MA-09",
                 "/v1/maisons:export?format=geojson&regionCode=MA-09"]
        for p in paths:  # twice: the second from the gateway's cache
            self.call("GET", p, role="public")
            self.assertIn("Maison en cache", self.call("GET", p, role="public").body)
        r = self.call("PATCH", f"/v1/{created['name']}?updateMask=title.fr",
                      {"title": {"fr": "Maison renommée (test)"}, "etag": "r1"})
        self.assertEqual(r.status, 200, r.body)
        for p in paths:
            self.sys.wait(lambda p=p: "Maison renommée" in self.call("GET", p, role="public").body, 1,
                          f"{p} after the change")

    def test_the_demo_entries_load_as_scripts_run_loads_them(self):
        with open(os.path.join(ROOT, "data", "demo", "maisons.json")) as f:
            demo = json.load(f)["maisons"]
        for item in demo:  # twice: the second creates nothing (requestId)
            for _ in range(2):
                r = self.call("POST", "/v1/maisons", {"maison": item["maison"],
                                                      "requestId": item["requestId"]}, role="admin")
                self.assertEqual(r.status, 200, (item["requestId"], r.body))
        listed = self.call("GET", "/v1/maisons", role="public").json()["maisons"]
        demo_titles = {m["title"]["fr"] for m in listed if "(démo)" in m["title"]["fr"]}
        self.assertEqual(len(demo_titles), 12)
        self.assertTrue(all(m["demo"] for m in listed if m["title"]["fr"] in demo_titles))
        self.assertEqual({m["regionCode"] for m in listed if m["title"]["fr"] in demo_titles},
                         {f"MA-{i:02d}" for i in range(1, 13)})

    def test_pages_in_a_browser(self):
        self.test_the_demo_entries_load_as_scripts_run_loads_them()
        artifacts = os.path.join(self.sys.build, "test-artifacts", "web")
        fixtures = os.path.join(self.sys.dir, "maisons-fixtures.json")
        with open(fixtures, "w") as f:
            json.dump({"editorToken": self.tokens["editor"], "password": PASSWORD}, f)
        out = subprocess.run(["node", os.path.join(ROOT, "web", "tests", "maisons.test.mjs"), self.sys.url,
                              artifacts, fixtures], capture_output=True, text=True, timeout=240)
        print(out.stdout, out.stderr)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
