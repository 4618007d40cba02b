"""No lost update (AIP-154): two editors PATCH the same draft at the same time
from the same etag (one in the body, one as If-Match); exactly one wins, the
other gets 409 in its language and nothing of it is written; after re-reading
it merges and both changes are there. The map read model follows the change."""
import threading
import unittest

from accounts import create_accounts
from harness import SystemTestCase


class NoLostUpdateTest(SystemTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tokens, _ = create_accounts(cls.sys)

    def patch(self, name, body, mask, etag_header=None, role="editor", lang="fr"):
        h = {"Authorization": "Bearer " + self.tokens[role], "Accept-Language": lang}
        if etag_header:
            h["If-Match"] = etag_header
        return self.sys.request("PATCH", f"/v1/{name}?updateMask={mask}", body, headers=h,
                                as_admin=False)

    def test_concurrent_patches_one_wins_the_other_409_and_nothing_is_lost(self):
        s = self.sys
        auth = {"Authorization": "Bearer " + self.tokens["editor"]}
        r = s.post("/v1/projects", {"title": {"fr": "Maison des MRE"}, "summary": {"fr": "v1"},
                                    "location": {"latitude": 34.68, "longitude": -1.91}},
                   headers=auth, as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        project = r.json()
        name, etag = project["name"], project["etag"]
        results = {}
        barrier = threading.Barrier(2)

        def title():
            barrier.wait()
            results["title"] = self.patch(name, {"title": {"fr": "Maison des MRE — Oujda"}, "etag": etag}, "title")

        def summary():
            barrier.wait()
            results["summary"] = self.patch(name, {"summary": {"fr": "v2"}}, "summary", etag_header=f'"{etag}"')
        threads = [threading.Thread(target=title), threading.Thread(target=summary)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        codes = sorted(r.status for r in results.values())
        self.assertEqual(codes, [200, 409], {k: v.body for k, v in results.items()})
        loser = next(k for k, v in results.items() if v.status == 409)
        self.assertEqual(results[loser].json()["status"], "ABORTED")
        self.assertIn("quelqu'un d'autre", results[loser].json()["message"])
        current = s.get("/v1/" + name, headers=auth, as_admin=False).json()
        self.assertEqual(current["title"]["fr"] == "Maison des MRE — Oujda", loser == "summary")
        self.assertEqual(current["summary"]["fr"] == "v2", loser == "title")
        # The loser re-reads, merges and saves: both changes are kept.
        body = {"title": {"fr": "Maison des MRE — Oujda"}} if loser == "title" else {"summary": {"fr": "v2"}}
        redo = self.patch(name, {**body, "etag": current["etag"]}, loser)
        self.assertEqual(redo.status, 200, redo.body)
        final = redo.json()
        self.assertEqual((final["title"]["fr"], final["summary"]["fr"]), ("Maison des MRE — Oujda", "v2"))
        self.assertNotEqual(final["etag"], current["etag"])

    def test_bad_patches_are_400_and_other_organisations_are_refused(self):
        s = self.sys
        auth = {"Authorization": "Bearer " + self.tokens["editor"]}
        project = s.post("/v1/projects", {"title": {"fr": "Projet"}}, headers=auth, as_admin=False).json()
        name, etag = project["name"], project["etag"]
        r = self.patch(name, {"title": {"fr": ""}, "etag": etag}, "title,state", lang="en")
        self.assertEqual(r.status, 400, r.body)
        fields = [v["field"] for v in r.json()["details"][0]["fieldViolations"]]
        self.assertEqual(fields, ["update_mask"])
        r = self.patch(name, {"title": {"fr": ""}, "etag": etag}, "title")
        self.assertEqual(r.status, 400, r.body)
        self.assertEqual(r.json()["details"][0]["fieldViolations"][0]["field"], "project.title")
        self.assertEqual(self.patch(name, {"title": {"fr": "x"}}, "title").status, 400, "etag required")
        self.assertEqual(self.patch(name, {"title": {"fr": "x"}, "etag": etag}, "title",
                                    role="other_editor").status, 404, "not visible to them")
        self.assertEqual(self.patch(name, {"title": {"fr": "x"}, "etag": etag}, "title",
                                    role="analyst").status, 403, "analysts read only")
        # Nothing was written by any of these.
        self.assertEqual(s.get("/v1/" + name, headers=auth, as_admin=False).json()["etag"], etag)

    def test_the_map_follows_a_moved_project(self):
        s = self.sys
        auth = {"Authorization": "Bearer " + self.tokens["editor"]}
        p = s.post("/v1/projects", {"title": {"fr": "Déménage"}, "location": {"latitude": 34.0, "longitude": -2.0}},
                   headers=auth, as_admin=False).json()
        moved = self.patch(p["name"], {"location": {"latitude": 31.6, "longitude": -8.0},
                                       "etag": p["etag"]}, "location")
        self.assertEqual(moved.status, 200, moved.body)

        def where():
            found = s.get("/v1/map/locations?bbox=-10,30,-6,33", headers=auth, as_admin=False).json()
            return [l for l in found.get("locations", []) if l["project"] == p["name"]]
        s.wait(lambda: where(), 10, "geo saw the update")
        self.assertAlmostEqual(where()[0]["location"]["latitude"], 31.6)


if __name__ == "__main__":
    unittest.main()
