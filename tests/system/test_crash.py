"""Crash tests: the registry dies by SIGKILL (fault injection) (a) after the
commit and before the publish, (b) after the publish and before the outbox
row is deleted. After a restart the event is delivered and consumers apply
it exactly once; in (b) JetStream reports the re-publish as a duplicate."""
import signal
import time
import unittest

from harness import System

BOX = "/v1/map/locations?bbox=-180,-90,180,90"


class CrashTest(unittest.TestCase):
    def setUp(self):
        self.sys = System()

    def tearDown(self):
        self.sys.stop()

    def crash_and_recover(self, fault, title):
        s = self.sys
        s.start(extra_env={"registry": {"ATLAS_FAULT": fault}})
        # The relay dies right after this commit; the reply may or may not
        # make it out first, so the test never relies on it.
        s.post("/v1/projects?requestId=crash-1",
               {"title": {"fr": title}, "location": {"latitude": 34.0, "longitude": -6.8}})
        code = s.procs["registry"].wait(timeout=10)
        self.assertEqual(code, -signal.SIGKILL, "registry should have been killed by the fault")
        s.procs.pop("registry")
        s.start_service("registry")  # no fault this time
        s.wait_serving("registry")
        projects = s.get("/v1/projects").json()["projects"]
        self.assertEqual([p["title"]["fr"] for p in projects], [title], "the commit survived the crash")
        name = projects[0]["name"]
        s.wait(lambda: any(l["project"] == name for l in s.get(BOX).json()["locations"]), 5, "geo")
        s.wait(lambda: len(s.get("/v1/inbox?subject=" + name).json()["entries"]) >= 1, 5, "inbox")
        time.sleep(0.5)  # let any second delivery arrive before counting
        self.assertEqual(len(s.get("/v1/inbox?subject=" + name).json()["entries"]), 1)
        self.assertEqual([l["project"] for l in s.get(BOX).json()["locations"]], [name])
        return name

    def test_kill_after_commit_before_publish(self):
        self.crash_and_recover("relay_kill_before_publish", "Survives a crash before publish")
        self.assertEqual(self.sys.metric_value("registry", "atlas_outbox_duplicates_total"), 0)

    def test_kill_after_publish_before_delete_is_deduplicated(self):
        self.crash_and_recover("relay_kill_after_publish", "Survives a crash after publish")
        # The restarted relay re-published the row; JetStream knew its id.
        self.assertEqual(self.sys.metric_value("registry", "atlas_outbox_duplicates_total"), 1)
        self.assertEqual(self.sys.metric_value(
            "notify", 'atlas_events_consumed_total{consumer="notify-registry",result="applied"}'), 1)


if __name__ == "__main__":
    unittest.main()
