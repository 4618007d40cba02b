"""Statistics end to end, through the gateway: the shipped sourced datasets,
queries in the caller's language with disclosure control (public) and exact
figures (analysts), bad queries refused with the field named, and the SDMX 2.1
REST interface read by a client someone else wrote: R's rsdmx (Debian
r-cran-rsdmx) reads the dataflows, a data structure and data, and gets the
same numbers as the JSON API."""
import base64
import csv
import io
import json
import os
import shutil
import subprocess
import unittest

from accounts import PASSWORD, create_accounts
from harness import SystemTestCase

R = shutil.which("Rscript")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


WEB = os.environ.get("ATLAS_TEST_WEB_ROOT", "")


class StatsTest(SystemTestCase):
    # The built web app for the pages and geo's outlines for the world map
    # (scripts/test builds both).
    extra_env = {"gateway": {"ATLAS_WEB_ROOT": WEB},
                 "geo": {"ATLAS_GEO_REFERENCE_FILE":
                         os.environ.get("ATLAS_TEST_GEO_REFERENCE_FILE", "")}}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tokens, _ = create_accounts(cls.sys)
        cls.load_demo_stats()

    @classmethod
    def load_demo_stats(cls):
        """The generated DIOC-shaped demo dataset, loaded as scripts/run loads it."""
        password = os.path.join(cls.sys.dir, "admin-password")
        with open(password, "w") as f:
            f.write(cls.sys.admin_password)
        os.chmod(password, 0o600)
        subprocess.run(
            ["bash", "-c", 'source "$0/scripts/lib/common.sh" && atlas_load_demo_stats "$@"', ROOT,
             cls.sys.url, cls.sys.build, cls.sys.dir, f"127.0.0.1:{cls.sys.ports['stats'][0]}",
             password], check=True, timeout=180)

    def query(self, qs, token=None, lang="en"):
        headers = {"Accept-Language": lang}
        if token:
            headers["Authorization"] = "Bearer " + token
        return self.sys.get("/v1/datasets/undesa-ims-2020:query?" + qs, headers=headers,
                            as_admin=False)

    def test_catalogue_lists_every_shipped_table_with_its_source(self):
        r = self.sys.get("/v1/datasets", as_admin=False, headers={"Accept-Language": "ar"})
        self.assertEqual(r.status, 200, r.body)
        ds = {d["name"]: d for d in r.json()["datasets"]}
        self.assertEqual(set(ds), {"datasets/undesa-ims-2020", "datasets/undesa-ims-2024",
                                   "datasets/wb-bilateral-2013", "datasets/wb-gbmd-1960-2000",
                                   "datasets/consular-2004", "datasets/dioc-demo"})
        un = ds["datasets/undesa-ims-2020"]
        self.assertIn("International Migrant Stock 2020", un["source"])
        self.assertIn("المهاجرون المغاربة", un["title"])
        self.assertEqual(un["observationCount"], "1449")
        one = self.sys.get("/v1/datasets/undesa-ims-2020", as_admin=False).json()
        sexes = [c["id"] for c in one["dimensions"][1]["codes"]]
        self.assertEqual(sorted(sexes), ["F", "M", "_T"])

    def test_the_demo_dioc_table_is_loaded_once_labelled_and_calibrated(self):
        d = self.sys.get("/v1/datasets/dioc-demo", as_admin=False).json()
        self.assertTrue(d["demo"])
        self.assertEqual(d["releasedVersion"], 1)
        self.assertEqual(d["observationCount"], "16265")
        self.assertIn("demo", d["source"])
        self.assertEqual([x["id"] for x in d["dimensions"]],
                         ["REF_AREA", "SEX", "AGE", "EDUCATION", "LABOUR", "OCCUPATION",
                          "DURATION", "TIME_PERIOD"])
        analyst = {"Authorization": "Bearer " + self.tokens["analyst"]}
        q = self.sys.get("/v1/datasets/dioc-demo:query?groupBy=EDUCATION&totals=true",
                         as_admin=False, headers=analyst).json()
        self.assertEqual(q["margins"][0]["value"], "2600000")  # every generated record
        high = {c["key"][0]: int(c["value"]) for c in q["cells"]}["ISCED11_5T8"]
        self.assertTrue(450_000 < high < 560_000, high)       # ~500 000 tertiary (OECD 2017)
        # Loading again (scripts/run twice) makes no new version.
        self.load_demo_stats()
        versions = self.sys.get("/v1/datasets/dioc-demo/versions", as_admin=False).json()
        self.assertEqual([v["version"] for v in versions["versions"]], [1])
        # One country's pyramid: protected for the public, margins published.
        pub = self.sys.get("/v1/datasets/dioc-demo:query?groupBy=AGE,SEX&filter=REF_AREA%3DFRA"
                           "&totals=true", as_admin=False).json()
        self.assertEqual(len(pub["cells"]), 10)
        self.assertFalse(pub["disclosure"]["exact"])
        self.assertTrue(all(int(c["value"]) % 5 == 0 for c in pub["cells"]))

    def test_the_catalogue_of_sources_is_public_and_analysts_edit_it_one_revision_at_a_time(self):
        r = self.sys.get("/v1/dataSources", as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        sources = {s["name"]: s for s in r.json()["dataSources"]}
        self.assertIn("dataSources/oecd-dioc", sources)
        un = sources["dataSources/undesa-ims"]
        self.assertEqual(un["datasets"], ["datasets/undesa-ims-2020", "datasets/undesa-ims-2024"])
        self.assertEqual(un["etag"], "r1")
        self.assertIn("رصيد المهاجرين", un["title"]["ar"])
        d = self.sys.get("/v1/datasets/consular-2004", as_admin=False).json()
        self.assertEqual(d["dataSource"], "dataSources/consular-registrations")

        path = "/v1/dataSources/eurostat-migration?updateMask=period"
        change = {"period": "2008–2025", "etag": "r1"}
        self.assertEqual(self.sys.request("PATCH", path, change, as_admin=False).status, 401)
        editor = {"Authorization": "Bearer " + self.tokens["editor"]}
        self.assertEqual(self.sys.request("PATCH", path, change, headers=editor,
                                          as_admin=False).status, 403)
        analyst = {"Authorization": "Bearer " + self.tokens["analyst"], "Accept-Language": "fr"}
        r = self.sys.request("PATCH", path, change, headers=analyst, as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual((r.json()["period"], r.json()["etag"]), ("2008–2025", "r2"))
        # A second analyst who read r1 does not overwrite the first one's change.
        stale = self.sys.request("PATCH", "/v1/dataSources/eurostat-migration?updateMask=holder",
                                 {"holder": "Eurostat (Luxembourg)", "etag": "r1"},
                                 headers=analyst, as_admin=False)
        self.assertEqual(stale.status, 409, stale.body)
        self.assertEqual(self.sys.get("/v1/dataSources/eurostat-migration", as_admin=False)
                         .json()["holder"], "Eurostat")
        bad = self.sys.request("PATCH", "/v1/dataSources/eurostat-migration?updateMask=url,frequency",
                               {"url": "javascript:alert(1)", "frequency": "WEEKLY", "etag": "r2"},
                               headers=analyst, as_admin=False)
        self.assertEqual(bad.status, 400, bad.body)
        fields = [v["field"] for v in bad.json()["details"][0]["fieldViolations"]]
        self.assertEqual(fields, ["frequency", "url"])
        self.assertIn("doit être", bad.body)
        new = {"holder": "Haut-Commissariat au Plan",
               "title": {"fr": "Enquête nationale sur la migration internationale"},
               "period": "2018–2019", "frequency": "ONE_OFF"}
        r = self.sys.post("/v1/dataSources?dataSourceId=hcp-enmi", new, headers=analyst,
                          as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(self.sys.post("/v1/dataSources?dataSourceId=hcp-enmi", new,
                                       headers=analyst, as_admin=False).status, 409)
        self.assertEqual(self.sys.get("/v1/dataSources/no-such", as_admin=False).status, 404)

    def coverage(self, token=None):
        headers = {"Authorization": "Bearer " + token} if token else {}
        r = self.sys.get("/v1/datasets/undesa-ims-2020:projectCoverage?period=2020",
                         headers=headers, as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    def test_persons_per_active_project_follow_the_registry_events(self):
        def count(c, country):
            row = next((x for x in c["countries"] if x["country"] == country), {})
            return row.get("activeProjects", 0)
        before = self.coverage()
        # A draft is not public: it counts nowhere.
        p = self.sys.post("/v1/projects", {"title": {"fr": "Compétences MRE Islande (test)"},
                                           "themes": ["skills"], "regionCodes": ["MA-02"],
                                           "status": "IMPLEMENTATION",
                                           "diasporaCountries": ["ISL", "NOR"]})
        self.assertEqual(p.status, 200, p.body)
        name = p.json()["name"]
        for verb in (":submit", ":publish"):
            self.assertEqual(self.sys.post(f"/v1/{name}{verb}", {}).status, 200)
        self.sys.wait(lambda: count(self.coverage(), "ISL") == count(before, "ISL") + 1, 15,
                      "the published project in the coverage")
        c = self.coverage()
        isl = next(x for x in c["countries"] if x["country"] == "ISL")
        self.assertEqual(isl["label"], "Iceland")
        self.assertIn("personsPerProject", isl)
        self.assertFalse(c["disclosure"]["exact"])
        self.assertEqual(int(isl["persons"]) % 5, 0)
        # Countries without projects come after, ranked by persons.
        without = [x for x in c["countries"] if x.get("activeProjects", 0) == 0]
        persons = [int(x.get("persons", -1)) for x in without]
        self.assertEqual(persons, sorted(persons, reverse=True))
        exact = self.coverage(self.tokens["analyst"])
        self.assertTrue(exact["disclosure"]["exact"])
        # Archived: no longer public, no longer counted.
        self.assertEqual(self.sys.post(f"/v1/{name}:archive", {}).status, 200)
        self.sys.wait(lambda: count(self.coverage(), "ISL") == count(before, "ISL"), 15,
                      "the archived project out of the coverage")
        bad = self.sys.get("/v1/datasets/undesa-ims-2020:projectCoverage?period=1999",
                           headers={"Accept-Language": "ar"}, as_admin=False)
        self.assertEqual(bad.status, 400, bad.body)
        self.assertEqual(bad.json()["details"][0]["fieldViolations"][0]["field"], "period")

    def test_public_figures_are_protected_and_analysts_see_exact_ones(self):
        qs = "groupBy=REF_AREA&filter=TIME_PERIOD%3D2020&totals=true&top=5"
        pub = self.query(qs, lang="fr")
        self.assertEqual(pub.status, 200, pub.body)
        body = pub.json()
        self.assertFalse(body["disclosure"]["exact"])
        self.assertEqual([c["key"][0] for c in body["cells"]][:3], ["FRA", "ESP", "ITA"])
        self.assertEqual(body["cells"][0]["labels"][0], "France")
        for c in body["cells"] + body["margins"]:
            self.assertEqual(int(c["value"]) % 5, 0, c)
        exact = self.query(qs, token=self.tokens["analyst"]).json()
        self.assertTrue(exact["disclosure"]["exact"])
        self.assertEqual(exact["margins"][0]["value"], "3262222")  # SOURCES.md's 2020 total
        self.assertLess(abs(int(body["margins"][0]["value"]) - 3262222), 5)
        # The same cell, asked another way, has the same protected value.
        fra = self.query("filter=REF_AREA%3DFRA&filter=TIME_PERIOD%3D2020").json()
        self.assertEqual(fra["cells"][0]["value"], body["cells"][0]["value"])

    def test_bad_queries_name_the_field_in_the_callers_language(self):
        r = self.query("groupBy=AGE&filter=REF_AREA%3DXXX&startPeriod=3000", lang="fr")
        self.assertEqual(r.status, 400, r.body)
        fields = {v["field"] for v in r.json()["details"][0]["fieldViolations"]}
        self.assertEqual(fields, {"groupBy", "filter", "startPeriod"})
        self.assertIn("n'est pas une dimension", r.body)
        self.assertEqual(self.query("filter=TIME_PERIOD%3D1990%2B2020").status, 400)
        self.assertEqual(self.sys.get("/v1/datasets/nope:query", as_admin=False).status, 404)
        self.assertEqual(self.sys.get("/sdmx/2.1/data/undesa-ims-2020/FRA.M.X",
                                      as_admin=False).status, 400)

    def test_sdmx_csv_matches_the_json_api(self):
        r = self.sys.get("/sdmx/2.1/data/undesa-ims-2020/FRA+ESP.F?startPeriod=2020",
                         as_admin=False, headers={"Accept": "application/vnd.sdmx.data+csv"})
        self.assertEqual(r.status, 200, r.body)
        self.assertIn("application/vnd.sdmx.data+csv", r.headers["Content-Type"])
        rows = list(csv.DictReader(io.StringIO(r.body)))
        self.assertEqual(len(rows), 2)
        cell = self.query("filter=REF_AREA%3DESP&filter=SEX%3DF&filter=TIME_PERIOD%3D2020").json()
        esp = next(row for row in rows if row["REF_AREA"] == "ESP")
        self.assertEqual(esp["OBS_VALUE"], cell["cells"][0]["value"])
        self.assertIn(esp["OBS_CONF"], ("R", "S"))

    def test_an_analyst_imports_releases_and_the_public_reads_the_new_version(self):
        path = "/v1/datasets/consular-2004/versions:import"
        good = ("REF_AREA,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS\n"
                "FRA,_T,2005,1120000,P\nESP,_T,2005,430000,P\n")
        body = {"data": base64.b64encode(good.encode()).decode()}
        self.assertIn(self.sys.post(path, body, as_admin=False).status, (401, 403))
        analyst = {"Authorization": "Bearer " + self.tokens["analyst"], "Accept-Language": "fr"}
        bad = {"data": base64.b64encode(b"REF_AREA,SEX,TIME_PERIOD,OBS_VALUE\nFRA,_T,2005,x\nZZZ,_T,2005,1\n").decode()}
        r = self.sys.post(path, bad, headers=analyst, as_admin=False)
        self.assertEqual(r.status, 400, r.body)
        fields = [v["field"] for v in r.json()["details"][0]["fieldViolations"]]
        self.assertEqual(fields, ["rows[2].OBS_VALUE", "rows[3].REF_AREA"])
        self.assertIn("n'est pas un code de CL_AREA", r.body)
        r = self.sys.post(path, body, headers=analyst, as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["version"], 2)
        self.assertTrue(r.json()["created"])
        again = self.sys.post(path, body, headers=analyst, as_admin=False).json()
        self.assertEqual((again["version"], again["created"]), (2, False))
        # A draft: the public sees one version, analysts two.
        public = self.sys.get("/v1/datasets/consular-2004/versions", as_admin=False).json()
        self.assertEqual([v["state"] for v in public["versions"]], ["released"])
        r = self.sys.post("/v1/datasets/consular-2004/versions/2:release", {}, headers=analyst,
                          as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["state"], "released")
        again = self.sys.post("/v1/datasets/consular-2004/versions/2:release", {},
                              headers=analyst, as_admin=False)
        self.assertEqual(again.status, 400, again.body)  # FAILED_PRECONDITION
        q = self.sys.get("/v1/datasets/consular-2004:query?groupBy=REF_AREA", as_admin=False,
                         headers={"Authorization": "Bearer " + self.tokens["analyst"]}).json()
        self.assertEqual(q["version"], 2)
        self.assertEqual({c["key"][0]: c["value"] for c in q["cells"]},
                         {"FRA": "1120000", "ESP": "430000"})
        old = self.sys.get("/v1/datasets/consular-2004:query?version=1&filter=REF_AREA%3DFRA",
                           as_admin=False).json()
        self.assertEqual(old["version"], 1)

    def test_atlasctl_streams_an_sdmx_csv_file_as_a_new_version(self):
        # An analyst's SDMX-CSV export of one dataset imports back as its next version.
        export = self.sys.get("/v1/datasets/undesa-ims-2024", as_admin=False)
        self.assertEqual(export.status, 200)
        csv_text = self.sys.get("/sdmx/2.1/data/undesa-ims-2024?format=csv", as_admin=False,
                                headers={"Authorization": "Bearer " + self.tokens["analyst"]}).body
        csv_text += "MA.MRE:undesa-ims-2024(1.0),DEU,_T,2025,200000,P,F,\r\n"
        path = os.path.join(self.sys.dir, "un2024.csv")
        with open(path, "w") as f:
            f.write(csv_text)
        token = os.path.join(self.sys.dir, "analyst-token")
        with open(token, "w") as f:
            f.write(self.tokens["analyst"])
        os.chmod(token, 0o600)
        out = subprocess.run(
            [os.path.join(self.sys.build, "tools", "atlasctl"), "--token-file", token,
             "--stats-addr", f"127.0.0.1:{self.sys.ports['stats'][0]}",
             "stats", "import", path, "--dataset", "undesa-ims-2024", "--sdmx"],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        report = json.loads(out.stdout)
        self.assertEqual(report["observations"], "60")
        self.assertTrue(report["created"])
        bad = subprocess.run(
            [os.path.join(self.sys.build, "tools", "atlasctl"), "--token-file", token,
             "--stats-addr", f"127.0.0.1:{self.sys.ports['stats'][0]}",
             "stats", "import", path, "--dataset", "undesa-ims-2024"],  # not long CSV
            capture_output=True, text=True, timeout=60)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("DATAFLOW", bad.stderr)

    @unittest.skipUnless(WEB, "no built web app (ATLAS_TEST_WEB_ROOT): run through scripts/test")
    def test_the_pages_in_french_and_arabic(self):
        # A public demo project for France: the page's projects table has a row.
        p = self.sys.post("/v1/projects", {"title": {"fr": "Guichet MRE France (démo, test)"},
                                           "themes": ["skills"], "regionCodes": ["MA-02"],
                                           "status": "IMPLEMENTATION", "demo": True,
                                           "diasporaCountries": ["FRA"]})
        self.assertEqual(p.status, 200, p.body)
        for verb in (":submit", ":publish"):
            self.assertEqual(self.sys.post(f"/v1/{p.json()['name']}{verb}", {}).status, 200)
        self.sys.wait(lambda: any(x["country"] == "FRA" and x.get("demoProjects")
                                  for x in self.coverage()["countries"]), 15, "FRA's project")
        fixtures = os.path.join(self.sys.dir, "stats-fixtures.json")
        with open(fixtures, "w") as f:
            json.dump({"password": PASSWORD}, f)  # the analyst's, for the workspace
        artifacts = os.path.join(self.sys.build, "test-artifacts", "stats")
        out = subprocess.run(["node", os.path.join(ROOT, "web", "tests", "stats.test.mjs"), self.sys.url,
                              artifacts, fixtures], capture_output=True, text=True, timeout=180)
        print(out.stdout)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr[-2000:])

    @unittest.skipUnless(R, "Rscript (Debian r-base-core, with r-cran-rsdmx) is not installed")
    def test_rsdmx_reads_flows_structure_and_data(self):
        script = f"""
suppressMessages(library(rsdmx))
base <- "{self.sys.url}/sdmx/2.1"
flows <- as.data.frame(readSDMX(paste0(base, "/dataflow/MA.MRE")))
dsd <- readSDMX(paste0(base, "/datastructure/MA.MRE/DSD_undesa-ims-2020"))
cls <- sapply(slot(slot(dsd, "codelists"), "codelists"), function(x) slot(x, "id"))
areas <- as.data.frame(slot(dsd, "codelists"), codelistId = "CL_AREA")
data <- as.data.frame(readSDMX(paste0(base, "/data/undesa-ims-2020/FRA+ESP+ITA._T?startPeriod=2010&endPeriod=2020")))
cat(jsonlite_like <- paste0('{{"flows":[', paste0('"', flows$id, '"', collapse=","), '],',
  '"codelists":[', paste0('"', cls, '"', collapse=","), '],',
  '"fra":"', areas[areas$id == "FRA", "label.fr"], '",',
  '"obs":[', paste0('["', data$REF_AREA, '","', data$obsTime, '",', data$obsValue, ']', collapse=","), ']}}'))
"""
        out = subprocess.run([R, "-e", script], capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr[-2000:])
        line = next(l for l in out.stdout.splitlines() if l.startswith('{"flows"'))
        got = json.loads(line.replace("> ", ""))
        self.assertEqual(len(got["flows"]), 6)  # with the demo table
        self.assertIn("undesa-ims-2020", got["flows"])
        self.assertIn("CL_AREA", got["codelists"])
        self.assertIn("CL_SEX", got["codelists"])
        self.assertEqual(got["fra"], "France")
        self.assertEqual(len(got["obs"]), 3 * 3)  # 3 areas x 2010, 2015, 2020
        for area, year, value in got["obs"]:
            cell = self.query(f"filter=REF_AREA%3D{area}&filter=TIME_PERIOD%3D{year}").json()
            self.assertEqual(int(cell["cells"][0]["value"]), value, (area, year))


if __name__ == "__main__":
    unittest.main()
