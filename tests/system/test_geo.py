"""The map end to end (issue 5), through the gateway, on real PostGIS with the
reference geography loaded: projects published through the registry's
workflow reach the map read model; clusters account for every project at every
zoom and split at their expansion zoom; filters; choropleth sums equal the
registry's totals; archiving removes a project from every zoom and tile;
vector tiles decode with the reference decoder (@mapbox/vector-tile) and their
features fall inside their tile; ETag/304; hostile bbox, zoom, tile and
polygon inputs get 400 with the field named, in the caller's language."""
import json
import math
import os
import re
import subprocess
import tempfile
import urllib.parse

from accounts import create_accounts
from harness import SystemTestCase, System

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JS = os.path.join(ROOT, "tools", "js")
PER_EUR = {"EUR": 1, "MAD": 10.8, "USD": 1.08}  # the registry's indicative rates
WORLD = "-180,-85,180,85"

# (title, themes, regions, provinces, point, currency, budget, diaspora)
PROJECTS = [
    ("Maison de l'investissement Oujda", ["investment"], ["MA-02"], ["MA-OUJ"], (34.68, -1.91),
     "EUR", 1200000, ["FRA", "BEL"]),
    ("Incubateur Nador", ["entrepreneurship"], ["MA-02"], [], (35.17, -2.93), "MAD", 5400000,
     ["NLD"]),
    ("Transferts Berkane", ["remittances"], ["MA-02"], [], (34.92, -2.32), "USD", 300000,
     ["ESP"]),
    ("Compétences Figuig", ["skills"], ["MA-02"], ["MA-FIG"], None, "EUR", 250000, ["FRA"]),
    ("Retour Fès", ["return_reintegration"], ["MA-03"], [], (34.03, -5.0), "EUR", 800000,
     ["ITA"]),
    ("Culture Meknès", ["culture_education"], ["MA-03"], [], (33.9, -5.55), "MAD", 2160000, []),
    ("Protection Tanger", ["social_protection"], ["MA-01"], [], (35.76, -5.83), "EUR", 400000,
     ["ESP", "FRA"]),
    ("Jeunes Tétouan", ["women_youth"], ["MA-01"], [], (35.57, -5.37), "EUR", 150000, []),
    ("Recherche Rabat", ["research_data"], ["MA-04"], [], None, "EUR", 90000, ["CAN"]),
    ("Consulat mobile Agadir", ["consular_services"], ["MA-09"], [], (30.42, -9.6), "EUR",
     60000, ["DEU"]),
    ("Développement Souss", ["local_development"], ["MA-09", "MA-07"], [], None, "EUR", 500000,
     ["FRA"]),
    # Drawn in Paris, for a Moroccan region; in no province (unlocated at that level).
    ("Forum à Paris", ["skills"], ["MA-04"], [], (48.85, 2.35), "EUR", 70000, ["FRA", "USA"]),
]


DRAWN = len(PROJECTS)


