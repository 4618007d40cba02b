"""The project registry end to end, through the gateway, on the 130-project
demo portfolio loaded the way scripts/run loads it: the workflow per role,
pending revisions, history and diffs, search with facets (accented French,
Arabic), the IATI export validated against the official 2.03 schema, CSV, and
invalid records refused with field violations and nothing written."""
import json
import os
import subprocess
import urllib.parse

from accounts import create_accounts
from harness import SystemTestCase, System

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMA = os.path.join(ROOT, "tests", "data", "iati-2.03", "iati-activities-schema.xsd")


def project(title="Maison de l'investissement — Oujda", **extra):
    body = {"title": {"fr": title}, "themes": ["investment"], "regionCodes": ["MA-02"],
            "status": "IMPLEMENTATION", "location": {"latitude": 34.68, "longitude": -1.91},
            "contacts": [{"name": "Mme A. (test)", "email": "a@example.org"}]}
    body.update(extra)
    return body


class RegistryTest(SystemTestCase):
    @classmethod
    def setUpClass(cls):
        # The demo loader makes ~400 calls with one token: no rate limit here.
        # The reference geography gives the printed sheets their mini-map (when set).
        ref = os.environ.get("ATLAS_TEST_GEO_REFERENCE_FILE", "")
        cls.sys = System().start(extra_env={"gateway": {"ATLAS_RATE_LIMIT_TOKEN_RPS": "0",
                                                        "ATLAS_RATE_LIMIT_IP_RPS": "0"},
                                            "registry": {"ATLAS_GEO_REFERENCE_FILE": ref,
                                                         "ATLAS_PUBLIC_URL": "https://atlas.test"}})
        cls.addClassCleanup(cls.sys.stop)  # also when the rest of the set-up fails
        cls.tokens, cls.client = create_accounts(cls.sys)
        password = os.path.join(cls.sys.dir, "admin-password")
        with open(password, "w") as f:
            f.write(cls.sys.admin_password)
        subprocess.run(["python3", os.path.join(ROOT, "scripts", "lib", "load-demo.py"),
                        cls.sys.url, os.path.join(ROOT, "data", "demo", "projects.json"),
                        password, os.path.join(cls.sys.dir, "demo-accounts.txt")],
                       check=True, capture_output=True, text=True, timeout=300)

    def test_the_demo_plan_is_loaded_with_its_links(self):
        """scripts/run's demo co-construction plan: the ministry owns it, its
        members are demo organisations the registry learnt from the gateway's
        events, its activity and decision link a published project and the
        restricted minutes of the library."""
        plans = [p for p in self.call("GET", "/v1/plans").json().get("plans", []) if p.get("demo")]
        self.assertEqual(len(plans), 1, plans)
        [p] = plans
        self.assertIn("(démo)", p["title"]["fr"])
        self.assertEqual(len(p["members"]), 4)
        self.assertEqual(p["activities"][2]["actions"], ["actions/demo-101-a01"])
        self.assertRegex(p["activities"][2]["projects"][0], r"^projects/")
        self.assertRegex(p["decisions"][0]["documents"][0], r"^documents/")

    def call(self, method, path, body=None, role="admin", **kw):
        t = self.tokens[role]
        headers = dict(kw.pop("headers", {}))
        if t:
            headers["Authorization"] = "Bearer " + t
        return self.sys.request(method, path, body, headers=headers, as_admin=False, **kw)

    def list(self, query, role="public"):
        r = self.call("GET", "/v1/projects?" + query, role=role)
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    # --- workflow ---------------------------------------------------------
    def test_workflow_allowed_and_refused_per_role(self):
        r = self.call("POST", "/v1/projects", project(), role="editor")
        self.assertEqual(r.status, 200, r.body)
        p = r.json()
        name = p["name"]
        self.assertEqual(p["state"], "DRAFT")
        # Nobody outside sees the draft; the editor cannot publish its own work.
        self.assertEqual(self.call("GET", "/v1/" + name, role="public").status, 404)
        self.assertEqual(self.call("GET", "/v1/" + name, role="other_editor").status, 404)
        self.assertEqual(self.call("POST", f"/v1/{name}:publish", {}, role="editor").status, 403)
        self.assertEqual(self.call("POST", f"/v1/{name}:submit", {}, role="other_editor").status, 404)
        self.assertEqual(self.call("POST", f"/v1/{name}:submit", {}, role="analyst").status, 403)
        # A validator cannot publish a draft: it must be submitted first.
        r = self.call("POST", f"/v1/{name}:publish", {}, role="validator")
        self.assertEqual((r.status, r.json()["status"]), (400, "FAILED_PRECONDITION"), r.body)
        self.assertEqual(self.call("POST", f"/v1/{name}:submit", {}, role="editor").status, 200)
        # Rejected with a reason (required), edited (back to draft), resubmitted.
        r = self.call("POST", f"/v1/{name}:reject", {}, role="validator")
        self.assertEqual(r.status, 400, r.body)
        r = self.call("POST", f"/v1/{name}:reject", {"reason": "Budget par année manquant"},
                      role="validator")
        self.assertEqual((r.status, r.json()["state"]), (200, "REJECTED"), r.body)
        seen = self.call("GET", "/v1/" + name, role="editor").json()
        self.assertEqual(seen["rejectionReason"], "Budget par année manquant")
        r = self.call("PATCH", f"/v1/{name}?updateMask=budget,currency",
                      {"budget": [{"year": 2024, "amount": 120000}], "currency": "EUR",
                       "etag": seen["etag"]}, role="editor")
        self.assertEqual((r.status, r.json()["state"]), (200, "DRAFT"), r.body)
        self.assertEqual(self.call("POST", f"/v1/{name}:submit", {}, role="service").status, 200)
        r = self.call("POST", f"/v1/{name}:publish", {}, role="validator")
        self.assertEqual((r.status, r.json()["state"]), (200, "PUBLISHED"), r.body)
        public = self.call("GET", "/v1/" + name, role="public").json()
        self.assertEqual(public["title"]["fr"], "Maison de l'investissement — Oujda")
        self.assertEqual(public["contacts"], [], "contacts are never public")
        self.assertEqual(len(self.call("GET", "/v1/" + name, role="editor").json()["contacts"]), 1)

        # A change to a published project is pending until published again.
        r = self.call("PATCH", f"/v1/{name}?updateMask=title.fr",
                      {"title": {"fr": "Maison de l'investissement — Oujda et Berkane"}},
                      role="editor", headers={"If-Match": f'"{public["etag"]}"'})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["state"], "DRAFT")
        self.assertEqual(self.call("GET", "/v1/" + name, role="public").json()["title"]["fr"],
                         "Maison de l'investissement — Oujda")
        self.assertEqual(self.call("GET", f"/v1/{name}?view=PUBLISHED_VERSION", role="editor")
                         .json()["title"]["fr"], "Maison de l'investissement — Oujda")
        self.call("POST", f"/v1/{name}:submit", {}, role="editor")
        self.call("POST", f"/v1/{name}:publish", {}, role="validator")
        self.assertEqual(self.call("GET", "/v1/" + name, role="public").json()["title"]["fr"],
                         "Maison de l'investissement — Oujda et Berkane")

        # Good practice: validators only; archive: off the public atlas.
        self.assertEqual(self.call("POST", f"/v1/{name}:setGoodPractice", {"goodPractice": True},
                                   role="editor").status, 403)
        self.assertEqual(self.call("POST", f"/v1/{name}:setGoodPractice", {"goodPractice": True},
                                   role="validator").status, 200)
        self.assertEqual(self.call("POST", f"/v1/{name}:archive", {}, role="editor").status, 403)
        self.assertEqual(self.call("POST", f"/v1/{name}:archive", {}, role="validator").status, 200)
        self.assertEqual(self.call("GET", "/v1/" + name, role="public").status, 404)
        r = self.call("PATCH", f"/v1/{name}?updateMask=beneficiaries",
                      {"beneficiaries": "5", "etag": self.call("GET", "/v1/" + name).json()["etag"]},
                      role="editor")
        self.assertEqual(r.status, 400, "an archived project is not edited")

        # History: every step, who and what; a field-level diff.
        revisions = self.call("GET", f"/v1/{name}/revisions", role="editor").json()["revisions"]
        actions = [r["action"] for r in reversed(revisions)]
        self.assertEqual(actions, ["created", "submitted", "rejected", "updated", "submitted",
                                   "published", "updated", "submitted", "published",
                                   "good_practice", "archived"])
        updated = next(r for r in revisions if r["action"] == "updated")
        self.assertEqual(updated["changedFields"], ["title"])
        self.assertTrue(updated["actor"].startswith("users/"))
        diff = self.call("GET", f"/v1/{name}:diff?fromRevision=1&toRevision=4", role="editor").json()
        self.assertEqual([c["field"] for c in diff["changes"]], ["currency", "budget"])
        self.assertEqual(diff["changes"][0]["oldValue"], "\"MAD\"")
        self.assertEqual(self.call("GET", f"/v1/{name}/revisions", role="other_editor").status, 404)

    def test_events_follow_every_transition(self):
        p = self.call("POST", "/v1/projects", project("Suivi des événements"), role="editor").json()
        self.call("POST", f"/v1/{p['name']}:submit", {}, role="editor")
        self.call("POST", f"/v1/{p['name']}:publish", {}, role="validator")

        def types():
            entries = self.call("GET", "/v1/inbox?pageSize=200", role="validator").json()["entries"]
            return {e["eventType"] for e in entries if e["subject"] == p["name"]}
        self.sys.wait(lambda: len(types()) == 3, 10, "three events in the inbox")
        self.assertEqual(types(), {"ma.sharaka.atlas.project.created.v1",
                                   "ma.sharaka.atlas.project.submitted.v1",
                                   "ma.sharaka.atlas.project.published.v1"})
        # The public map has its point once published.
        self.sys.wait(lambda: any(l["project"] == p["name"] for l in self.call(
            "GET", "/v1/map/locations?bbox=-3,33,0,36", role="public").json()["locations"]),
            10, "geo has the public version")

    # --- search -----------------------------------------------------------
    def test_search_and_facets_on_the_demo_portfolio(self):
        everything = self.list("pageSize=1")
        self.assertGreaterEqual(everything["totalSize"], 118)  # the published demo projects
        facets = {f["field"]: {v["value"]: v["count"] for v in f["values"]}
                  for f in everything["facets"]}
        self.assertEqual(set(facets["region_codes"]), {f"MA-{i:02d}" for i in range(1, 13)})
        self.assertEqual(max(facets["region_codes"], key=facets["region_codes"].get), "MA-02",
                         "the pilot region has the most projects")
        self.assertIn("FRA", facets["diaspora_countries"])
        self.assertEqual(facets["states"], {"PUBLISHED": everything["totalSize"]},
                         "the public sees published projects only")
        # A theme filter narrows the list; its own facet still counts the others.
        skills = self.list("themes=skills&pageSize=100")
        self.assertLess(skills["totalSize"], everything["totalSize"])
        self.assertTrue(all("skills" in p["themes"] for p in skills["projects"]))
        theme_facet = {f["field"]: f for f in skills["facets"]}["themes"]
        self.assertGreater(len(theme_facet["values"]), 1)
        # Pages cover everything once.
        seen, token = [], ""
        while True:
            page = self.list(f"themes=skills&pageSize=7&pageToken={token}")
            seen += [p["name"] for p in page["projects"]]
            token = page["nextPageToken"]
            if not token:
                break
        self.assertEqual(len(seen), skills["totalSize"])
        self.assertEqual(len(set(seen)), len(seen))
        # Accented French without accents, Arabic, a typo.
        for q in ["reinsertion", "Réinsertion", "الجالية", "universite", "incubatuer"]:
            with self.subTest(q=q):
                self.assertGreater(self.list("q=" + urllib.parse.quote(q))["totalSize"], 0)
        self.assertEqual(self.list("q=" + urllib.parse.quote("astrophysique quantique"))["totalSize"], 0)
        # Validators see the workflow; the public cannot see drafts even by asking.
        states = {f["field"]: f for f in self.list("pageSize=1", role="validator")["facets"]}["states"]
        self.assertGreater(len(states["values"]), 1)
        self.assertEqual(self.list("states=DRAFT")["totalSize"], 0)
        # Combined filters and ranges.
        r = self.list("regionCodes=MA-02&diasporaCountries=FRA&yearFrom=2010&yearTo=2012"
                      "&orderBy=-budget&pageSize=100")
        budgets = [p["totalBudget"] for p in r["projects"]]
        self.assertTrue(all(p["regionCodes"] == ["MA-02"] for p in r["projects"]))
        self.assertTrue(all("FRA" in p["diasporaCountries"] for p in r["projects"]))
        self.assertGreater(len(budgets), 0)
        good = self.list("goodPractice=true")
        self.assertEqual(good["totalSize"], 9)
        bad = self.call("GET", "/v1/projects?themes=astrology&orderBy=random")
        self.assertEqual(bad.status, 400)
        self.assertEqual([v["field"] for v in bad.json()["details"][0]["fieldViolations"]],
                         ["themes[0]", "order_by"])

    def test_similar_projects_tell_duplicates_from_replication_opportunities(self):
        source = self.list("regionCodes=MA-02&themes=investment&pageSize=1")["projects"][0]
        r = self.call("GET", f"/v1/{source['name']}:similar?pageSize=20", role="public")
        self.assertEqual(r.status, 200, r.body)
        matches = r.json()["projects"]
        self.assertGreater(len(matches), 3)
        scores = [m["score"] for m in matches]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertNotIn(source["name"], [m["project"]["name"] for m in matches])
        self.assertTrue(all(m["project"]["state"] == "PUBLISHED" for m in matches),
                        "the public is shown published versions only")
        for m in matches:
            same = bool(set(m["project"]["regionCodes"]) & set(source["regionCodes"]))
            self.assertEqual(m["sameRegion"], same)
            self.assertEqual(m["relation"],
                             "possible_duplicate" if same else "replication_opportunity")
        self.assertIn("possible_duplicate", {m["relation"] for m in matches})
        self.assertIn("replication_opportunity", {m["relation"] for m in matches})
        self.assertTrue(any("investment" in m["sharedThemes"] for m in matches))
        self.assertEqual(self.call("GET", f"/v1/{source['name']}:similar?pageSize=500").status, 400)

    # --- exchange ---------------------------------------------------------
    def test_iati_export_validates_against_the_official_schema(self):
        r = self.call("GET", "/v1/projects:export?format=iati", role="public")
        self.assertEqual(r.status, 200, r.body[:300])
        self.assertTrue(r.headers["Content-Type"].startswith("application/xml"))
        path = os.path.join(self.sys.dir, "export.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(r.body)
        out = subprocess.run(["xmllint", "--noout", "--schema", SCHEMA, path],
                             capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr[-2000:])
        self.assertGreaterEqual(r.body.count("<iati-activity "), 118)
        # Issue 23: no publisher configured here, and the file says so instead of naming the
        # ministry under a reference it never registered; every demo activity is marked.
        self.assertIn("<!-- Unconfigured publisher", r.body)
        self.assertIn('<reporting-org ref="XX-UNCONFIGURED"', r.body)
        self.assertNotIn("Ministère chargé des Marocains", r.body)
        activities = r.body.split("<iati-activities ", 1)[1]
        published = self.list("pageSize=1000")["projects"]
        self.assertEqual(activities.count(' atlas:demo="true"'), sum(1 for p in published if p.get("demo")))
        self.assertEqual(activities.count("<iati-activity "), len(published))
        self.assertNotIn("example.org", r.body.split("<document-link")[0], "no contacts exported")
        self.assertNotIn("contact1@", r.body)
        # Filters apply; CSV is RFC 4180 with a header.
        r = self.call("GET", "/v1/projects:export?format=csv&filter.regionCodes=MA-12", role="public")
        self.assertEqual(r.status, 200, r.body[:300])
        lines = r.body.strip().split("\r\n")
        self.assertTrue(lines[0].startswith("name,iati_identifier,title_fr"))
        self.assertGreater(len(lines), 1)
        self.assertTrue(all(",MA-12," in l for l in lines[1:]))
        self.assertEqual(self.call("GET", "/v1/projects:export?format=pdf").status, 400)

    def test_printed_sheet_is_a_pdf_in_french_and_arabic(self):
        """Issue 23: the sheet as a PDF from the server, read back by poppler's pdftotext."""
        demo = [p for p in self.list("pageSize=200")["projects"] if p.get("currency") == "MAD"
                and p.get("title", {}).get("ar") and p.get("milestones")][0]

        def text(lang, role="public"):
            r = self.call("GET", f"/v1/{demo['name']}:sheet?lang={lang}", role=role)
            self.assertEqual(r.status, 200, r.body[:300])
            self.assertEqual(r.headers["Content-Type"], "application/pdf")
            self.assertIn(f"-{lang}.pdf", r.headers.get("Content-Disposition", ""))
            self.assertTrue(r.raw.startswith(b"%PDF-"))
            path = os.path.join(self.sys.dir, f"sheet-{lang}.pdf")
            with open(path, "wb") as f:
                f.write(r.raw)
            out = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", path, "-"], capture_output=True,
                                 text=True, check=True).stdout.replace("\u00a0", " ")
            for mark in "\u202a\u202b\u202c\u202d\u202e":
                out = out.replace(mark, "")
            artifacts = os.path.join(self.sys.build, "test-artifacts", "registry")
            os.makedirs(artifacts, exist_ok=True)
            with open(os.path.join(artifacts, f"project-sheet-{lang}.pdf"), "wb") as f:
                f.write(r.raw)
            return " ".join(out.split())

        fr = text("fr")
        self.assertIn(" ".join(demo["title"]["fr"].split()), fr)
        for words in ("Fiche projet", "Calendrier", "Financement", "Données de démonstration",
                      "indicatif : taux fixes du 2026-11-29", "Régions :", "https://atlas.test/projects/"):
            self.assertIn(words, fr)
        if os.environ.get("ATLAS_TEST_GEO_REFERENCE_FILE"):
            self.assertNotIn("La carte n'est pas disponible", fr)
        ar = text("ar")
        self.assertIn(" ".join(demo["title"]["ar"].split()), ar)
        for words in ("بطاقة المشروع", "الجدول الزمني", "بيانات تجريبية", "أسعار صرف ثابتة"):
            self.assertIn(words, ar)
        # The rates' date, in the visual order pdftotext gives a date inside Arabic text.
        self.assertTrue("2026-11-29" in ar or "29-11-2026" in ar, ar)
        # Bad input: a language we do not write, a project that does not exist or is not public.
        r = self.call("GET", f"/v1/{demo['name']}:sheet?lang=de", headers={"Accept-Language": "ar"})
        self.assertEqual(r.status, 400, r.body)
        self.assertEqual(self.call("GET", "/v1/projects/00000000-0000-4000-8000-000000000000:sheet",
                                   role="public").status, 404)
        draft = self.call("POST", "/v1/projects", project("Brouillon imprimé (test)"), role="editor").json()
        self.assertEqual(self.call("GET", f"/v1/{draft['name']}:sheet", role="public").status, 404)
        self.assertEqual(self.call("GET", f"/v1/{draft['name']}:sheet?lang=fr", role="editor").status, 200)
        # Printed in a burst (bounded: 24 requests, 12 at once): each is a sheet or "try again",
        # never an error of the server's own.
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(12) as pool:
            statuses = list(pool.map(lambda i: self.call("GET", f"/v1/{demo['name']}:sheet?lang="
                                                           + ("fr", "ar")[i % 2]).status, range(24)))
        self.assertTrue(set(statuses) <= {200, 503}, statuses)
        self.assertIn(200, statuses)

    def test_iati_import_reports_unknown_codes_imports_the_rest_and_is_idempotent(self):
        xml = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity xml:lang="fr" default-currency="EUR">
  <iati-identifier>XM-TEST-IMPORT-1</iati-identifier>
  <reporting-org ref="XM-TEST" type="22"><narrative>Partenaire (test)</narrative></reporting-org>
  <title><narrative>Projet importé d'un partenaire (test)</narrative>
         <narrative xml:lang="ar">مشروع مستورد (اختبار)</narrative></title>
  <description type="1"><narrative>Résumé importé.</narrative></description>
  <participating-org role="1" type="10"><narrative>Bailleur (test)</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2015-03-01"/>
  <activity-date type="3" iso-date="2017-12-31"/>
  <recipient-country code="MA"/>
  <location ref="MA-02"/>
  <sector vocabulary="1" code="15110"/>
  <sector vocabulary="98" code="skills"/>
  <tag vocabulary="99" code="diaspora-FRA"/>
  <budget type="1" status="1"><period-start iso-date="2015-01-01"/><period-end iso-date="2015-12-31"/>
   <value currency="EUR" value-date="2015-01-01">250000</value></budget>
  <default-flow-type code="10"/>
 </iati-activity>
 <iati-activity xml:lang="fr">
  <iati-identifier>XM-TEST-IMPORT-2</iati-identifier>
  <title><narrative>Dates impossibles (test)</narrative></title>
  <activity-date type="1" iso-date="2016-01-01"/>
  <activity-date type="3" iso-date="2014-01-01"/>
 </iati-activity>
