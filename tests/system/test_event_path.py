"""POST /v1/projects through the gateway -> registry commits row + outbox ->
JetStream -> within 2 s geo's bbox query has the project and notify holds
exactly one inbox entry for it."""
import time
import unittest

from harness import System, SystemTestCase


class EventPathTest(SystemTestCase):
    def test_created_project_reaches_geo_and_notify_within_two_seconds(self):
        s = self.sys
        t0 = time.monotonic()
        r = s.post("/v1/projects", {"title": "Maison des MRE — Oujda", "themes": ["investment"],
                                    "regionCodes": ["MA-02"],
                                    "location": {"latitude": 34.68, "longitude": -1.91}})
        self.assertEqual(r.status, 200, r.body)
        name = r.json()["name"]
        found = None
        while time.monotonic() - t0 < 2.0 and found is None:
            locs = s.get("/v1/map/locations?bbox=-3,33,0,36").json()["locations"]
            found = next((l for l in locs if l["project"] == name), None)
            if found is None:
                time.sleep(0.02)
        elapsed = time.monotonic() - t0
        self.assertIsNotNone(found, "geo did not see the project within 2 s")
        self.assertEqual(found["title"], "Maison des MRE — Oujda")
        entries = []
        while time.monotonic() - t0 < 2.0 and not entries:
            entries = s.get("/v1/inbox?subject=" + name).json()["entries"]
        self.assertEqual(len(entries), 1, entries)
        self.assertEqual(entries[0]["eventType"], "ma.sharaka.atlas.project.created.v1")
        print(f"event path: POST -> geo visible in {elapsed * 1000:.0f} ms")
        # Outside the box: not returned.
        far = s.get("/v1/map/locations?bbox=100,0,110,10").json()["locations"]
        self.assertNotIn(name, [l["project"] for l in far])
        # One more settle and the inbox still has exactly one entry.
        time.sleep(0.3)
        self.assertEqual(len(s.get("/v1/inbox?subject=" + name).json()["entries"]), 1)

    def test_idempotent_create_publishes_once(self):
        s = self.sys
        body = {"title": "Idempotent"}
        a = s.post("/v1/projects?requestId=sys-req-1", body).json()["name"]
        b = s.post("/v1/projects?requestId=sys-req-1", body).json()["name"]
        self.assertEqual(a, b)
        s.wait(lambda: len(s.get("/v1/inbox?subject=" + a).json()["entries"]) == 1, 5, "inbox entry")
        time.sleep(0.3)
        self.assertEqual(len(s.get("/v1/inbox?subject=" + a).json()["entries"]), 1)


if __name__ == "__main__":
    unittest.main()
