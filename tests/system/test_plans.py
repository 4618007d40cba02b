"""The co-construction workspace (issue 24, part 3) end to end through the
gateway: joint action plans shared between member organisations. A partner
sees only the plans its organisation is a member of (anyone else: 404, as if
absent; the ministry's staff: all); owners change everything, contributors the
objectives, activities, milestones and decisions, observers nothing but the
discussion; members must be organisations of the platform (the registry
learns new ones from the gateway's atlas.audit.organisation.created); bad
input (HTML, impossible dates, unknown objectives, links to nothing, a stale
etag) is refused in the caller's language with nothing stored; every change is
in the history; a mention in an activity's discussion and an activity coming
due reach the organisations concerned through atlas-notify; the CSV export is
read by Python's csv and the calendar by Mozilla's ical.js; and
web/tests/plans.test.mjs checks the pages in Chromium (fr and ar, axe-core,
screenshots)."""
import csv
import datetime
import io
import json
import os
import subprocess
import uuid

from accounts import PASSWORD, create_accounts
from harness import SystemTestCase, System

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def today(days=0):
    return (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=days)).isoformat()


def fields(r):
    return [v["field"] for d in r.json().get("details", []) for v in d.get("fieldViolations", [])]


def plan(**extra):
    body = {"title": {"fr": "Réintégration des Marocains de retour (test)",
                      "ar": "إعادة إدماج المغاربة العائدين (اختبار)"},
            "summary": {"fr": "Plan conjoint Maroc–UE.\nDeuxième ligne."},
            "members": [{"organisation": "organisations/assoc-oujda", "role": "PLAN_OWNER"},
                        {"organisation": "organisations/ministry", "role": "PLAN_CONTRIBUTOR"}],
            "objectives": [{"id": "o1", "title": {"fr": "Accueillir et orienter"}}],
            "activities": [{"id": "a1", "title": {"fr": "Guichet d'accueil; orientation, suivi"},
                            "objective": "o1", "owner": "organisations/assoc-oujda",
                            "startDate": "2026-01-15", "endDate": "2026-12-31",
                            "status": "PLAN_ACTIVITY_ONGOING", "actions": ["actions/demo-a1"]},
                           {"id": "a2", "title": {"fr": "Formation des conseillers"},
                            "objective": "o1", "owner": "organisations/ministry",
                            "startDate": "2027-01-01", "endDate": "2027-06-30",
                            "status": "PLAN_ACTIVITY_PLANNED"}],
            "milestones": [{"id": "m1", "title": {"fr": "Guichet ouvert"}, "date": "2026-03-01",
                            "activity": "a1"}],
            "decisions": [{"id": "d1", "date": "2026-01-10", "title": {"fr": "Lancement"},
                           "minutes": "Présents : l'association, le ministère.\nDécision : lancer."}],
            "demo": True}
    body.update(extra)
    return body