</iati-activities>"""
        r = self.call("POST", "/v1/projects:import", {"iatiXml": xml}, role="service",
                      headers={"Accept-Language": "fr"})
        self.assertEqual(r.status, 200, r.body)
        report = r.json()
        self.assertEqual((report["created"], report["updated"], report["failed"]), (1, 0, 1), report)
        issues = {(i["activity"], i["element"]) for i in report["issues"]}
        self.assertIn(("XM-TEST-IMPORT-1", "sector[@code='15110']"), issues)
        self.assertIn(("XM-TEST-IMPORT-1", "default-flow-type"), issues)
        self.assertIn(("XM-TEST-IMPORT-2", "planned_end"), issues)
        self.assertTrue(all("import" in i["message"] or "doit" in i["message"] or "ne doit" in i["message"]
                            for i in report["issues"]), report["issues"])
        name = report["projects"][0]
        p = self.call("GET", "/v1/" + name, role="editor").json()
        self.assertEqual(p["organisation"], "organisations/assoc-oujda")
        self.assertEqual(p["state"], "DRAFT")
        self.assertEqual(p["title"]["ar"], "مشروع مستورد (اختبار)")
        self.assertEqual((p["themes"], p["regionCodes"], p["diasporaCountries"]),
                         (["skills"], ["MA-02"], ["FRA"]))
        self.assertEqual(p["budget"], [{"year": 2015, "amount": 250000}])
        # The same file again changes nothing; a changed title updates the project.
        again = self.call("POST", "/v1/projects:import", {"iatiXml": xml}, role="service").json()
        self.assertEqual((again["created"], again["updated"], again["unchanged"]), (0, 0, 1))
        changed = xml.replace("Projet importé d'un partenaire", "Projet importé, révisé")
        again = self.call("POST", "/v1/projects:import", {"iatiXml": changed}, role="service").json()
        self.assertEqual((again["created"], again["updated"]), (0, 1))
        self.assertEqual(len(self.call("GET", f"/v1/{name}/revisions", role="editor").json()["revisions"]), 2)
        # Another organisation cannot take over the identifier; garbage is a 400.
        other = self.call("POST", "/v1/projects:import", {"iatiXml": changed}, role="other_editor").json()
        self.assertEqual((other["created"], other["updated"], other["failed"]), (0, 0, 2))
        bad = self.call("POST", "/v1/projects:import", {"iatiXml": "<html>"}, role="service")
        self.assertEqual(bad.status, 400)
        self.assertEqual(bad.json()["details"][0]["fieldViolations"][0]["field"], "iati_xml")
        self.assertEqual(self.call("POST", "/v1/projects:import", {"iatiXml": xml},
                                   role="analyst").status, 403)

    # --- bad input --------------------------------------------------------
    def test_invalid_records_are_refused_with_field_violations_and_nothing_written(self):
        before = self.list("pageSize=1", role="validator")["totalSize"]
        cases = {
            "empty title in every language": (project(title=""), ["project.title"]),
            "end before start": (project(plannedStart={"year": 2014, "month": 5, "day": 1},
                                         plannedEnd={"year": 2013, "month": 1, "day": 1}),
                                 ["project.planned_end"]),
            "negative budget": (project(budget=[{"year": 2012, "amount": -10}]),
                                ["project.budget[0].amount"]),
            "unknown region": (project(regionCodes=["MA-13"]), ["project.region_codes[0]"]),
            "point out of range": (project(location={"latitude": 95, "longitude": -1}),
                                   ["project.location.latitude"]),
            "10 000 themes": (project(themes=["investment"] * 10000), ["project.themes"]),
        }
        for what, (body, fields) in cases.items():
            with self.subTest(what):
                r = self.call("POST", "/v1/projects", body, role="editor",
                              headers={"Accept-Language": "ar"})
                self.assertEqual(r.status, 400, r.body[:300])
                got = [v["field"] for v in r.json()["details"][0]["fieldViolations"]]
                self.assertEqual(got, fields)
                self.assertTrue(any("\u0600" <= c <= "\u06ff" for c in r.json()["message"]),
                                "the message is in the caller's language")
        first = self.call("POST", "/v1/projects", project(iatiIdentifier="XM-TEST-UNIQUE-1"),
                          role="editor")
        self.assertEqual(first.status, 200, first.body)
        again = self.call("POST", "/v1/projects", project(iatiIdentifier="XM-TEST-UNIQUE-1"),
                          role="editor", headers={"Accept-Language": "fr"})
        self.assertEqual(again.status, 400, again.body)
        self.assertEqual(again.json()["details"][0]["fieldViolations"][0]["field"],
                         "project.iati_identifier")
        self.assertIn("identifiant IATI", again.json()["message"])
        self.assertEqual(self.list("pageSize=1", role="validator")["totalSize"], before + 1,
                         "nothing else was written")

    def test_nine_demo_good_practices_carry_dac_evaluations(self):
        good = self.list("goodPractice=true&pageSize=50")["projects"]
        self.assertEqual(len(good), 9)
        for p in good:
            evals = self.call("GET", f"/v1/{p['name']}/evaluations", role="public").json()
            self.assertEqual(len(evals["evaluations"]), 1, p["name"])
            e = evals["evaluations"][0]
            self.assertEqual(sorted(s["criterion"] for s in e["scores"]),
                             sorted(["RELEVANCE", "COHERENCE", "EFFECTIVENESS", "EFFICIENCY",
                                     "IMPACT", "SUSTAINABILITY"]))
            self.assertTrue(e["demo"])
            self.assertAlmostEqual(e["averageScore"],
                                   round(sum(s["score"] for s in e["scores"]) / 6, 2))
        target = good[0]["name"]
        bad = {"scores": [{"criterion": "RELEVANCE", "score": 9}], "replicability": "HIGH",
               "evaluator": "", "evaluationDate": {"year": 2016, "month": 2, "day": 30}}
        r = self.call("POST", f"/v1/{target}/evaluations", bad, role="validator")
        self.assertEqual(r.status, 400, r.body)
        self.assertEqual([v["field"] for v in r.json()["details"][0]["fieldViolations"]],
                         ["evaluation.scores[0].score", "evaluation.scores",
                          "evaluation.evaluator", "evaluation.evaluation_date"])
        self.assertEqual(self.call("POST", f"/v1/{target}/evaluations", bad, role="editor").status, 403)
        self.assertEqual(len(self.call("GET", f"/v1/{target}/evaluations").json()["evaluations"]), 1,
                         "nothing written")
        # Corrected from the revision read (issue 23): whole evaluation, etag required,
        # stale refused and nothing written, demo kept, not for editors.
        e = self.call("GET", f"/v1/{target}/evaluations").json()["evaluations"][0]
        self.assertEqual(e["etag"], "r1")
        fixed = {**e, "evaluator": "Bureau d'évaluation (corrigé, test)",
                 "scores": [{**s, "score": 4 if s["criterion"] == "IMPACT" else s["score"]}
                            for s in e["scores"]], "demo": False}
        r = self.call("PATCH", f"/v1/{e['name']}", fixed, role="validator")
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual((r.json()["etag"], r.json()["evaluator"], r.json()["demo"]),
                         ("r2", "Bureau d'évaluation (corrigé, test)", True))
        self.assertAlmostEqual(r.json()["averageScore"],
                               round(sum(s["score"] for s in fixed["scores"]) / 6, 2))
        stale = self.call("PATCH", f"/v1/{e['name']}", {**fixed, "evaluator": "Perdu"}, role="validator",
                          headers={"Accept-Language": "ar"})
        self.assertEqual(stale.status, 409, stale.body)
        self.assertIn("عُدِّل", stale.json()["message"])
        for body, status in (({**fixed, "etag": ""}, 400), ({**fixed, "etag": "x7"}, 400),
                             ({**fixed, "etag": "r2", "evaluator": ""}, 400)):
            self.assertEqual(self.call("PATCH", f"/v1/{e['name']}", body, role="validator").status,
                             status, body["etag"])
        self.assertEqual(self.call("PATCH", f"/v1/{e['name']}", {**fixed, "etag": "r2"},
                                   role="editor").status, 403)
        missing = e["name"].rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000000"
        self.assertEqual(self.call("PATCH", f"/v1/{missing}", {**fixed, "etag": "r2"},
                                   role="validator").status, 404)
        now = self.call("GET", f"/v1/{target}/evaluations").json()["evaluations"]
        self.assertEqual([(x["etag"], x["evaluator"]) for x in now],
                         [("r2", "Bureau d'évaluation (corrigé, test)")], "the stale write changed nothing")
        # The correction reaches the platform feed.
        self.sys.wait(lambda: any(x["eventType"] == "ma.sharaka.atlas.evaluation.updated.v1"
                                  for x in self.call("GET", "/v1/inbox?pageSize=50",
                                                     role="validator").json().get("entries", [])),
                      15, "evaluation.updated in the feed")

    def test_dialogue_threads_on_fields_mentions_and_resolution(self):
        p = self.call("POST", "/v1/projects", project("Dialogue (test)"), role="editor").json()
        name = p["name"]
        r = self.call("POST", f"/v1/{name}/comments",
                      {"text": "@validator le budget 2024 est-il complet ? cc @organisations/assoc-oujda",
                       "field": "budget"}, role="editor")
        self.assertEqual(r.status, 200, r.body)
        thread = r.json()
        self.assertEqual(thread["mentions"], ["validator", "organisations/assoc-oujda"])
        self.assertEqual(thread["authorOrganisation"], "organisations/assoc-oujda")
        reply = self.call("POST", f"/v1/{name}/comments",
                          {"text": "Il manque la part de la Région.", "thread": thread["name"]},
                          role="validator").json()
        self.assertEqual(reply["field"], "budget", "a reply belongs to its thread's field")
        self.call("POST", f"/v1/{name}/comments", {"text": "Remarque générale"}, role="analyst")
        listed = self.call("GET", f"/v1/{name}/comments", role="editor").json()["comments"]
        self.assertEqual([c["text"][:8] for c in listed], ["@validat", "Il manqu", "Remarque"])
        by_field = self.call("GET", f"/v1/{name}/comments?field=budget", role="editor").json()
        self.assertEqual(len(by_field["comments"]), 2)
        r = self.call("POST", f"/v1/{thread['name']}:resolve", {"resolved": True}, role="editor")
        self.assertEqual((r.status, r.json()["resolved"]), (200, True), r.body)
        open_only = self.call("GET", f"/v1/{name}/comments?unresolvedOnly=true", role="editor").json()
        self.assertEqual([c["text"] for c in open_only["comments"]], ["Remarque générale"])
        self.assertEqual(self.call("POST", f"/v1/{reply['name']}:resolve", {"resolved": True},
                                   role="editor").status, 400, "replies are not threads")
        # Private: not for other organisations nor the public; bad input is 400.
        self.assertEqual(self.call("GET", f"/v1/{name}/comments", role="other_editor").status, 404)
        self.assertEqual(self.call("GET", f"/v1/{name}/comments", role="public").status, 401)
        self.assertEqual(self.call("POST", f"/v1/{name}/comments", {"text": "  "},
                                   role="editor").status, 400)
        self.assertEqual(self.call("POST", f"/v1/{name}/comments", {"text": "x", "field": "state"},
                                   role="editor").status, 400)
        # Events: one for each comment, one per mention.
        def kinds():
            entries = self.call("GET", "/v1/inbox?pageSize=500", role="validator").json()["entries"]
            return [e["eventType"] for e in entries if e["subject"].startswith(name + "/comments/")]
        self.sys.wait(lambda: len(kinds()) == 5, 10, "comment events")
        self.assertEqual(sorted(kinds()).count("ma.sharaka.atlas.comment.mentioned.v1"), 2)

    def partner(self, *args):
        secret = os.path.join(self.sys.dir, "client-secret")
        with open(secret, "w") as f:
            f.write(self.client["clientSecret"])
        return subprocess.run(
            [os.path.join(self.sys.build, "tools", "atlas-partner-client"), "--gateway", self.sys.url,
             "--registry", f"127.0.0.1:{self.sys.ports['registry'][0]}",
             "--client-id", self.client["clientId"], "--client-secret-file", secret, *args],
            capture_output=True, text=True, timeout=60)

    def test_bulk_export_and_import_over_grpc_streams(self):
        everything = self.list("pageSize=1")["totalSize"]
        out = self.partner("stream")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn(f"streamed {everything} projects", out.stdout)
        out = self.partner("stream", "--region", "MA-12")
        self.assertIn(f"streamed {self.list('regionCodes=MA-12')['totalSize']} projects", out.stdout)
        files = []
        for k in range(3):
            path = os.path.join(self.sys.dir, f"bulk-{k}.xml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(f"""<iati-activities version="2.03"><iati-activity xml:lang="fr">
