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
        r = s.post("/v1/projects", {"title": {"fr": "Maison des MRE — Oujda"}, "themes": ["investment"],
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
        body = {"title": {"fr": "Idempotent"}}
        a = s.post("/v1/projects?requestId=sys-req-1", body).json()["name"]
        b = s.post("/v1/projects?requestId=sys-req-1", body).json()["name"]
        self.assertEqual(a, b)
        s.wait(lambda: len(s.get("/v1/inbox?subject=" + a).json()["entries"]) == 1, 5, "inbox entry")
        time.sleep(0.3)
        self.assertEqual(len(s.get("/v1/inbox?subject=" + a).json()["entries"]), 1)



class TracePropagationTest(unittest.TestCase):
    """A caller's W3C traceparent travels gateway -> gRPC metadata -> outbox
    -> NATS header -> the consumer, whose log lines carry it."""

    TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    def setUp(self):
        self.sys = System().start(extra_env={"geo": {"ATLAS_LOG_LEVEL": "debug"}})

    def tearDown(self):
        self.sys.stop()

    def test_traceparent_reaches_the_consumer(self):
        r = self.sys.post("/v1/projects", {"title": {"fr": "Traced"}, "location": {"latitude": 1, "longitude": 1}},
                          headers={"traceparent": self.TRACE})
        self.assertEqual(r.status, 200, r.body)
        self.sys.wait(lambda: self.TRACE in self.sys.log("geo"), 5, "geo log line with the trace")
        line = next(l for l in self.sys.log("geo").splitlines() if self.TRACE in l)
        self.assertIn('"msg":"event applied"', line)

    def test_malformed_traceparent_is_replaced_not_forwarded(self):
        bad = "00-zz\r\nX-Injected: 1"
        r = self.sys.request("POST", "/v1/projects", {"title": {"fr": "Untraced"}},
                             headers={"traceparent": "not-a-trace"})
        self.assertEqual(r.status, 200, r.body)
        name = r.json()["name"]
        self.sys.wait(lambda: name.split("/")[1] in self.sys.log("geo") or "event applied" in self.sys.log("geo"),
                      5, "geo applied the event")
        self.assertNotIn("not-a-trace", self.sys.log("geo"))
        self.assertNotIn(bad, self.sys.log("geo"))


if __name__ == "__main__":
    unittest.main()


class MapAnnouncementTest(SystemTestCase):
    """Issue 18: geo announces atlas.geo.map.updated once its model serves a
    change, and the gateway's event stream passes it on as a `map` frame —
    when a page hears it, the map already shows the change (no timer)."""

    def test_the_map_frame_comes_when_the_map_shows_the_change(self):
        import json as _json
        import socket
        s = self.sys
        c = socket.create_connection(("127.0.0.1", s.http_port), timeout=15)
        c.sendall(b"GET /v1/events HTTP/1.1\r\nHost: x\r\n\r\n")
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += c.recv(4096)
        self.assertTrue(buf.startswith(b"HTTP/1.1 200"), buf[:100])
        p = s.post("/v1/projects", {"title": {"fr": "Annonce (test)"}, "themes": ["skills"],
                                    "regionCodes": ["MA-02"], "status": "IMPLEMENTATION",
                                    "location": {"latitude": 34.5, "longitude": -2.5}})
        name = p.json()["name"]
        for verb in (":submit", ":publish"):
            self.assertEqual(s.post(f"/v1/{name}{verb}", {}).status, 200)
        frames = {}
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not (frames.get("map_has_it") and "project" in frames):
            buf += c.recv(4096)
            while b"\n\n" in buf:
                frame, _, buf = buf.partition(b"\n\n")
                fields = dict(line.split(": ", 1) for line in frame.decode().split("\n")
                              if ": " in line and not line.startswith(":"))
                if fields.get("event") == "map":
                    frames["map"] = _json.loads(fields["data"])
                    # At the moment the frame arrives, the public map has the project.
                    seen = s.get("/v1/map/locations?bbox=-3,34,-2,35", as_admin=False).body
                    frames["map_has_it"] = frames.get("map_has_it") or name in seen
                elif fields.get("event") == "project":
                    frames["project"] = _json.loads(fields["data"])
        c.close()
        self.assertIn("map", frames, "geo announced the new map")
        self.assertGreater(frames["map"]["generation"], 0)
        self.assertTrue(frames["map_has_it"], "the map serves the change when announced")
        self.assertEqual(frames["project"], {"project": name, "change": "published"})
