"""atlas-notify killed with SIGKILL in the middle of a burst of events
(issue 21's exactly-once test; its own module so each stays well under its
ctest timeout): nothing lost, nothing delivered twice."""
import concurrent.futures
import os
import signal
import time
import unittest

from test_notify import NotifySystem


class NotifyBurstTest(NotifySystem):
    # --- exactly once ------------------------------------------------------
    def test_kill_9_of_notify_mid_burst_loses_nothing_and_sends_nothing_twice(self):
        """1 000 projects created and submitted (2 000 events) while atlas-notify
        is killed with SIGKILL three times: every submission reaches the
        partner's webhook (distinct webhook-ids, all verified) and the
        validator's bell exactly once."""
        n = int(os.environ.get("ATLAS_TEST_NOTIFY_BURST", "1000"))
        e = self.endpoint("/burst")
        self.sink_call("/control", {"secrets": [e["secret"]], "fail": 0, "redirect": ""})
        hook = self.call("POST", "/v1/subscriptions", {"kinds": ["project.submitted"], "channel": "webhook",
                                                       "endpoint": e["name"], "themes": ["culture_education"]},
                         role="service")
        self.assertEqual(hook.status, 200, hook.body)
        bell = self.call("POST", "/v1/subscriptions", {"kinds": ["project.submitted"],
                                                       "themes": ["culture_education"]}, role="validator")
        self.assertEqual(bell.status, 200, bell.body)
        bell_id = bell.json()["name"].split("/")[1]

        def write(i):
            p = self.call("POST", "/v1/projects",
                          {"title": {"fr": f"Rafale {i} (test)"}, "themes": ["culture_education"],
                           "regionCodes": ["MA-02"], "status": "IMPLEMENTATION",
                           "location": {"latitude": 34.68, "longitude": -1.91},
                           "contacts": [{"name": "Mme A. (test)", "email": "a@example.org"}]},
                          role="editor")
            assert p.status == 200, p.body
            s = self.call("POST", f"/v1/{p.json()['name']}:submit", {}, role="editor")
            assert s.status == 200, s.body

        kills, started = 0, time.time()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(write, i) for i in range(n)]
            for k, f in enumerate(futures):
                f.result()
                if k + 1 in (n // 4, n // 2, 3 * n // 4):
                    self.assertEqual(self.sys.stop_service("notify", sig=signal.SIGKILL), -signal.SIGKILL)
                    kills += 1
                    self.sys.start_service("notify", self.extra_env["notify"])
        wrote = time.time() - started

        def burst():
            return [w for w in self.sink_call("/webhooks") if w["path"] == "/burst"]
        self.sys.wait(lambda: len({w["id"] for w in burst()}) >= n, 180, "every webhook")
        hooks = burst()
        ids = {w["id"] for w in hooks}
        subjects = {w["body"]["subject"] for w in hooks}
        self.assertEqual(len(ids), n)
        self.assertEqual(len(subjects), n)  # one delivery per submitted project
        self.assertTrue(all(w["verified"] for w in hooks))
        in_app = lambda: int(self.sys.psql(
            f"SELECT count(*) FROM notify.deliveries WHERE subscription_id = '{bell_id}'",
            db=self.sys.db).strip())
        self.sys.wait(lambda: in_app() >= n, 60, "every in-app delivery")
        self.assertEqual(in_app(), n)
        entries = int(self.sys.psql(
            "SELECT count(*) FROM notify.inbox_entries e JOIN notify.inbox_recipients r "
            "ON r.entry_id = e.id WHERE r.recipient = 'user:validator' "
            "AND e.label LIKE 'Rafale %' AND e.kind = 'project.submitted'", db=self.sys.db).strip())
        self.assertEqual(entries, n)
        duplicates = len(hooks) - len(ids)
        print(f"\nburst: {2 * n} events in {wrote:.1f} s, {kills} kill -9 of atlas-notify; "
              f"webhooks {len(ids)}/{n} distinct (receiver saw {duplicates} repeats, deduped by "
              f"webhook-id), in-app {in_app()}/{n}, lost 0")



if __name__ == "__main__":
    unittest.main()