<iati-identifier>XM-TEST-BULK-{k}</iati-identifier>
<title><narrative>Import en masse {k} (test)</narrative></title>
<sector vocabulary="98" code="skills"/><sector vocabulary="1" code="11110"/>
</iati-activity></iati-activities>""")
            files.append(path)
        out = self.partner("import-stream", *files)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("created 3 updated 0 unchanged 0 failed 0 issues 3", out.stdout)
        out = self.partner("import-stream", *files)
        self.assertIn("created 0 updated 0 unchanged 3 failed 0", out.stdout, "idempotent")

    def test_vocabularies_carry_three_languages(self):
        v = {x["name"]: x for x in self.call("GET", "/v1/vocabularies", role="public").json()["vocabularies"]}
        themes = {t["code"]: t["label"] for t in v["themes"]["terms"]}
        self.assertEqual(themes["return_reintegration"]["ar"], "العودة وإعادة الإدماج")
        self.assertEqual(len(v["regions"]["terms"]), 12)
        self.assertEqual(len(v["provinces"]["terms"]), 75)
        countries = {t["code"]: t["label"] for t in v["diaspora_countries"]["terms"]}
        self.assertEqual(countries["ESP"]["fr"], "Espagne")


if __name__ == "__main__":
    __import__("unittest").main()