def tile_of(lat, lng, z):
    n = 2 ** z
    x = int((lng + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


class GeoTest(SystemTestCase):
    @classmethod
    def setUpClass(cls):
        ref = os.environ.get("ATLAS_TEST_GEO_REFERENCE_FILE")
        if not ref:
            raise RuntimeError("run through scripts/test (ATLAS_TEST_GEO_REFERENCE_FILE)")
        cls.sys = System().start(extra_env={
            "geo": {"ATLAS_GEO_REFERENCE_FILE": ref},
            "gateway": {"ATLAS_RATE_LIMIT_TOKEN_RPS": "0", "ATLAS_RATE_LIMIT_IP_RPS": "0"}})
        cls.addClassCleanup(cls.sys.stop)
        cls.tokens, cls.client = create_accounts(cls.sys)
        cls.names = {}
        for title, themes, regions, provinces, point, currency, budget, diaspora in PROJECTS:
            body = {"title": {"fr": title}, "themes": themes, "regionCodes": regions,
                    "provinceCodes": provinces, "status": "IMPLEMENTATION",
                    "currency": currency, "budget": [{"year": 2025, "amount": budget}],
                    "diasporaCountries": diaspora,
                    "plannedStart": {"year": 2024, "month": 1, "day": 1},
                    "plannedEnd": {"year": 2026, "month": 12, "day": 31}}
            if point:
                body["location"] = {"latitude": point[0], "longitude": point[1]}
            r = cls.call("POST", "/v1/projects", body, role="editor")
            assert r.status == 200, r.body
            name = r.json()["name"]
            for verb, role in (("submit", "editor"), ("publish", "validator")):
                r = cls.call("POST", f"/v1/{name}:{verb}", {}, role=role)
                assert r.status == 200, (verb, r.body)
            cls.names[title] = name
        cls.sys.wait(lambda: cls.features(WORLD, 0)["total"] == DRAWN, 20,
                     "every published project on the map")

    @classmethod
    def call(cls, method, path, body=None, role="public", **kw):
        t = cls.tokens[role]
        headers = dict(kw.pop("headers", {}))
        if t:
            headers["Authorization"] = "Bearer " + t
        return cls.sys.request(method, path, body, headers=headers, as_admin=False, **kw)

    @classmethod
    def features(cls, bbox, zoom, query="", role="public"):
        r = cls.call("GET", f"/v1/map/projects?bbox={bbox}&zoom={zoom}{query}", role=role)
        assert r.status == 200, r.body
        return r.json()

    def tiles(self, z, x, y, layer="projects"):
        """The tile decoded by @mapbox/vector-tile."""
        r = self.call("GET", f"/v1/tiles/{layer}/{z}/{x}/{y}.mvt")
        self.assertEqual(r.status, 200, r.body[:200])
        self.assertEqual(r.headers.get("Content-Type"), "application/vnd.mapbox-vector-tile")
        with tempfile.NamedTemporaryFile(suffix=".mvt") as f:
            f.write(r.raw)
            f.flush()
            out = subprocess.run(["node", os.path.join(JS, "decode-tile.mjs"), str(z), str(x),
                                  str(y), f.name], check=True, capture_output=True, text=True,
                                 timeout=60).stdout
        return json.loads(out)[0]

    # --- clusters ----------------------------------------------------------
    def test_every_project_in_exactly_one_feature_at_every_zoom(self):
        for z in range(0, 19):
            fc = self.features(WORLD, z)
            self.assertEqual(fc["type"], "FeatureCollection")
            total = sum(f["properties"]["count"] if f["properties"]["cluster"] else 1
                        for f in fc["features"])
            self.assertEqual(total, DRAWN, f"zoom {z}")
            ids = [f["id"] for f in fc["features"] if not f["properties"]["cluster"]]
            self.assertEqual(len(ids), len(set(ids)))
        # At zoom 0 Morocco's projects are clusters; above 16 single projects.
        self.assertTrue(any(f["properties"]["cluster"] for f in self.features(WORLD, 0)["features"]))
        self.assertFalse(any(f["properties"]["cluster"] for f in self.features(WORLD, 17)["features"]))

    def test_a_cluster_splits_at_its_expansion_zoom(self):
        clusters = [f for f in self.features("-17,21,-1,36", 5)["features"]
                    if f["properties"]["cluster"]]
        self.assertTrue(clusters)
        for c in clusters:
            p = c["properties"]
            self.assertTrue(p["dominantThemes"])
            w, s, e, n = c["bbox"]
            box = f"{w - 1e-6},{s - 1e-6},{e + 1e-6},{n + 1e-6}"
            below = self.features(box, p["expansionZoom"])["features"]
            self.assertGreaterEqual(len(below), 2, c)
            self.assertGreaterEqual(sum(f["properties"].get("count", 1) for f in below), p["count"])

    def test_single_projects_carry_title_language_and_approximation(self):
        fc = self.features(WORLD, 18, "&language=ar")
        by_id = {f["id"]: f["properties"] for f in fc["features"]}
        figuig = by_id[self.names["Compétences Figuig"]]
        self.assertTrue(figuig["approximate"])  # at its province's point
        self.assertEqual(figuig["titleLanguage"], "fr")  # no Arabic title: the original
        self.assertFalse(by_id[self.names["Maison de l'investissement Oujda"]]["approximate"])
        self.assertTrue(by_id[self.names["Recherche Rabat"]]["approximate"])  # its region's point
        self.assertFalse(by_id[self.names["Forum à Paris"]]["approximate"])
        self.assertEqual(len(by_id), DRAWN)

    def test_filters_match_the_registry(self):
        # (map filter, registry filter, projects matching but not drawn)
        for query, registry_query, undrawn in (
                ("&filter.themes=skills", "themes=skills", 0),
                ("&filter.regions=MA-02", "regionCodes=MA-02", 0),
                ("&filter.diasporaCountries=FRA", "diasporaCountries=FRA", 0),
                ("&filter.statuses=IMPLEMENTATION", "statuses=IMPLEMENTATION", 0)):
            fc = self.features(WORLD, 3, query)
            r = self.call("GET", "/v1/projects?pageSize=100&" + registry_query)
            self.assertEqual(r.status, 200, r.body)
            self.assertEqual(fc["total"], r.json()["totalSize"] - undrawn, query)
            self.assertLess(fc["total"], DRAWN + 1)
        self.assertEqual(self.features(WORLD, 3, "&filter.yearFrom=2030")["total"], 0)
        oriental = json.dumps({"type": "Polygon", "coordinates": [[[-4, 32], [-1, 32], [-1, 35.5],
                                                                   [-4, 35.5], [-4, 32]]]})
        fc = self.features(WORLD, 3, "&filter.within=" + urllib.parse.quote(oriental))
        self.assertEqual(fc["total"], 4)

    # --- choropleths ---------------------------------------------------------
    def test_choropleth_sums_equal_the_registry_totals(self):
        r = self.call("GET", "/v1/projects?pageSize=100")
        projects = r.json()["projects"]
        total_eur = sum(p.get("totalBudget", 0) / PER_EUR[p.get("currency", "MAD")]
                        for p in projects)
        for level in ("region", "province", "country"):
            fc = self.call("GET", f"/v1/map/areas?level={level}&metric=budget").json()
            t = fc["totals"]
            self.assertEqual(t["projects"], r.json()["totalSize"], level)
            self.assertAlmostEqual(t["budgetEur"], total_eur, delta=0.01)
            placed = sum(f["properties"]["budgetEur"] for f in fc["features"])
            self.assertAlmostEqual(placed + t["unlocatedBudgetEur"], total_eur, delta=0.01, msg=level)
        fc = self.call("GET", "/v1/map/areas?level=region&metric=count&classification=jenks").json()
        by = {f["id"]: f["properties"] for f in fc["features"]}
        self.assertEqual(len(by), 12)
        self.assertEqual(by["MA-02"]["count"], 4)
        self.assertEqual(by["MA-02"]["themes"]["investment"], 1)
        self.assertTrue(by["MA-12"]["gap"])
        self.assertEqual(by["MA-02"]["class"], len(fc["breaks"]) - 1)  # the most projects
        self.assertEqual(by["MA-02"]["names"]["ar"], "الشرقية")
        self.assertIn("OpenStreetMap", fc["attribution"])
        pc = self.call("GET", "/v1/map/areas?level=country&metric=budget_per_capita").json()
        fra = next(f["properties"] for f in pc["features"] if f["id"] == "FRA")
        self.assertEqual(fra["population"], 1113176)
        self.assertAlmostEqual(fra["value"], fra["budgetEur"] / 1113176)

    # --- tiles -------------------------------------------------------------
    def test_tiles_decode_and_their_features_fall_inside(self):
        for z, x, y in ((0, 0, 0), (5, 15, 12), (6, 31, 25), (8, 126, 101)):
            for layer in ("boundaries", "projects"):
                tile = self.tiles(z, x, y, layer)
                for name, l in tile.items():
                    self.assertEqual(l["version"], 2)
                    self.assertEqual(l["extent"], 4096)
                    margin = 64 if layer == "boundaries" else 64
                    for f in l["features"]:
                        for ring in f["geometry"]:
                            for px, py in ring:
                                self.assertTrue(-margin <= px <= 4096 + margin and
                                                -margin <= py <= 4096 + margin,
                                                (layer, name, z, x, y, px, py))
        world = self.tiles(0, 0, 0, "boundaries")
        self.assertIn("countries", world)
        codes = {f["properties"]["code"] for f in world["countries"]["features"]}
        self.assertIn("MAR", codes)
        self.assertNotIn("ESH", codes)  # drawn as part of Morocco
        morocco = self.tiles(5, 15, 12, "boundaries")
        self.assertEqual(len([f for f in morocco["regions"]["features"]]), 8)
        self.assertIn("provinces", morocco)
        # Oujda's tile at zoom 12 holds its project as a point with its title.
        x, y = tile_of(34.68, -1.91, 12)
        points = self.tiles(12, x, y)["projects"]["features"]
        titles = [f["properties"]["title"] for f in points]
        self.assertIn("Maison de l'investissement Oujda", titles)
        lng, lat = next(f["lnglat"]["coordinates"] for f in points
                        if f["properties"]["title"].startswith("Maison"))
        self.assertAlmostEqual(lng, -1.91, delta=0.001)
        self.assertAlmostEqual(lat, 34.68, delta=0.001)

    def test_caching_headers_and_not_modified(self):
        r = self.call("GET", "/v1/tiles/boundaries/4/7/6.mvt")
        self.assertEqual(r.status, 200)
        self.assertIn("max-age=86400", r.headers["Cache-Control"])
        etag = r.headers["ETag"]
        again = self.call("GET", "/v1/tiles/boundaries/4/7/6.mvt", headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, "")
        # Personal views are never shared by caches.
        r = self.call("GET", "/v1/map/projects?bbox=-17,21,-1,36&zoom=5", role="editor")
        self.assertIn("private", r.headers["Cache-Control"])
        tj = self.call("GET", "/v1/tiles/projects/tilejson.json").json()
        self.assertEqual(tj["tilejson"], "3.0.0")
        self.assertEqual(tj["tiles"], ["/v1/tiles/projects/{z}/{x}/{y}.mvt"])
        self.assertEqual({l["id"] for l in tj["vector_layers"]}, {"clusters", "projects"})
        # Operators see which generation of the model a replica serves.
        m = re.search(r"^atlas_geo_map_model_generation (\S+)$", self.sys.metrics("geo"), re.M)
        self.assertTrue(m and float(m.group(1)) > 0)

    # --- unpublishing --------------------------------------------------------
    def test_archiving_removes_a_project_from_every_zoom_and_tile(self):
        r = self.call("POST", "/v1/projects", {
            "title": {"fr": "Projet à archiver"}, "themes": ["skills"], "regionCodes": ["MA-06"],
            "status": "IMPLEMENTATION", "location": {"latitude": 33.57, "longitude": -7.59}},
            role="editor")
        name = r.json()["name"]
        for verb, role in (("submit", "editor"), ("publish", "validator")):
            self.assertEqual(self.call("POST", f"/v1/{name}:{verb}", {}, role=role).status, 200)
        self.sys.wait(lambda: self.features(WORLD, 0)["total"] == DRAWN + 1, 20, "on map")
        x, y = tile_of(33.57, -7.59, 14)
        self.assertIn("Projet à archiver", [f["properties"]["title"] for f in
                                            self.tiles(14, x, y)["projects"]["features"]])
        self.assertEqual(self.call("POST", f"/v1/{name}:archive", {}, role="validator").status, 200)
        self.sys.wait(lambda: self.features(WORLD, 0)["total"] == DRAWN, 20, "gone")
        for z in range(0, 19):
            fc = self.features("-8,33,-7,34", z)
            self.assertNotIn(name, [f.get("id") for f in fc["features"]])
            tx, ty = tile_of(33.57, -7.59, z)
            tile = self.tiles(z, tx, ty)
            titles = [f["properties"]["title"] for f in tile.get("projects", {}).get("features", [])]
            self.assertNotIn("Projet à archiver", titles, f"zoom {z}")
            # Clusters and points in the tile account for the drawn projects there, no more.
            counted = sum(f["properties"]["count"] for f in tile.get("clusters", {}).get("features", []))
            self.assertLessEqual(counted + len(titles), DRAWN, f"zoom {z}")
        # Nor is it in the public areas any more.
        fc = self.call("GET", "/v1/map/areas?level=region").json()
        self.assertEqual(fc["totals"]["projects"], len(PROJECTS))

    # --- hostile input -------------------------------------------------------
    def test_hostile_inputs_are_refused_with_the_field_named(self):
        bow_tie = urllib.parse.quote(json.dumps({"type": "Polygon", "coordinates": [
            [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}))
        unclosed = urllib.parse.quote(json.dumps({"type": "Polygon", "coordinates": [
            [[0, 0], [1, 0], [1, 1], [0, 1]]]}))
        cases = [
            ("/v1/map/projects?bbox=-17,21,-1&zoom=5", "bbox"),
            ("/v1/map/projects?bbox=-17,21,-1,NaN&zoom=5", "bbox"),
            ("/v1/map/projects?bbox=-17,21,-1,inf&zoom=5", "bbox"),
            ("/v1/map/projects?bbox=-200,21,-1,36&zoom=5", "bbox"),
            ("/v1/map/projects?bbox=-17,36,-1,21&zoom=5", "bbox"),
            ("/v1/map/projects?bbox=-17,21,-1,91&zoom=5", "bbox"),
            ("/v1/map/projects?bbox=-17,21,-1,36&zoom=23", "zoom"),
            ("/v1/map/projects?bbox=-17,21,-1,36&zoom=-1", "zoom"),
            ("/v1/map/projects?bbox=-17,21,-1,36&zoom=5&filter.yearFrom=2030&filter.yearTo=2020",
             "filter.yearFrom"),
            ("/v1/map/projects?bbox=-17,21,-1,36&zoom=5&filter.themes=%3Cscript%3E", "filter.themes"),
            ("/v1/map/projects?bbox=-17,21,-1,36&zoom=5&filter.within=" + bow_tie, "filter.within"),
            ("/v1/map/projects?bbox=-17,21,-1,36&zoom=5&filter.within=" + unclosed, "filter.within"),
            # A "type" that is not a string (tests/fuzz/geojson_polygon found it threw: a 500).
            ("/v1/map/projects?bbox=-17,21,-1,36&zoom=5&filter.within="
             + urllib.parse.quote('{"type":[[[-8,30],[-2,30],[-2,35]]]}'), "filter.within"),
            ("/v1/map/projects?bbox=-17,21,-1,36&zoom=5&language=de", "language"),
            ("/v1/map/areas?level=commune", "level"),
            ("/v1/map/areas?level=province&metric=budget_per_capita", "metric"),
            ("/v1/map/areas?classes=40", "classes"),
            ("/v1/map/areas?zoom=99", "zoom"),
            ("/v1/tiles/projects/23/0/0.mvt", "z"),
            ("/v1/tiles/projects/3/8/0.mvt", "x"),
            ("/v1/tiles/projects/3/0/8.mvt", "y"),
            ("/v1/tiles/projects/3/0/1.png", "y"),
            ("/v1/tiles/projects/30/0/0.mvt", "z"),
            ("/v1/tiles/satellite/3/0/0.mvt", "layer"),
            ("/v1/tiles/satellite/tilejson.json", "layer"),
        ]
        for path, field in cases:
            r = self.call("GET", path, headers={"Accept-Language": "ar"})
            self.assertEqual(r.status, 400, f"{path}: {r.status} {r.body[:200]}")
            fields = [v["field"] for d in r.json()["details"] for v in d.get("fieldViolations", [])]
            self.assertIn(field, fields, path)
            self.assertRegex(r.json()["message"], "[\u0600-\u06FF]", path)  # in Arabic
        # A box across the antimeridian is a box, not an error.
        self.assertEqual(self.features("170,-20,-170,0", 3)["features"], [])


if __name__ == "__main__":
    __import__("unittest").main()
