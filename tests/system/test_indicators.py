"""atlas-indicators through the gateway: the demo performance framework
(data/demo/programmes.sql, as scripts/run loads it), the public dashboard —
formulas, missing values with their reason, achievement and projection — and
analysts recording measured values (events through the outbox), with bad
input refused whole in the caller's language."""
import datetime
import json
import os
import subprocess
import time
import unittest

from accounts import PASSWORD, create_accounts
from harness import SystemTestCase

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WEB = os.environ.get("ATLAS_TEST_WEB_ROOT", "")


class IndicatorsTest(SystemTestCase):
    # The web app, and geo's outlines for the regional map of credits.
    extra_env = {"gateway": {"ATLAS_WEB_ROOT": WEB},
                 "indicators": {"ATLAS_INDICATORS_DUE_CHECK_S": "2"},
                 "geo": {"ATLAS_GEO_REFERENCE_FILE":
                         os.environ.get("ATLAS_TEST_GEO_REFERENCE_FILE", "")}}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tokens, _ = create_accounts(cls.sys)
        # As scripts/run loads it.
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", cls.sys.pg_url(), "-f",
                        os.path.join(ROOT, "data", "demo", "programmes.sql")],
                       check=True, capture_output=True, timeout=60)

    def dashboard(self, programme="demo-101", lang="fr"):
        r = self.sys.get(f"/v1/programmes/{programme}:dashboard", as_admin=False,
                         headers={"Accept-Language": lang})
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    @staticmethod
    def indicator(d, name):
        for o in d["objectives"]:
            for i in o["indicators"]:
                if i["name"] == name:
                    return i
        raise KeyError(name)

    def test_the_demo_framework_is_public_and_sized_like_a_ministry(self):
        r = self.sys.get("/v1/programmes?pageSize=100", as_admin=False)
        programmes = r.json()["programmes"]
        self.assertEqual(len(programmes), 10)
        self.assertTrue(all(p["demo"] and "démo" in p["titleFr"] for p in programmes))
        total = 0
        for p in programmes:
            d = self.dashboard(p["name"].split("/")[1])
            self.assertEqual(len(d["objectives"]), 4)
            total += sum(len(o["indicators"]) for o in d["objectives"])
        self.assertEqual(total, 80)
        self.assertEqual(self.sys.get("/v1/programmes/nope:dashboard", as_admin=False).status, 404)

    def test_formulas_stay_missing_when_an_input_is(self):
        d = self.dashboard()
        share = self.indicator(d, "indicators/demo-101-women-share")
        women = {p["year"]: p for p in self.indicator(d, "indicators/demo-101-women")["points"]}
        people = {p["year"]: p for p in self.indicator(d, "indicators/demo-101-beneficiaries")["points"]}
        self.assertEqual(share["numerator"], "indicators/demo-101-women")
        for p in share["points"]:
            y = p["year"]
            if "value" in women.get(y, {}) and "value" in people.get(y, {}):
                self.assertEqual(p["basis"], "COMPUTED")
                self.assertAlmostEqual(p["value"], women[y]["value"] / people[y]["value"] * 100)
            else:
                self.assertNotIn("value", p)  # never 0
                self.assertEqual(p["basis"], "MISSING_INPUT")

    def test_analysts_record_values_and_bad_ones_are_refused_whole(self):
        path = "/v1/indicators/demo-102-projects/measurements"
        good = {"year": 2026, "value": 1, "source": "Rapport annuel (test)", "date": "2027-01-15"}
        self.assertEqual(self.sys.post(path, good, as_admin=False).status, 401)
        editor = {"Authorization": "Bearer " + self.tokens["editor"]}
        self.assertEqual(self.sys.post(path, good, headers=editor, as_admin=False).status, 403)
        analyst = {"Authorization": "Bearer " + self.tokens["analyst"], "Accept-Language": "fr"}
        bad = self.sys.post(path, {"year": 1999, "region": "MA-13", "source": "",
                                   "date": "2024-13-01"}, headers=analyst, as_admin=False)
        self.assertEqual(bad.status, 400, bad.body)
        fields = [v["field"] for v in bad.json()["details"][0]["fieldViolations"]]
        self.assertEqual(fields, ["measurement.year", "measurement.region",
                                  "measurement.source", "measurement.date"])
        self.assertIn("doit", bad.body)
        computed = self.sys.post("/v1/indicators/demo-102-women-share/measurements", good,
                                 headers=analyst, as_admin=False)
        self.assertEqual(computed.status, 400, computed.body)
        before = self.sys.metric_value("indicators", "atlas_outbox_published_total") or 0
        r = self.sys.post(path, good, headers=analyst, as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        point = next(p for p in self.indicator(self.dashboard("demo-102"),
                                               "indicators/demo-102-projects")["points"]
                     if p["year"] == 2026)
        self.assertEqual((point["value"], point["basis"]), (1, "MEASURED"))
        # measured (and off_track unless it already was): relayed to JetStream.
        self.sys.wait(lambda: (self.sys.metric_value("indicators", "atlas_outbox_published_total")
                               or 0) >= before + 1, 10, "the events published")
        projection = self.indicator(self.dashboard("demo-102"),
                                    "indicators/demo-102-projects")["projection"]
        self.assertTrue(projection["offTrack"])

    def test_analysts_define_indicators_targets_within_the_version(self):
        analyst = {"Authorization": "Bearer " + self.tokens["analyst"], "Accept-Language": "fr"}
        editor = {"Authorization": "Bearer " + self.tokens["editor"]}
        ind = self.indicator(self.dashboard("demo-104"), "indicators/demo-104-agreements")
        body = {"version": "programmings/1", "unit": ind["unit"], "direction": ind["direction"],
                "source": "Rapport annuel (test)", "baselineYear": ind["baselineYear"],
                "baseline": ind["baseline"], "targets": [{"year": 2026, "value": 40}],
                "etag": ind["etag"]}
        path = "/v1/indicators/demo-104-agreements:define"
        self.assertEqual(self.sys.post(path, body, headers=editor, as_admin=False).status, 403)
        outside = self.sys.post(path, dict(body, targets=[{"year": 2030, "value": 1}]),
                                headers=analyst, as_admin=False)
        self.assertEqual(outside.status, 400, outside.body)
        v = outside.json()["details"][0]["fieldViolations"]
        self.assertEqual([x["field"] for x in v], ["indicator.targets[0].year"])
        self.assertIn("hors de la version", v[0]["description"])
        # A formula that would make a cycle: beneficiaries = women-share, itself women / beneficiaries.
        b = self.indicator(self.dashboard("demo-101"), "indicators/demo-101-beneficiaries")
        cycle = self.sys.post("/v1/indicators/demo-101-beneficiaries:define",
                              {"version": "programmings/1", "unit": b["unit"],
                               "numerator": "indicators/demo-101-women-share", "etag": b["etag"]},
                              headers=analyst, as_admin=False)
        self.assertEqual(cycle.status, 400, cycle.body)
        self.assertEqual(cycle.json()["details"][0]["fieldViolations"][0]["field"],
                         "indicator.formula")
        r = self.sys.post(path, body, headers=analyst, as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        self.assertNotEqual(r.json()["etag"], ind["etag"])
        after = self.indicator(self.dashboard("demo-104"), "indicators/demo-104-agreements")
        self.assertIn({"year": 2026, "value": 40}, after["targets"])
        self.assertEqual(after["source"], "Rapport annuel (test)")
        stale = self.sys.post(path, dict(body, source="autre"), headers=analyst, as_admin=False)
        self.assertEqual(stale.status, 409, stale.body)

    def test_the_rolling_programming_adopt_roll_edit_compare(self):
        analyst = {"Authorization": "Bearer " + self.tokens["analyst"], "Accept-Language": "fr"}
        public = self.sys.get("/v1/programmings", as_admin=False).json()["programmings"]
        self.assertIn(("programmings/1", "adopted", 2025),
                      [(p["name"], p["state"], p["firstYear"]) for p in public])
        adopted = len(public)  # another test may have adopted a version already
        v1 = self.sys.get("/v1/programmings/1/lines", as_admin=False).json()
        self.assertEqual(len(v1["lines"]), 1230)
        # Totals by programme x region x year are the sums of their lines.
        some = v1["totals"][0]
        lines = [l for l in v1["lines"] if (l["programme"], l["region"], l["year"]) ==
                 (some["programme"], some["region"], some["year"])]
        self.assertEqual(int(some["ce"]), sum(int(l["ce"]) for l in lines))
        first = v1["lines"][0]
        frozen = self.sys.post("/v1/programmings/1/lines:set", dict(first, ce="1"),
                               headers=analyst, as_admin=False)
        self.assertEqual(frozen.status, 400, frozen.body)  # FAILED_PRECONDITION
        self.assertIn("adoptée", frozen.body)
        editor = {"Authorization": "Bearer " + self.tokens["editor"]}
        self.assertEqual(self.sys.post("/v1/programmings/1:roll", {}, headers=editor,
                                       as_admin=False).status, 403)
        before = self.sys.metric_value("indicators", "atlas_outbox_published_total") or 0
        r = self.sys.post("/v1/programmings/1:roll", {}, headers=analyst, as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        v2 = r.json()
        self.assertEqual((v2["state"], v2["firstYear"], v2["basedOn"]),
                         ("draft", 2026, "programmings/1"))
        name = v2["name"]
        # A draft is the analysts': the public neither lists nor reads it.
        self.assertEqual(len(self.sys.get("/v1/programmings", as_admin=False).json()["programmings"]),
                         adopted)
        self.assertEqual(self.sys.get(f"/v1/{name}/lines", as_admin=False).status, 404)
        rolled = self.sys.get(f"/v1/{name}/lines?programme=programmes/demo-101", headers=analyst,
                              as_admin=False).json()["lines"]
        self.assertEqual({l["year"] for l in rolled}, {2026, 2027, 2028})
        old = {(l["region"], l.get("action", ""), l["chapter"], l["year"]): l
               for l in v1["lines"] if l["programme"] == "programmes/demo-101"}
        for l in rolled:
            src = old[(l["region"], l.get("action", ""), l["chapter"], min(l["year"], 2027))]
            self.assertEqual((l["ce"], l["cp"]), (src["ce"], src["cp"]))  # N+3 = N+2 proposed
        self.assertEqual(self.sys.post(f"/v1/{name}:roll", {}, headers=analyst,
                                       as_admin=False).status, 400)  # a draft does not roll
        # Two analysts on one line: the second, on the old etag, gets 409.
        line = next(l for l in rolled if l["year"] == 2026)
        change = dict(line, ce=str(int(line["ce"]) + 500000), reason="nouvelle école à Berkane (test)")
        r = self.sys.post(f"/v1/{name}/lines:set", change, headers=analyst, as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["etag"], "r2")
        stale = self.sys.post(f"/v1/{name}/lines:set", dict(change, ce="1"), headers=analyst,
                              as_admin=False)
        self.assertEqual(stale.status, 409, stale.body)
        over = self.sys.post(f"/v1/{name}/lines:set",
                             dict(line, etag="r2", cp=str(10**12), year=2026), headers=analyst,
                             as_admin=False)
        self.assertEqual(over.status, 400, over.body)
        self.assertEqual([v["field"] for v in over.json()["details"][0]["fieldViolations"]],
                         ["line.cp"])
        outside = self.sys.post(f"/v1/{name}/lines:set", dict(line, etag="", year=2030, ce="-1"),
                                headers=analyst, as_admin=False)
        self.assertEqual(outside.status, 400, outside.body)
        self.assertEqual([v["field"] for v in outside.json()["details"][0]["fieldViolations"]],
                         ["line.year", "line.ce"])
        # What a line names must exist (and its action belong to its programme); a NUL in a
        # text is refused: 400 naming the field, never a server error.
        unknown = self.sys.post(f"/v1/{name}/lines:set",
                                dict(line, etag="", programme="programmes/nope",
                                     action="actions/demo-101-a01"),
                                headers=analyst, as_admin=False)
        self.assertEqual(unknown.status, 400, unknown.body)
        self.assertEqual([v["field"] for v in unknown.json()["details"][0]["fieldViolations"]],
                         ["line.programme", "line.action"])
        nul = self.sys.post(f"/v1/{name}/lines:set", dict(change, etag="r2", reason="a\u0000b"),
                            headers=analyst, as_admin=False)
        self.assertEqual(nul.status, 400, nul.body)
        self.assertEqual([v["field"] for v in nul.json()["details"][0]["fieldViolations"]],
                         ["line.reason"])
        for path in ("/v1/programmes/a%00b:dashboard", "/v1/actions/a%00b"):
            self.assertIn(self.sys.get(path, as_admin=False).status, (400, 404), path)
        # The comparison: 2025 gone, 2028 proposed, the changed line with its reason.
        diff = self.sys.get(f"/v1/programmings:compare?from=programmings/1&to={name}",
                            headers=analyst, as_admin=False).json()
        kinds = {c["kind"] for c in diff["changes"]}
        self.assertEqual(kinds, {"added", "removed", "changed"})
        changed = [c for c in diff["changes"] if c["kind"] == "changed"]
        self.assertEqual(len(changed), 1)
        self.assertEqual((changed[0]["ceDelta"], changed[0]["reason"]),
                         ("500000", "nouvelle école à Berkane (test)"))
        r = self.sys.post(f"/v1/{name}:adopt", {}, headers=analyst, as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(self.sys.post(f"/v1/{name}/lines:set", dict(change, etag="r2"),
                                       headers=analyst, as_admin=False).status, 400)
        self.assertEqual(len(self.sys.get("/v1/programmings", as_admin=False).json()["programmings"]),
                         adopted + 1)
        # rolled and adopted: relayed to JetStream.
        self.sys.wait(lambda: (self.sys.metric_value("indicators", "atlas_outbox_published_total")
                               or 0) >= before + 2, 10, "the programming events published")

    def test_exports_csv_and_a_fiscal_data_package_a_frictionless_library_validates(self):
        r = self.sys.get("/v1/programmings/1:export?format=csv", as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        self.assertIn("text/csv", r.headers.get("Content-Type", ""))
        rows = r.body.strip().split("\r\n")
        self.assertEqual(rows[0], "programme,region,action,chapter,year,ce_mad,cp_mad,"
                                  "committed_mad,paid_mad,reason,demo")
        self.assertEqual(len(rows), 1 + 1230)
        self.assertTrue(all(row.endswith(",true") for row in rows[1:]))  # demo, said in the file
        url = self.sys.url + "/v1/programmings/1:export?format=datapackage"
        out = subprocess.run(["node", os.path.join(ROOT, "tools", "js", "validate-datapackage.mjs"),
                              url], capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr[-2000:])
        self.assertEqual(json.loads(out.stdout)["rows"], 1230)
        # The same validator refuses a package with a negative CE (it can fail).
        package = json.loads(self.sys.get("/v1/programmings/1:export?format=datapackage",
                                          as_admin=False).body)
        package["resources"][0]["data"][1][5] = -1
        broken = os.path.join(self.sys.dir, "broken-datapackage.json")
        with open(broken, "w") as f:
            json.dump(package, f)
        out = subprocess.run(["node", os.path.join(ROOT, "tools", "js", "validate-datapackage.mjs"),
                              broken], capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 1, out.stdout)
        self.assertIn("minimum", out.stdout)
        bad = self.sys.get("/v1/programmings/1:export?format=xlsx", as_admin=False,
                           headers={"Accept-Language": "ar"})
        self.assertEqual(bad.status, 400, bad.body)
        self.assertEqual(self.sys.get("/v1/programmings/99:export", as_admin=False).status, 404)

    def pdf_text(self, pdf):
        """pdftotext's reading of `pdf` (poppler: a reader someone else wrote),
        without its bidi embedding marks, no-break spaces as spaces."""
        path = os.path.join(self.sys.dir, "report.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        out = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", path, "-"], capture_output=True,
                             text=True, timeout=60, check=True).stdout
        return "".join(c for c in out if c not in "\u202a\u202b\u202c\u202d\u202e").replace(
            "\u00a0", " ")

    def test_the_chronogramme_of_a_programme(self):
        r = self.sys.get("/v1/programmes/demo-101:chronogramme", as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        c = r.json()
        actions = c["actions"]
        self.assertEqual(len(actions) + len(c.get("unscheduled", [])), 30)  # the demo's 30 actions
        rank = lambda reg: 13 if reg == "central" else int(reg[3:])
        keys = [(rank(a["region"]), a["starts"]) for a in actions]
        self.assertEqual(keys, sorted(keys))  # by region, then start
        self.assertEqual(c["from"], min(a["starts"] for a in actions))
        self.assertEqual(c["to"], max(a["ends"] for a in actions))
        for a in actions:
            self.assertLessEqual(a["starts"], a["ends"])
            dues = [m["due"] for m in a["milestones"]]
            self.assertEqual(dues, sorted(dues))
            self.assertTrue(all("(démo)" in m["title"]["fr"] for m in a["milestones"]))
        region = actions[0]["region"]
        one = self.sys.get(f"/v1/programmes/demo-101:chronogramme?region={region}",
                           as_admin=False).json()
        self.assertEqual(len(one["actions"]), sum(a["region"] == region for a in actions))
        bad = self.sys.get("/v1/programmes/demo-101:chronogramme?region=MA-99", as_admin=False,
                           headers={"Accept-Language": "ar"})
        self.assertEqual(bad.status, 400, bad.body)
        self.assertEqual(bad.json()["details"][0]["fieldViolations"][0]["field"], "region")
        self.assertEqual(self.sys.get("/v1/programmes/nope:chronogramme", as_admin=False).status,
                         404)

    def test_reports_pdp_and_rdp_as_pdf_and_html_in_french_and_arabic(self):
        lines = self.sys.get("/v1/programmings/1/lines?programme=programmes/demo-101",
                             as_admin=False).json()["lines"]
        ce = sum(int(l["ce"]) for l in lines if l["year"] == 2025)
        cp = sum(int(l["cp"]) for l in lines if l["year"] == 2027)
        figures = [f"{v:,}".replace(",", " ") for v in (ce, cp)]  # as both languages group them
        for lang, title, programme, demo in (
                ("fr", "Projet de performance 2025–2027", "Accompagnement des Marocains du monde",
                 "Données de démonstration"),
                ("ar", "مشروع نجاعة", "مواكبة مغاربة العالم", "بيانات تجريبية")):
            r = self.sys.get(f"/v1/programmes/demo-101:report?kind=pdp&format=pdf&lang={lang}"
                             "&version=1", as_admin=False)
            self.assertEqual(r.status, 200, r.body[:500])
            self.assertEqual(r.headers.get("Content-Type"), "application/pdf")
            self.assertIn(f'filename="pdp-demo-101-2025-{lang}.pdf"',
                          r.headers.get("Content-Disposition", ""))
            text = self.pdf_text(r.raw)
            for want in [title, programme, demo] + figures:
                self.assertIn(want, text, lang)
            if lang == "ar":  # the years in reading order
                self.assertRegex(text, r"من\s*2025\s*إ\S*\s*2027")
        # The RdP: achieved against targets, execution, gaps; as HTML it opens in the
        # browser, styled by itself and able to run nothing.
        r = self.sys.get("/v1/programmes/demo-101:report?kind=rdp&format=html&version=1&year=2025",
                         as_admin=False, headers={"Accept-Language": "fr"})
        self.assertEqual(r.status, 200, r.body[:500])
        self.assertTrue(r.headers.get("Content-Type", "").startswith("text/html"))
        self.assertNotIn("Content-Disposition", r.headers)
        self.assertIn("default-src 'none'", r.headers.get("Content-Security-Policy", ""))
        self.assertNotIn("script-src", r.headers.get("Content-Security-Policy", ""))
        for want in ("Rapport de performance 2025", "Taux de réalisation", "Exécution des crédits",
                     "Explications des écarts", 'lang="fr" dir="ltr"'):
            self.assertIn(want, r.body)
        pdf = self.sys.get("/v1/programmes/demo-101:report?kind=rdp&format=pdf&version=1&year=2025"
                           "&lang=ar", as_admin=False)
        self.assertEqual(pdf.status, 200, pdf.body[:500])
        text = self.pdf_text(pdf.raw)
        self.assertIn("تقرير نجاعة", text)
        self.assertIn("تفسير الفوارق", text)
        # Bad input: named fields in the caller's language; unknown things 404; drafts hidden.
        bad = self.sys.get("/v1/programmes/demo-101:report?kind=budget&format=docx", as_admin=False,
                           headers={"Accept-Language": "ar"})
        self.assertEqual(bad.status, 400, bad.body)
        violations = bad.json()["details"][0]["fieldViolations"]
        self.assertEqual([v["field"] for v in violations], ["kind", "format"])
        self.assertIn("يجب", violations[0]["description"])
        year = self.sys.get("/v1/programmes/demo-101:report?kind=rdp&version=1&year=2031",
                            as_admin=False)
        self.assertEqual(year.status, 400, year.body)
        self.assertEqual(self.sys.get("/v1/programmes/demo-101:report?kind=pdp&lang=de",
                                      as_admin=False).status, 400)
        for path in ("/v1/programmes/nope:report?kind=pdp", "/v1/programmes/a%00b:report?kind=pdp",
                     "/v1/programmes/demo-101:report?kind=pdp&version=99"):
            self.assertEqual(self.sys.get(path, as_admin=False).status, 404, path)

    def test_values_due_and_missing_are_announced_once(self):
        # A year's value is due on 31 March of the next year; those still missing (no
        # national measurement; "not available" counts as reported) are announced once.
        today = datetime.date.today().isoformat()
        expected = set()
        for p in self.sys.get("/v1/programmes?pageSize=100", as_admin=False).json()["programmes"]:
            for o in self.dashboard(p["name"].split("/")[1])["objectives"]:
                for i in o["indicators"]:
                    if i.get("numerator"):
                        continue  # a formula is computed, never due
                    points = {x["year"]: x for x in i["points"]}
                    for t in i.get("targets", []):
                        y = t["year"]
                        if f"{y + 1}-03-31" <= today and points[y]["basis"] == "NOT_MEASURED":
                            expected.add((i["name"].split("/")[1], y))
        self.assertTrue(expected)  # the demo framework has gaps
        notices = lambda: {(r.split("|")[0], int(r.split("|")[1])) for r in self.sys.psql(
            "SELECT indicator_id, year FROM indicators.indicator_due_notices",
            db=self.sys.db).splitlines() if r}
        self.sys.wait(lambda: expected <= notices(), 20, "the due values announced")
        first = notices()
        for indicator, year in first:
            self.assertLessEqual(f"{year + 1}-03-31", today)
        time.sleep(4.5)  # two more checks: nothing announced twice
        self.assertEqual(notices(), first)
        self.sys.wait(lambda: (self.sys.metric_value("indicators", "atlas_outbox_published_total")
                               or 0) >= len(first), 10, "the due events relayed")

    def test_what_if_scenarios_copy_on_write_then_promoted(self):
        analyst = {"Authorization": "Bearer " + self.tokens["analyst"], "Accept-Language": "fr"}
        editor = {"Authorization": "Bearer " + self.tokens["editor"]}
        body = {"base": "programmings/1", "title": "Renfort de l'investissement régional (test)"}
        self.assertEqual(self.sys.post("/v1/scenarios", body, as_admin=False).status, 401)
        self.assertEqual(self.sys.post("/v1/scenarios", body, headers=editor,
                                       as_admin=False).status, 403)
        self.assertEqual(self.sys.get("/v1/scenarios", headers=editor, as_admin=False).status, 403)
        r = self.sys.post("/v1/scenarios", body, headers=analyst, as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        name, etag = r.json()["name"], r.json()["etag"]
        base = self.sys.get("/v1/programmings/1/lines", as_admin=False).json()["lines"]
        # From demo-101's biggest 2025 CP line to demo-102's 2025 line with the most headroom.
        src = max((l for l in base if l["programme"] == "programmes/demo-101" and l["year"] == 2025),
                  key=lambda l: int(l["cp"]))
        dst = max((l for l in base if l["programme"] == "programmes/demo-102" and l["year"] == 2025),
                  key=lambda l: int(l["ce"]) - int(l["cp"]))
        key = lambda l: {k: l.get(k, "") for k in ("programme", "region", "action", "chapter", "year")}
        amount = min(int(src["cp"]), int(dst["ce"]) - int(dst["cp"])) // 2
        move = {"from": key(src), "to": key(dst), "measure": "CP", "amount": str(amount),
                "reason": "priorité à l'investissement (test)"}
        r = self.sys.post(f"/v1/{name}:move", {"move": move, "etag": etag}, headers=analyst,
                          as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        view = r.json()
        shifts = {(p["programme"], p["year"]): p for p in view["programmes"]}
        self.assertEqual(int(shifts[("programmes/demo-101", 2025)]["cpBefore"]) -
                         int(shifts[("programmes/demo-101", 2025)]["cpAfter"]), amount)
        self.assertEqual(int(shifts[("programmes/demo-102", 2025)]["cpAfter"]) -
                         int(shifts[("programmes/demo-102", 2025)]["cpBefore"]), amount)
        self.assertAlmostEqual(sum(x["shareAfter"] for x in view["regions"]), 1.0, places=6)
        for risk in view.get("atRisk", []):  # on track today, off track with the cut
            self.assertGreaterEqual(risk["achievement"], 0.9)
            self.assertLess(risk["achievementScenario"], 0.9)
        # A second analyst on the etag read before: 409; CP over CE on the destination: named,
        # in French; nothing written by either.
        stale = self.sys.post(f"/v1/{name}:move", {"move": move, "etag": etag}, headers=analyst,
                              as_admin=False)
        self.assertEqual(stale.status, 409, stale.body)
        etag = view["scenario"]["etag"]
        over = dict(move, amount=str(int(dst["ce"]) * 10))
        r = self.sys.post(f"/v1/{name}:move", {"move": over, "etag": etag}, headers=analyst,
                          as_admin=False)
        self.assertEqual(r.status, 400, r.body)
        violation = r.json()["details"][0]["fieldViolations"][0]
        self.assertEqual(violation["field"], "move.amount")
        self.assertIn("dépasse", violation["description"])
        bad = self.sys.post(f"/v1/{name}:move", {"move": dict(move, measure="XX", amount="-1"),
                                                 "etag": etag}, headers=analyst, as_admin=False)
        self.assertEqual(bad.status, 400, bad.body)
        got = self.sys.get(f"/v1/{name}", headers=analyst, as_admin=False).json()
        self.assertEqual(len(got["scenario"]["moves"]), 1)
        # Promoted: a new draft with the move; version 1 (adopted) untouched.
        r = self.sys.post(f"/v1/{name}:promote", {"etag": etag}, headers=analyst, as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        draft = r.json()
        self.assertEqual((draft["state"], draft["firstYear"], draft["basedOn"]),
                         ("draft", 2025, "programmings/1"))
        lines = self.sys.get(f"/v1/{draft['name']}/lines", headers=analyst, as_admin=False).json()
        moved = {tuple(key(l).values()): l for l in lines["lines"]}
        self.assertEqual(int(moved[tuple(key(src).values())]["cp"]), int(src["cp"]) - amount)
        self.assertEqual(int(moved[tuple(key(dst).values())]["cp"]), int(dst["cp"]) + amount)
        again = self.sys.get("/v1/programmings/1/lines", as_admin=False).json()["lines"]
        self.assertEqual(again, base)
        late = self.sys.post(f"/v1/{name}:move", {"move": move}, headers=analyst, as_admin=False)
        self.assertEqual(late.status, 400, late.body)  # FAILED_PRECONDITION: promoted
        self.assertIn("promu", late.body)
        self.assertEqual(self.sys.get("/v1/scenarios/999", headers=analyst, as_admin=False).status,
                         404)

    def test_an_action_lists_its_projects_from_the_registry_events(self):
        analyst = {"Authorization": "Bearer " + self.tokens["analyst"], "Accept-Language": "fr"}
        p = self.sys.post("/v1/projects", {"title": {"fr": "Guichet MRE Nador (test)"},
                                           "themes": ["skills"], "regionCodes": ["MA-02"],
                                           "status": "IMPLEMENTATION"})
        self.assertEqual(p.status, 200, p.body)
        name = p.json()["name"]
        link = "/v1/actions/demo-101-a01:linkProject"
        # A draft has no public version: it cannot be linked.
        self.sys.wait(lambda: self.sys.post(link, {"project": name}, headers=analyst,
                                            as_admin=False).status == 400, 10, "draft refused")
        for verb in (":submit", ":publish"):
            self.assertEqual(self.sys.post(f"/v1/{name}{verb}", {}).status, 200)
        editor = {"Authorization": "Bearer " + self.tokens["editor"]}
        self.assertEqual(self.sys.post(link, {"project": name}, headers=editor,
                                       as_admin=False).status, 403)
        self.sys.wait(lambda: self.sys.post(link, {"project": name}, headers=analyst,
                                            as_admin=False).status == 200, 15,
                      "the published project linked")
        a = self.sys.get("/v1/actions/demo-101-a01", as_admin=False).json()
        self.assertEqual(a["programme"], "programmes/demo-101")
        linked = [x for x in a["projects"] if x["project"] == name]
        self.assertEqual(len(linked), 1)
        self.assertEqual((linked[0]["status"], linked[0]["title"]["fr"]),
                         ("IMPLEMENTATION", "Guichet MRE Nador (test)"))
        # The actions funding an organisation's projects: its editors see their own only.
        org = p.json()["organisation"]
        listed = self.sys.get(f"/v1/actions?organisation={org}", headers=analyst, as_admin=False)
        self.assertEqual(listed.status, 200, listed.body)
        mine = [x for x in listed.json()["actions"] if x["name"] == "actions/demo-101-a01"]
        self.assertEqual([x["project"] for x in mine[0]["projects"] if x["project"] == name], [name])
        self.assertEqual(self.sys.get("/v1/actions", as_admin=False).status, 401)
        own = self.sys.get("/v1/actions", headers=editor, as_admin=False)
        self.assertEqual(own.status, 200, own.body)  # assoc-oujda's, by default
        if org != "organisations/assoc-oujda":
            self.assertEqual(self.sys.get(f"/v1/actions?organisation={org}", headers=editor,
                                          as_admin=False).status, 403)
        # Archived: gone from the public page; analysts still see the link, not public.
        self.assertEqual(self.sys.post(f"/v1/{name}:archive", {}).status, 200)
        self.sys.wait(lambda: not any(x["project"] == name for x in self.sys.get(
            "/v1/actions/demo-101-a01", as_admin=False).json().get("projects", [])), 15,
            "the archived project off the public action page")
        mine = self.sys.get("/v1/actions/demo-101-a01", headers=analyst, as_admin=False).json()
        self.assertEqual([x.get("public", False) for x in mine["projects"]
                          if x["project"] == name], [False])
        bad = self.sys.post(link, {"project": "../etc"}, headers=analyst, as_admin=False)
        self.assertEqual(bad.status, 400, bad.body)
        self.assertEqual(self.sys.get("/v1/actions/nope", as_admin=False).status, 404)

    @unittest.skipUnless(WEB, "no built web app (ATLAS_TEST_WEB_ROOT): run through scripts/test")
    def test_the_pages_in_french_and_arabic(self):
        artifacts = os.path.join(self.sys.build, "test-artifacts", "indicators")
        fixtures = os.path.join(self.sys.dir, "indicators-fixtures.json")
        # Two adopted versions for the budget page's comparison: version 1 rolled, one line
        # raised with its reason, adopted (the pages read the latest adopted version).
        analyst = {"Authorization": "Bearer " + self.tokens["analyst"]}
        public = self.sys.get("/v1/programmings", as_admin=False).json()["programmings"]
        if len(public) < 2:
            draft = self.sys.post("/v1/programmings/1:roll", {}, headers=analyst, as_admin=False).json()
            line = self.sys.get(f"/v1/{draft['name']}/lines?programme=programmes/demo-103",
                                headers=analyst, as_admin=False).json()["lines"][0]
            r = self.sys.post(f"/v1/{draft['name']}/lines:set",
                              dict(line, ce=str(int(line["ce"]) + 100000), reason="test du comparatif"),
                              headers=analyst, as_admin=False)
            self.assertEqual(r.status, 200, r.body)
            r = self.sys.post(f"/v1/{draft['name']}:adopt", {}, headers=analyst, as_admin=False)
            self.assertEqual(r.status, 200, r.body)
        # A published project of the editor's organisation linked to an action (the editor's
        # workspace lists the actions funding its projects).
        editor = {"Authorization": "Bearer " + self.tokens["editor"]}
        p = self.sys.post("/v1/projects", {"title": {"fr": "Maison des MRE d'Oujda (test)"},
                                           "themes": ["skills"], "regionCodes": ["MA-02"],
                                           "status": "IMPLEMENTATION"}, headers=editor,
                          as_admin=False)
        self.assertEqual(p.status, 200, p.body)
        project = p.json()["name"]
        self.assertEqual(self.sys.post(f"/v1/{project}:submit", {}, headers=editor,
                                       as_admin=False).status, 200)
        self.assertEqual(self.sys.post(f"/v1/{project}:publish", {}).status, 200)
        self.sys.wait(lambda: self.sys.post("/v1/actions/demo-102-a02:linkProject",
                                            {"project": project}, headers=analyst,
                                            as_admin=False).status == 200, 15, "linked")
        with open(fixtures, "w") as f:
            json.dump({"password": PASSWORD, "project": project}, f)
        out = subprocess.run(["node", os.path.join(ROOT, "web", "tests", "indicators.test.mjs"),
                              self.sys.url, artifacts, fixtures], capture_output=True, text=True,
                             timeout=180)
        print(out.stdout)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr[-2000:])


if __name__ == "__main__":
    unittest.main()
