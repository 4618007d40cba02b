"""HTTP caching of public reads (issue 22, docs/operations.md "Caches in
front"): every public GET answers with a strong validator, 304 to a matching
If-None-Match (also the gzip form's), a policy a CDN or the ingress may
follow (public, s-maxage; stale-while-revalidate for CDNs only, in
CDN-Cache-Control; browsers revalidate) and an
exact Vary; answers to a caller with credentials are private; a change gives
a new validator, so a revalidating cache never keeps a stale answer.

And the gateway's own cache of anonymous answers: a second gateway replica
(B) serves the projects, the map, the vocabularies, the statistics and the
organisations from memory; a write made through the first (A) reaches B only
as events, and B never answers stale once they arrived (≤ 1 s for projects,
themes, dataset releases and organisations; the map when geo announces its
new generation); an editor's draft never enters an anonymous answer."""
import base64
import json
import os
import subprocess
import time
import urllib.parse
import urllib.request

from accounts import create_accounts
from harness import SystemTestCase, System, free_port

PUBLIC = "public, max-age=0, s-maxage=5"
CDN = "max-age=5, stale-while-revalidate=30"


class HttpCachingTest(SystemTestCase):
    @classmethod
    def setUpClass(cls):
        ref = os.environ.get("ATLAS_TEST_GEO_REFERENCE_FILE")
        if not ref:
            raise RuntimeError("run through scripts/test (ATLAS_TEST_GEO_REFERENCE_FILE)")
        cls.sys = System().start(extra_env={"geo": {"ATLAS_GEO_REFERENCE_FILE": ref},
                                            "gateway": {"ATLAS_RATE_LIMIT_IP_RPS": "0",
                                                        "ATLAS_RATE_LIMIT_TOKEN_RPS": "0"}})
        cls.addClassCleanup(cls.sys.stop)
        cls.tokens, _ = create_accounts(cls.sys)
        cls.id = cls.publish("Maison de l'investissement, Oujda")
        # Replica B: the same build, database, NATS and keys; its own ports.
        cls.b_port, cls.b_metrics = free_port(), free_port()
        env = cls.sys.process_env("gateway", {
            "ATLAS_GATEWAY_HTTP_PORT": str(cls.b_port), "ATLAS_GATEWAY_METRICS_PORT": str(cls.b_metrics),
            "ATLAS_GATEWAY_GRPC_PORT": str(free_port()), "ATLAS_RATE_LIMIT_IP_RPS": "0",
            "ATLAS_RATE_LIMIT_TOKEN_RPS": "0"})
        with open(os.path.join(cls.sys.dir, "gateway-b.log"), "ab") as log:
            cls.sys.procs["gateway-b"] = subprocess.Popen(
                [os.path.join(cls.sys.build, "gateway", "atlas-gateway")], env=env, stdout=log,
                stderr=log)
        cls.sys.wait(lambda: cls.b("/readyz")[0] == 200, 30, "replica B ready")

    @classmethod
    def b(cls, path, token=None):
        """GET through replica B: (status, body)."""
        req = urllib.request.Request(f"http://127.0.0.1:{cls.b_port}{path}",
                                     headers={"Authorization": "Bearer " + token} if token else {})
        try:
            with urllib.request.urlopen(req, timeout=15) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()
        except OSError:
            return 0, ""

    def b_hits(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.b_metrics}/metrics", timeout=5) as r:
            for line in r.read().decode().splitlines():
                if line.startswith('atlas_http_cache_lookups_total{result="hit"}'):
                    return float(line.split()[-1])
        return 0.0

    def a(self, method, path, body, role):
        r = self.sys.request(method, path, body, headers={"Authorization": "Bearer " + self.tokens[role]},
                             as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    @classmethod
    def publish(cls, title):
        auth = lambda role: {"Authorization": "Bearer " + cls.tokens[role]}
        body = {"title": {"fr": title}, "themes": ["investment"], "regionCodes": ["MA-02"],
                "status": "IMPLEMENTATION", "currency": "EUR", "demo": True,
                "budget": [{"year": 2025, "amount": 1000}],
                "location": {"latitude": 34.68, "longitude": -1.91}}
        r = cls.sys.request("POST", "/v1/projects", body, headers=auth("editor"), as_admin=False)
        assert r.status == 200, r.body
        name = r.json()["name"]
        for path, role in ((f"/v1/{name}:submit", "editor"), (f"/v1/{name}:publish", "validator")):
            r = cls.sys.request("POST", path, {}, headers=auth(role), as_admin=False)
            assert r.status == 200, r.body
        return name.split("/", 1)[1]

    def routes(self):
        p = self.id
        return ["/v1/projects", "/v1/projects?q=investissement&themes=investment",
                f"/v1/projects/{p}", f"/v1/projects/{p}:similar", f"/v1/projects/{p}/evaluations",
                "/v1/vocabularies", "/v1/organisations", "/v1/map/projects?bbox=-17,20,-1,36&zoom=5",
                "/v1/map/locations?bbox=-17,20,-1,36", "/v1/map/areas?level=region&metric=count",
                "/v1/tiles/boundaries/4/7/6.mvt",
                "/v1/tiles/boundaries/tilejson.json", "/v1/datasets", "/v1/dataSources",
                "/v1/programmes", "/v1/programmings", "/sdmx/2.1/dataflow", "/v1/maisons",
                "/v1/maisons:export?format=geojson"]

    def test_every_public_read_has_a_validator_a_shared_cache_policy_and_answers_304(self):
        s = self.sys
        for path in self.routes():
            with self.subTest(path=path):
                r = s.get(path, as_admin=False)
                self.assertEqual(r.status, 200, r.body[:300])
                etag = r.headers.get("ETag", "")
                self.assertRegex(etag, r'^"[^"]+"$')
                policy = r.headers.get("Cache-Control", "")
                if path.startswith("/v1/projects") or path in ("/v1/vocabularies", "/v1/datasets"):
                    self.assertEqual(policy, PUBLIC)
                    self.assertEqual(r.headers.get("CDN-Cache-Control"), CDN)
                else:  # geo and SDMX set their own public policy, which is kept
                    self.assertTrue(policy.startswith("public"), policy)
                vary = [v.strip() for v in r.headers.get("Vary", "").split(",")]
                for header in ("Accept-Encoding", "Accept-Language", "Authorization"):
                    self.assertIn(header, vary)
                again = s.get(path, as_admin=False, headers={"If-None-Match": etag})
                for _ in range(20):  # the data moved meanwhile (geo applying an earlier
                    if again.status != 200 or again.headers.get("ETag") == etag:  # test's event)
                        break
                    etag = again.headers["ETag"]
                    time.sleep(0.25)
                    again = s.get(path, as_admin=False, headers={"If-None-Match": etag})
                self.assertEqual(again.status, 304)
                self.assertEqual(again.raw, b"")
                self.assertEqual(again.headers.get("ETag"), etag)
                # The gzip form has its own validator, which revalidates too.
                z = s.get(path, as_admin=False, headers={"Accept-Encoding": "gzip"})
                if z.headers.get("Content-Encoding") == "gzip":
                    self.assertTrue(z.headers["ETag"].endswith('-gz"'), z.headers["ETag"])
                    self.assertEqual(s.get(path, as_admin=False, headers={
                        "Accept-Encoding": "gzip", "If-None-Match": z.headers["ETag"]}).status, 304)
                # A stale validator gets the whole answer.
                self.assertEqual(s.get(path, as_admin=False,
                                       headers={"If-None-Match": '"0000000000000000"'}).status, 200)

    def test_answers_to_a_caller_with_credentials_are_private(self):
        for path in ["/v1/projects", f"/v1/projects/{self.id}", "/v1/vocabularies", "/v1/datasets"]:
            with self.subTest(path=path):
                r = self.sys.get(path, headers={"Authorization": "Bearer " + self.tokens["editor"]},
                                 as_admin=False)
                self.assertEqual(r.status, 200)
                self.assertEqual(r.headers.get("Cache-Control"), "private, no-cache")
                self.assertIn("ETag", r.headers)

    def test_a_change_changes_the_validator_so_a_revalidating_cache_is_never_stale(self):
        s = self.sys
        before = s.get("/v1/projects", as_admin=False)
        self.publish("Incubateur de la diaspora, Nador")
        after = s.get("/v1/projects", as_admin=False, headers={"If-None-Match": before.headers["ETag"]})
        self.assertEqual(after.status, 200)
        self.assertNotEqual(after.headers["ETag"], before.headers["ETag"])
        self.assertEqual(after.json()["totalSize"], before.json()["totalSize"] + 1)

    def test_errors_are_never_stored(self):
        r = self.sys.get("/v1/projects/" + "0" * 8 + "-0000-4000-8000-" + "0" * 12, as_admin=False)
        self.assertEqual(r.status, 404)
        self.assertEqual(r.headers.get("Cache-Control"), "no-store")
        self.assertNotIn("ETag", r.headers)

    # --- the cache of replica B against writes made through replica A ---

    def test_b_never_answers_stale_after_the_event_of_a_write_through_a(self):
        p, other = self.id, self.publish("Réseau des femmes de la diaspora, Nador")
        reads = [f"/v1/projects/{p}", f"/v1/projects/{other}", "/v1/projects",
                 "/v1/projects?q=diaspora", "/v1/projects?themes=investment&orderBy=title",
                 f"/v1/projects/{p}:similar"]
        self.warm_b(reads)
        # Through A: a new public title for the first, the second archived.
        new_title = "Maison de l'investissement des MRE, Oujda"
        etag = self.a("GET", f"/v1/projects/{p}", None, "editor")["etag"]
        self.a("PATCH", f"/v1/projects/{p}?updateMask=title.fr", {"title": {"fr": new_title}, "etag": etag},
               "editor")
        self.a("POST", f"/v1/projects/{p}:submit", {}, "editor")
        self.a("POST", f"/v1/projects/{p}:publish", {}, "validator")
        self.a("POST", f"/v1/projects/{other}:archive", {}, "validator")
        written = time.monotonic()
        fresh = {
            f"/v1/projects/{p}": lambda status, body: status == 200 and new_title in body,
            f"/v1/projects/{other}": lambda status, body: status == 404,
            "/v1/projects": lambda status, body: new_title in body and other not in body,
            "/v1/projects?q=diaspora": lambda status, body: status == 200 and other not in body,
            "/v1/projects?themes=investment&orderBy=title": lambda status, body: new_title in body,
        }
        self.assert_fresh_on_b_within_1s(written, fresh)

    def warm_b(self, reads):
        """Reads each path on B until a second read is a cache hit (an earlier
        test's event may drop an answer meanwhile: then again)."""
        for _ in range(20):
            for path in reads:
                self.assertEqual(self.b(path)[0], 200, path)
            before = self.b_hits()
            for path in reads:
                self.b(path)
            if self.b_hits() - before >= len(reads):
                return
            time.sleep(0.2)
        self.fail(f"B did not answer {reads} from memory")

    def assert_fresh_on_b_within_1s(self, written, fresh):
        for path, ok in fresh.items():
            while True:
                status, body = self.b(path)
                if ok(status, body) or time.monotonic() - written > 1.0:
                    break
                time.sleep(0.02)
            self.assertTrue(ok(status, body),
                            f"{path} still stale on B 1 s after the write: {status} {body[:300]}")

    def test_b_follows_themes_dataset_releases_data_sources_and_organisations_written_through_a(self):
        dataset = "/v1/datasets/consular-2004"
        source = "/v1/dataSources/eurostat-migration"
        reads = ["/v1/vocabularies", "/v1/organisations?pageSize=200", dataset,
                 dataset + ":query?groupBy=REF_AREA", dataset + "/versions",
                 "/sdmx/2.1/dataflow", "/v1/datasets", "/v1/dataSources", source]
        released = json.loads(self.b(dataset)[1])["releasedVersion"]
        self.warm_b(reads)
        # Through A: a theme relabelled, an organisation created, a version
        # of a dataset imported and released.
        theme = self.a("GET", "/v1/themes", None, "admin")["themes"][0]
        label = theme["label"]["fr"] + " (relibellé)"
        self.a("PATCH", f"/v1/{theme['name']}?updateMask=label.fr",
               {"label": {"fr": label}, "etag": theme["etag"]}, "admin")
        self.a("POST", "/v1/organisations?organisationId=cache-follow-org",
               {"displayNameFr": "Association suivie par le cache", "kind": "DIASPORA_ASSOCIATION",
                "country": "MAR"}, "admin")
        rows = "REF_AREA,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS\nFRA,_T,2006,1130000,P\n"
        version = self.a("POST", dataset + "/versions:import",
                         {"data": base64.b64encode(rows.encode()).decode()}, "analyst")["version"]
        self.assertGreater(version, released)
        self.a("POST", f"{dataset}/versions/{version}:release", {}, "analyst")
        # A data source edited (its own event: atlas.stats.data_source.updated).
        etag = json.loads(self.b(source)[1])["etag"]
        self.a("PATCH", f"{source}?updateMask=period", {"period": "2008–2026 (cache)", "etag": etag},
               "analyst")
        written = time.monotonic()
        self.assert_fresh_on_b_within_1s(written, {
            "/v1/vocabularies": lambda status, body: label in body,
            "/v1/organisations?pageSize=200": lambda status, body: "cache-follow-org" in body,
            dataset: lambda status, body: json.loads(body)["releasedVersion"] == version,
            dataset + ":query?groupBy=REF_AREA":
                lambda status, body: json.loads(body)["version"] == version,
            dataset + "/versions": lambda status, body: body.count('"released"') >= 2,
            source: lambda status, body: "2008–2026 (cache)" in body,
            "/v1/dataSources": lambda status, body: "2008–2026 (cache)" in body,
        })

    def test_b_follows_the_maisons_directory_written_through_a(self):
        """A Maison des Marocains du Monde created, renamed and deleted through A: B's cached
        directory, entry and export follow within 1 s (atlas.registry.maison.*)."""
        m = self.a("POST", "/v1/maisons", {"maison": {
            "title": {"fr": "Maison suivie par le cache (test)", "ar": "دار يتبعها التخزين (اختبار)"},
            "regionCode": "MA-02", "location": {"latitude": 34.68, "longitude": -1.91}, "demo": True}},
            "validator")
        entry, export = f"/v1/{m['name']}", "/v1/maisons:export?format=geojson&regionCode=MA-02"
        reads = ["/v1/maisons", "/v1/maisons?regionCode=MA-02", entry, export]
        self.warm_b(reads)
        self.a("PATCH", f"{entry}?updateMask=title.fr", {"title": {"fr": "Maison renommée (cache)"},
                                                          "etag": m["etag"]}, "validator")
        written = time.monotonic()
        renamed = lambda status, body: status == 200 and "Maison renommée (cache)" in body
        self.assert_fresh_on_b_within_1s(written, {path: renamed for path in reads})
        self.warm_b(reads)
        self.a("DELETE", f"{entry}?etag=r2", None, "validator")
        written = time.monotonic()
        gone = lambda status, body: "Maison renommée (cache)" not in body
        self.assert_fresh_on_b_within_1s(written, {path: gone for path in reads})
        self.assertEqual(self.b(entry)[0], 404)

    def test_b_follows_the_project_coverage_once_stats_has_applied_a_publication(self):
        """A dataset's project coverage is cached until stats says it applied a registry event
        that changed it (atlas.stats.coverage.updated), not on the registry's own event."""
        path = "/v1/datasets/consular-2004:projectCoverage"
        count = lambda body: next((c.get("activeProjects", 0) for c in json.loads(body)["countries"]
                                   if c["country"] == "BEL"), 0)
        before = count(self.b(path)[1])
        self.warm_b([path])
        auth = {"Authorization": "Bearer " + self.tokens["editor"]}
        r = self.sys.request("POST", "/v1/projects", {
            "title": {"fr": "Projet pour la Belgique (cache)"}, "themes": ["skills"],
            "regionCodes": ["MA-02"], "status": "IMPLEMENTATION", "demo": True,
            "diasporaCountries": ["BEL"]}, headers=auth, as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        name = r.json()["name"]
        self.a("POST", f"/v1/{name}:submit", {}, "editor")
        self.a("POST", f"/v1/{name}:publish", {}, "validator")
        written = time.monotonic()
        while count(self.b(path)[1]) != before + 1 and time.monotonic() - written < 5:
            time.sleep(0.02)
        self.assertEqual(count(self.b(path)[1]), before + 1, "B still serves the old coverage")
        print(f"coverage fresh on B {time.monotonic() - written:.2f} s after the publication")

    def test_b_follows_the_programmes_once_indicators_announced_the_change(self):
        """Programme answers are cached on B until an indicators event: a value measured
        (indicator.measured), an indicator defined and a project linked (programme.changed);
        a linked project's public title edited in the registry reaches B's action page only
        once indicators applied it (programme.changed project_updated: the registry's own
        event, which B also receives, does not drop the programmes)."""
        root = os.path.join(os.path.dirname(__file__), "..", "..")
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.sys.pg_url(), "-f",
                        os.path.join(root, "data", "demo", "programmes.sql")],
                       check=True, capture_output=True, timeout=60)  # as scripts/run loads it
        name = self.publish("Guichet des compétences MRE, Berkane")
        dash, action = "/v1/programmes/demo-105:dashboard", "/v1/actions/demo-105-a01"
        chrono, versions = "/v1/programmes/demo-105:chronogramme", "/v1/programmings"
        self.sys.wait(lambda: self.b(dash)[0] == 200, 20, "the programme answers")
        find = lambda body, ind: next(i for o in json.loads(body)["objectives"]
                                      for i in o["indicators"]
                                      if i["name"] == f"indicators/demo-105-{ind}")
        point = lambda body: next((p for p in find(body, "projects")["points"]
                                   if p["year"] == 2026), {}).get("value")
        self.warm_b([dash, action, chrono, versions, "/v1/programmes"])
        # Through A: a value recorded and a target defined (analyst), a project linked.
        self.a("POST", "/v1/indicators/demo-105-projects/measurements",
               {"year": 2026, "value": 7, "source": "Rapport annuel (cache)", "date": "2027-01-15"},
               "analyst")
        ind = find(json.dumps(self.a("GET", dash, None, "analyst")), "agreements")
        self.a("POST", "/v1/indicators/demo-105-agreements:define",
               {"version": "programmings/1", "unit": ind["unit"], "direction": ind["direction"],
                "source": "Rapport annuel (cache)", "baselineYear": ind["baselineYear"],
                "baseline": ind["baseline"], "targets": [{"year": 2026, "value": 77}],
                "etag": ind["etag"]}, "analyst")
        self.sys.wait(lambda: self.sys.post(f"{action}:linkProject", {"project": f"projects/{name}"},
                                            headers={"Authorization": "Bearer " + self.tokens["analyst"]},
                                            as_admin=False).status == 200, 15, "the project linked")
        written = time.monotonic()
        self.assert_fresh_on_b_within_1s(written, {
            dash: lambda status, body: point(body) == 7 and
            any(t.get("value") == 77 for t in find(body, "agreements").get("targets", [])),
            action: lambda status, body: f"projects/{name}" in body,
        })
        # The linked project renamed and published again, through A.
        self.warm_b([dash, action])
        renamed = "Guichet des compétences MRE, Berkane (renommé)"
        etag = self.a("GET", f"/v1/projects/{name}", None, "editor")["etag"]
        self.a("PATCH", f"/v1/projects/{name}?updateMask=title.fr",
               {"title": {"fr": renamed}, "etag": etag}, "editor")
        self.a("POST", f"/v1/projects/{name}:submit", {}, "editor")
        self.a("POST", f"/v1/projects/{name}:publish", {}, "validator")
        written = time.monotonic()
        while renamed not in self.b(action)[1] and time.monotonic() - written < 5:
            time.sleep(0.02)
        self.assertIn(renamed, self.b(action)[1], "B still shows the action's old project title")
        print(f"action page fresh on B {time.monotonic() - written:.2f} s after the publication")

    def test_the_map_on_b_follows_geo_s_new_generation(self):
        box = "/v1/map/projects?bbox=-17,20,-1,36&zoom=5"
        total = lambda: __import__("json").loads(self.b(box)[1])["total"]
        self.sys.wait(lambda: total() >= 1, 20, "the map has the first project")
        first = total()
        self.assertEqual(total(), first)  # from memory now
        self.publish("Guichet des investisseurs, Nador")
        self.sys.wait(lambda: total() == first + 1, 10, "B's map shows the new project")

    def test_an_editor_s_draft_never_enters_an_anonymous_answer(self):
        draft = self.a("POST", "/v1/projects", {"title": {"fr": "Brouillon confidentiel Oujda"}}, "editor")
        status, mine = self.b("/v1/projects?pageSize=100", self.tokens["editor"])
        self.assertEqual(status, 200)
        self.assertIn("Brouillon confidentiel", mine)  # the editor sees its draft through B
        for _ in range(2):  # anonymous after the editor, twice (the second from memory)
            status, public = self.b("/v1/projects?pageSize=100")
            self.assertEqual(status, 200)
            self.assertNotIn("Brouillon confidentiel", public)
        status, mine = self.b("/v1/projects?pageSize=100", self.tokens["editor"])
        self.assertIn("Brouillon confidentiel", mine)  # and after an anonymous answer was kept
        self.assertEqual(self.b(f"/v1/{draft['name']}")[0], 404)