class PlansTest(SystemTestCase):
    @classmethod
    def setUpClass(cls):
        web = os.environ.get("ATLAS_TEST_WEB_ROOT")
        if not web:
            raise RuntimeError("run through scripts/test (ATLAS_TEST_WEB_ROOT)")
        cls.sys = System().start(extra_env={
            "registry": {"ATLAS_PLANS_DUE_CHECK_S": "1"},
            "gateway": {"ATLAS_WEB_ROOT": web, "ATLAS_RATE_LIMIT_TOKEN_RPS": "0",
                        "ATLAS_RATE_LIMIT_IP_RPS": "0"}})
        cls.addClassCleanup(cls.sys.stop)
        cls.tokens, _ = create_accounts(cls.sys)
        # The registry learns organisations from the gateway's events.
        cls.sys.wait(lambda: cls.create_as("editor", plan()).status == 200, 20,
                     "the registry to know the test organisations")

    default_role = "editor"

    def call(self, method, path, body=None, role=None, lang="fr"):
        return self.as_role(method, path, body, role=role, lang=lang)

    @classmethod
    def create_as(cls, role, body, request_id=None):
        headers = {"Authorization": "Bearer " + cls.tokens[role], "Accept-Language": "fr"}
        return cls.sys.request("POST", "/v1/plans", {"plan": body, "requestId": request_id or str(uuid.uuid4())},
                               headers=headers, as_admin=False)

    def create(self, role="editor", **extra):
        r = self.create_as(role, plan(**extra))
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    def count(self):
        return int(self.sys.psql("SELECT count(*) FROM registry.plans", db=self.sys.db))

    def bell(self, role, event_type=None):
        items = self.call("GET", "/v1/notifications", role=role).json().get("notifications", [])
        return [n for n in items if event_type is None or n["eventType"] == event_type]

    def test_members_read_a_plan_and_no_one_else(self):
        p = self.create()
        self.assertRegex(p["name"], r"^plans/[0-9a-f-]{36}$")
        self.assertEqual((p["etag"], p["callerRole"]), ("r1", "PLAN_OWNER"))
        for role in ("editor", "service", "validator", "analyst", "admin"):
            r = self.call("GET", f"/v1/{p['name']}", role=role)
            self.assertEqual(r.status, 200, (role, r.body))
            self.assertIn(p["name"], [x["name"] for x in self.call("GET", "/v1/plans", role=role).json()["plans"]], role)
        # region-oriental is not a member: nothing of the plan, as if absent.
        for method, path, body in (("GET", f"/v1/{p['name']}", None), ("GET", f"/v1/{p['name']}/revisions", None),
                                   ("GET", f"/v1/{p['name']}/comments", None),
                                   ("GET", f"/v1/{p['name']}:export?format=ics", None),
                                   ("POST", f"/v1/{p['name']}/comments", {"comment": {"activity": "a1", "text": "x"}}),
                                   ("PATCH", f"/v1/{p['name']}?updateMask=demo", {"demo": False, "etag": "r1"}),
                                   ("DELETE", f"/v1/{p['name']}?etag=r1", None)):
            r = self.call(method, path, body, role="other_editor")
            self.assertEqual(r.status, 404, (method, path, r.body))
        self.assertNotIn(p["name"], [x["name"] for x in self.call("GET", "/v1/plans", role="other_editor").json().get("plans", [])])
        self.assertEqual(self.call("GET", "/v1/plans", role="public").status, 401)
        self.assertEqual(self.call("POST", "/v1/plans", {"plan": plan()}, role="public").status, 401)
        # The analyst reads (ministry staff) but changes nothing of a plan the ministry contributes to... as analyst.
        self.assertEqual(self.call("POST", "/v1/plans", {"plan": plan()}, role="analyst").status, 403)

    def test_bad_input_is_refused_in_the_callers_language_and_nothing_is_stored(self):
        before = self.count()
        no_org = plan()
        no_org["members"].insert(0, {"organisation": "organisations/no-such-org", "role": "PLAN_CONTRIBUTOR"})
        bad_dates = plan()
        bad_dates["activities"][0]["endDate"] = "2025-12-31"
        bad_dates["activities"][1]["startDate"] = "2027-02-30"
        unknown = plan()
        unknown["activities"][0]["objective"] = "o9"
        unknown["activities"][1]["owner"] = "organisations/region-oriental"
        unknown["milestones"][0]["activity"] = "a9"
        links = plan()
        links["activities"][0]["projects"] = [f"projects/{uuid.uuid4()}"]
        links["decisions"][0]["documents"] = [f"documents/{uuid.uuid4()}"]
        markup = plan(title={"fr": "<img src=x onerror=alert(1)>"})
        markup["decisions"][0]["minutes"] = "<script>alert(1)</script>"
        cases = [
            (no_org, {"plan.members[0].organisation": "n'a pas de compte sur la plateforme"}),
            (bad_dates, {"plan.activities[0].end_date": "2026-01-15", "plan.activities[1].start_date": "AAAA-MM-JJ"}),
            (unknown, {"plan.activities[0].objective": "aucun objectif", "plan.activities[1].owner": "propriétaire ou contributrice",
                       "plan.milestones[0].activity": "aucune activité"}),
            (links, {"plan.activities[0].projects[0]": "n'existe pas", "plan.decisions[0].documents[0]": "n'existe pas"}),
            (markup, {"plan.title.fr": "HTML", "plan.decisions[0].minutes": "HTML"}),
            (plan(members=[{"organisation": "organisations/assoc-oujda", "role": "PLAN_OBSERVER"}]), None),
        ]
        for body, expected in cases:
            r = self.create_as("editor", body)
            if expected is None:  # the creator's own organisation as an observer: it must own
                self.assertEqual(r.status, 403, r.body)
                self.assertIn("propriétaires", r.body)
                continue
            self.assertEqual(r.status, 400, r.body)
            got = fields(r)
            for field, words in expected.items():
                self.assertIn(field, got, r.body)
                self.assertIn(words, r.body, field)
        # In Arabic when asked.
        r = self.call("POST", "/v1/plans", {"plan": no_org}, lang="ar")
        self.assertEqual(r.status, 400)
        self.assertIn("ليس له حساب", r.body)
        # Bytes that are not UTF-8, a junk body.
        raw = self.sys.request("POST", "/v1/plans", None, raw=b'{"plan": {"title": {"fr": "\xff\xfe"}}}',
                               headers={"Authorization": "Bearer " + self.tokens["editor"],
                                        "Content-Type": "application/json"}, as_admin=False)
        self.assertEqual(raw.status, 400, raw.body)
        self.assertEqual(self.count(), before)

    def test_roles_within_a_plan_stale_etags_and_the_history(self):
        p = self.create(members=[{"organisation": "organisations/assoc-oujda", "role": "PLAN_OWNER"},
                                 {"organisation": "organisations/ministry", "role": "PLAN_CONTRIBUTOR"},
                                 {"organisation": "organisations/region-oriental", "role": "PLAN_OBSERVER"}])
        name = p["name"]
        activities = p["activities"]
        activities[1]["status"] = "PLAN_ACTIVITY_ONGOING"
        # The ministry contributes: activities yes, the title no.
        r = self.call("PATCH", f"/v1/{name}?updateMask=activities", {"activities": activities, "etag": "r1"}, role="validator")
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["etag"], "r2")
        r = self.call("PATCH", f"/v1/{name}?updateMask=title.fr", {"title": {"fr": "Autre titre"}, "etag": "r2"}, role="validator")
        self.assertEqual(r.status, 403, r.body)
        self.assertIn("propriétaires", r.body)
        # region-oriental observes: it reads, comments, changes nothing.
        self.assertEqual(self.call("GET", f"/v1/{name}", role="other_editor").json()["callerRole"], "PLAN_OBSERVER")
        r = self.call("PATCH", f"/v1/{name}?updateMask=activities", {"activities": activities, "etag": "r2"}, role="other_editor")
        self.assertEqual(r.status, 403, r.body)
        self.assertIn("observe", r.body)
        r = self.call("POST", f"/v1/{name}/comments", {"comment": {"activity": "a2", "text": "Nous suivons."}}, role="other_editor")
        self.assertEqual(r.status, 200, r.body)
        # Two edits from the same revision: the second is refused, nothing lost.
        r = self.call("PATCH", f"/v1/{name}?updateMask=summary", {"summary": {"fr": "Résumé A"}, "etag": "r2"})
        self.assertEqual(r.status, 200, r.body)
        r = self.call("PATCH", f"/v1/{name}?updateMask=summary", {"summary": {"fr": "Résumé B"}, "etag": "r2"})
        self.assertEqual(r.status, 409, r.body)
        self.assertEqual(self.call("GET", f"/v1/{name}").json()["summary"]["fr"], "Résumé A")
        # Blind or junk changes.
        self.assertEqual(self.call("PATCH", f"/v1/{name}?updateMask=demo", {"demo": False}).status, 400)
        self.assertEqual(self.call("PATCH", f"/v1/{name}?updateMask=etag", {"etag": "r3"}).status, 400)
        # The history: who, what, which entries; an earlier revision readable.
        revs = self.call("GET", f"/v1/{name}/revisions").json()["revisions"]
        self.assertEqual([v["revision"] for v in revs], ["3", "2", "1"])
        self.assertEqual(revs[1]["changedFields"], ["activities"])
        self.assertEqual(revs[1]["details"], ["activities: ~a2"])
        self.assertEqual(revs[1]["actor"], "validator")
        first = self.call("GET", f"/v1/{name}?revision=1").json()
        self.assertEqual(first["activities"][1]["status"], "PLAN_ACTIVITY_PLANNED")
        self.assertEqual(self.call("GET", f"/v1/{name}?revision=1", role="other_editor").status, 200)
        # Deletion: owners only, never blind.
        self.assertEqual(self.call("DELETE", f"/v1/{name}?etag=r3", role="validator").status, 403)
        self.assertEqual(self.call("DELETE", f"/v1/{name}").status, 400)
        self.assertEqual(self.call("DELETE", f"/v1/{name}?etag=r3").status, 200)
        self.assertEqual(self.call("GET", f"/v1/{name}").status, 404)

    def test_a_retry_creates_nothing_more(self):
        key = str(uuid.uuid4())
        a, b = self.create_as("editor", plan(), key), self.create_as("editor", plan(), key)
        self.assertEqual((a.status, b.status), (200, 200))
        self.assertEqual(a.json()["name"], b.json()["name"])
        # Another account's same key is its own.
        c = self.create_as("service", plan(), key)
        self.assertEqual(c.status, 200, c.body)
        self.assertNotEqual(c.json()["name"], a.json()["name"])

    def test_an_organisation_created_on_the_platform_becomes_a_possible_member(self):
        body = plan()
        body["members"].append({"organisation": "organisations/eu-delegation-test", "role": "PLAN_CONTRIBUTOR"})
        self.assertEqual(self.create_as("editor", body).status, 400)
        r = self.sys.post("/v1/organisations?organisationId=eu-delegation-test",
                          {"displayNameFr": "Délégation de l'UE (test)", "kind": "DONOR", "country": "BEL"})
        self.assertEqual(r.status, 200, r.body)
        self.sys.wait(lambda: self.create_as("editor", body).status == 200, 15,
                      "the new organisation known to the registry")

    def test_mentions_and_new_members_reach_the_organisations_concerned(self):
        p = self.create()
        name = p["name"]
        text = "@organisations/assoc-oujda pouvez-vous confirmer la date du guichet ?"
        r = self.call("POST", f"/v1/{name}/comments", {"comment": {"activity": "a1", "text": text}}, role="validator")
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["mentions"], ["organisations/assoc-oujda"])
        self.sys.wait(lambda: [n for n in self.bell("editor", "ma.sharaka.atlas.plan.comment.mentioned.v1")
                               if n["label"].startswith("@organisations/assoc-oujda pouvez-vous")], 15,
                      "the mention in the association's bell")
        # Refused: a non-member organisation or a person of one, no one, an unknown activity, HTML.
        for comment, field in (({"activity": "a1", "text": "@organisations/region-oriental voir"}, "comment.text"),
                               ({"activity": "a1", "text": "@other-editor voir"}, "comment.text"),
                               ({"activity": "a1", "text": "@nobody-here voir"}, "comment.text"),
                               ({"activity": "a9", "text": "voir"}, "comment.activity"),
                               ({"activity": "a1", "text": "<b>voir</b>"}, "comment.text"),
                               ({"activity": "a1", "text": ""}, "comment.text")):
            r = self.call("POST", f"/v1/{name}/comments", {"comment": comment}, role="validator")
            self.assertEqual(r.status, 400, (comment, r.body))
            self.assertEqual(fields(r), [field])
        comments = self.call("GET", f"/v1/{name}/comments?activity=a1").json()["comments"]
        self.assertEqual([c["text"] for c in comments], [text])
        self.assertEqual(comments[0]["authorOrganisation"], "organisations/ministry")
        # region-oriental, added as an observer, is told; it was told nothing before.
        self.assertEqual([n for n in self.bell("other_editor") if name in n["subject"]], [])
        members = p["members"] + [{"organisation": "organisations/region-oriental", "role": "PLAN_OBSERVER"}]
        r = self.call("PATCH", f"/v1/{name}?updateMask=members", {"members": members, "etag": p["etag"]})
        self.assertEqual(r.status, 200, r.body)
        self.sys.wait(lambda: [n for n in self.bell("other_editor", "ma.sharaka.atlas.plan.updated.v1")
                               if n["subject"] == name], 15, "the new member told")
        self.assertEqual([n for n in self.bell("editor", "ma.sharaka.atlas.plan.updated.v1") if n["subject"] == name], [])
        # A member organisation's person is mentioned by handle: that person is told, not the others.
        r = self.call("POST", f"/v1/{name}/comments",
                      {"comment": {"activity": "a2", "text": "@Other-Editor votre avis sur la formation ?"}}, role="validator")
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["mentions"], ["other-editor"])
        self.sys.wait(lambda: [n for n in self.bell("other_editor", "ma.sharaka.atlas.plan.comment.mentioned.v1")
                               if "votre avis sur la formation" in n["label"]], 15, "the person mentioned told")
        self.assertEqual([n for n in self.bell("editor", "ma.sharaka.atlas.plan.comment.mentioned.v1")
                          if "votre avis sur la formation" in n["label"]], [])

    def test_an_activity_coming_due_tells_its_owner_once(self):
        body = plan(title={"fr": "Plan à échéance (test)"})
        body["activities"][0]["endDate"] = today(2)
        body["activities"][1].update({"startDate": today(-30), "endDate": today(3), "status": "PLAN_ACTIVITY_DONE"})
        p = self.create(**{k: v for k, v in body.items()})
        due = lambda: [n for n in self.bell("editor", "ma.sharaka.atlas.plan.activity.due.v1") if n["subject"] == p["name"]]
        self.sys.wait(due, 20, "the due activity in its owner's bell")
        import time
        time.sleep(3)  # three more checks of the rule
        self.assertEqual(len(due()), 1, due())
        self.assertIn(today(2), due()[0]["label"])
        # The done activity (the ministry's) is announced to no one.
        self.assertEqual([n for n in self.bell("validator", "ma.sharaka.atlas.plan.activity.due.v1")
                          if n["subject"] == p["name"]], [])
        self.assertEqual([n for n in self.bell("other_editor") if n["subject"] == p["name"]], [])

    def test_exports_are_read_by_csv_and_icaljs(self):
        p = self.create()
        r = self.call("GET", f"/v1/{p['name']}:export?format=csv")
        self.assertEqual(r.status, 200, r.body)
        rows = list(csv.DictReader(io.StringIO(r.body)))
        self.assertEqual([(x["kind"], x["id"]) for x in rows], [("activity", "a1"), ("activity", "a2"), ("milestone", "m1")])
        self.assertEqual(rows[0]["title_fr"], "Guichet d'accueil; orientation, suivi")
        self.assertEqual(rows[0]["actions"], "actions/demo-a1")
        r = self.call("GET", f"/v1/{p['name']}:export?format=ics")
        self.assertEqual(r.status, 200, r.body)
        self.assertTrue(r.headers.get("Content-Type", "").startswith("text/calendar"), r.headers)
        out = subprocess.run(["node", os.path.join(ROOT, "tools/js/ical-read.mjs")], input=r.body.encode(),
                             capture_output=True, timeout=30, check=True)
        cal = json.loads(out.stdout)
        self.assertEqual(cal["name"], "[démo] Réintégration des Marocains de retour (test)")
        events = {e["uid"].split(".")[0]: e for e in cal["events"]}
        self.assertEqual(set(events), {"activity-a1", "activity-a2", "milestone-m1"})
        self.assertEqual(events["activity-a1"]["summary"], "[démo] Guichet d'accueil; orientation, suivi")
        self.assertEqual((events["activity-a1"]["start"], events["activity-a1"]["end"]), ("2026-01-15", "2027-01-01"))
        self.assertTrue(events["milestone-m1"]["allDay"])
        self.assertEqual(self.call("GET", f"/v1/{p['name']}:export?format=xlsx").status, 400)

    def test_pages_in_a_browser(self):
        body = plan(members=[{"organisation": "organisations/assoc-oujda", "role": "PLAN_OWNER"},
                             {"organisation": "organisations/ministry", "role": "PLAN_CONTRIBUTOR"},
                             {"organisation": "organisations/region-oriental", "role": "PLAN_OBSERVER"}])
        body["decisions"][0]["title"] = {"fr": "Lancement du guichet", "ar": "إطلاق الشباك"}
        p = self.create(**body)
        artifacts = os.path.join(self.sys.build, "test-artifacts", "web")
        fixtures = os.path.join(self.sys.dir, "plans-fixtures.json")
        with open(fixtures, "w") as f:
            json.dump({"plan": p["name"], "password": PASSWORD}, f)
        out = subprocess.run(["node", os.path.join(ROOT, "web", "tests", "plans.test.mjs"), self.sys.url,
                              artifacts, fixtures], capture_output=True, text=True, timeout=240)
        print(out.stdout, out.stderr)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)


if __name__ == "__main__":
    __import__("unittest").main()
