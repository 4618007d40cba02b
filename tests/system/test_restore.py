"""Read models rebuilt from the stream, and a backup restored (issue 25,
docs/operations.md "Rebuild a read model", "Back up and restore").

A portfolio is written through the API — projects created, published, edited
and published again, archived, linked to a programme's actions — and the
answers that geo, stats and indicators build from the registry's events are
read. Then:
1. each read model is rebuilt from the JetStream stream (the service
   stopped, scripts/rebuild-read-models, started again): the answers equal
   the live ones;
2. the database is backed up (pg_dump), lost (dropped), restored
   (pg_restore) into an empty database, the read models emptied and replayed
   from the stream: every answer, the registry's included, equals the one
   read before the backup."""
import json
import os
import subprocess
import time
import unittest

from harness import SERVICES, System

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REBUILD = os.path.join(ROOT, "scripts", "rebuild-read-models")
WORLD = "bbox=-180,-90,180,90"


class RestoreTest(unittest.TestCase):
    def setUp(self):
        self.sys = System().start(extra_env={"geo": {"ATLAS_GEO_REFERENCE_FILE": os.environ.get(
            "ATLAS_TEST_GEO_REFERENCE_FILE", "")}})
        self.addCleanup(self.sys.stop)
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.sys.pg_url(), "-f",
                        os.path.join(ROOT, "data", "demo", "programmes.sql")],
                       check=True, capture_output=True, timeout=60)

    def ok(self, method, path, body=None):
        r = self.sys.request(method, path, body)
        self.assertEqual(r.status, 200, f"{method} {path}: {r.body[:300]}")
        return r.json()

    def write_portfolio(self):
        names = []
        countries = ["FRA", "ESP", "BEL", "ITA", "NLD"]
        for i in range(16):
            p = self.ok("POST", f"/v1/projects?requestId=restore-{i}", {
                "title": {"fr": f"Projet à restaurer {i}"}, "themes": ["skills"],
                "regionCodes": ["MA-0%d" % (1 + i % 9)], "status": "IMPLEMENTATION",
                "diasporaCountries": [countries[i % 5]], "demo": True,
                "location": {"latitude": 30 + i / 4, "longitude": -9 + i / 3}})
            names.append(p["name"])
            if i % 4 != 3:  # three in four published
                self.ok("POST", f"/v1/{p['name']}:submit", {})
                self.ok("POST", f"/v1/{p['name']}:publish", {})
        # Two edited and published again, two archived, two linked to actions.
        for name in names[:2]:
            etag = self.ok("GET", f"/v1/{name}")["etag"]
            self.ok("PATCH", f"/v1/{name}?updateMask=title.fr,regionCodes",
                    {"title": {"fr": "Projet restauré, renommé"}, "regionCodes": ["MA-12"],
                     "etag": etag})
            self.ok("POST", f"/v1/{name}:submit", {})
            self.ok("POST", f"/v1/{name}:publish", {})
        for name in names[4:6]:
            self.ok("POST", f"/v1/{name}:archive", {})
        for action, name in (("demo-101-a01", names[0]), ("demo-101-a02", names[1])):
            self.sys.wait(lambda: self.sys.post(f"/v1/actions/{action}:linkProject",
                                                {"project": name}).status == 200, 15, "linked")
        return names

    def answers(self):
        """What the read models (and the registry) answer, as the same caller."""
        paths = {
            "geo": [f"/v1/map/locations?{WORLD}", "/v1/map/areas?level=region&metric=count",
                    "/v1/map/projects?bbox=-17,20,-1,36&zoom=5"],
            "stats": ["/v1/datasets/consular-2004:projectCoverage"],
            "indicators": ["/v1/actions/demo-101-a01", "/v1/actions/demo-101-a02"],
            "registry": ["/v1/projects?pageSize=100&orderBy=title"],
        }
        out = {}
        for service, ps in paths.items():
            for p in ps:
                r = self.sys.get(p)
                out[p] = (r.status, normalise(json.loads(r.body)) if r.status == 200 else r.body)
        return out

    def wait_equal(self, expected, what, timeout=60):
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            try:
                if self.answers() == expected:
                    return time.monotonic() - start
            except (OSError, ValueError):
                pass
            time.sleep(0.2)
        now = self.answers()
        diff = {p: (expected[p], now.get(p)) for p in expected if now.get(p) != expected[p]}
        self.fail(f"{what}: answers differ after {timeout} s: {json.dumps(diff)[:1500]}")

    def stop(self, names):
        for name in names:
            self.sys.stop_service(name)

    def start(self, names):
        for name in names:
            if name == "gateway":
                self.sys.start_gateway()
            else:
                env = {"ATLAS_GEO_REFERENCE_FILE": os.environ.get("ATLAS_TEST_GEO_REFERENCE_FILE", "")}
                self.sys.start_service(name, env if name == "geo" else None)
        self.sys.wait(self.sys.ready, 60, "every process ready")

    def rebuild(self, services):
        r = subprocess.run([REBUILD, "--pg", self.sys.pg_url(), "--nats", self.sys.nats_url()]
                           + services, capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_read_models_rebuilt_and_a_backup_restored_answer_as_before(self):
        s = self.sys
        self.write_portfolio()
        live = {}
        self.sys.wait(lambda: live.update(self.answers()) or all(
            st == 200 for st, _ in live.values()), 30, "every answer")
        time.sleep(2)  # the last events applied everywhere
        live = self.answers()
        self.assertIn("Projet restauré, renommé", json.dumps(live, ensure_ascii=False))
        counts = {t: int(s.psql(f"SELECT count(*) FROM {t}", db=s.db)) for t in
                  ("geo.project_locations", "stats.project_countries", "indicators.registry_projects")}
        # 1. Each read model rebuilt from the stream.
        models = ["geo", "stats", "indicators"]
        self.stop(models)
        self.rebuild(models)
        emptied = {t: int(s.psql(f"SELECT count(*) FROM {t}", db=s.db)) for t in counts}
        self.assertEqual(set(emptied.values()), {0})
        self.start(models)
        rebuilt_in = self.wait_equal(live, "read models rebuilt from the stream")
        # 2. Backed up, lost, restored into an empty database, read models replayed.
        dump = os.path.join(s.dir, "atlas.dump")
        subprocess.run(["pg_dump", "-Fc", "-f", dump, s.pg_url()], check=True, timeout=120)
        everything = SERVICES + ["gateway"]
        self.stop(everything)
        s.psql(f"DROP DATABASE {s.db} WITH (FORCE)")
        s.psql(f"CREATE DATABASE {s.db}")
        subprocess.run(["pg_restore", "--no-owner", "-d", s.pg_url(), dump], check=True,
                       capture_output=True, timeout=300)
        self.rebuild(models)
        self.start(everything)
        restored_in = self.wait_equal(live, "restored from the backup and the stream")
        replayed = {t: int(s.psql(f"SELECT count(*) FROM {t}", db=s.db)) for t in counts}
        self.assertEqual(replayed, counts)
        print(f"\nread models {counts}: rebuilt from the stream, equal answers in "
              f"{rebuilt_in:.1f} s; backup ({os.path.getsize(dump) // 1024} KiB) restored into an "
              f"empty database with the read models replayed: equal answers in {restored_in:.1f} s "
              f"after the start ({len(live)} answers compared)")


def normalise(value):
    """An answer without what a rebuild rightly changes: the map's generation
    and the validators derived from it, lists in a stable order."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()
                if k not in ("generation", "etag", "mapGeneration")}
    if isinstance(value, list):
        items = [normalise(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


if __name__ == "__main__":
    unittest.main()
