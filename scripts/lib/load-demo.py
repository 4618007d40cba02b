#!/usr/bin/env python3
"""Loads demo data through the public API as the administrator: demo partner
organisations, one demo account per role, a demo service account, and the
demo projects (POST /v1/projects?requestId=…) and the demo Maisons des
Marocains du Monde (maisons.json beside PROJECTS_JSON). Everything is labelled
as demo data. Idempotent: a second run creates nothing new. Generated passwords and
the service account's secret are written to ACCOUNTS_FILE (mode 0600).
usage: load-demo.py URL PROJECTS_JSON ADMIN_PASSWORD_FILE ACCOUNTS_FILE"""
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

url, path, password_file, accounts_file = sys.argv[1:5]
form = urllib.parse.urlencode({"grant_type": "password", "username": "admin",
                               "password": open(password_file).read().strip()}).encode()
with urllib.request.urlopen(url + "/v1/auth/token", data=form, timeout=10) as resp:
    token = json.load(resp)["access_token"]


def call(method, route, body):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + route, data=data, method=method,
                                 headers={"Content-Type": "application/json",
                                          "Authorization": "Bearer " + token})
    for _ in range(30):
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, json.load(resp)
        except urllib.error.HTTPError as e:
            if e.code != 429:  # the gateway's rate limit: wait as it says
                return e.code, json.loads(e.read() or b"{}")
            time.sleep(float(e.headers.get("Retry-After", "1")))
    return 429, {}


ORGS = [
    ("demo-assoc-oujda", "DIASPORA_ASSOCIATION", "FRA",
     "Association des Marocains de France pour l'Oriental (démo)",
     "جمعية مغاربة فرنسا من أجل الجهة الشرقية (تجريبي)",
     "Association of Moroccans in France for the Oriental (demo)"),
    ("demo-region-oriental", "REGION", "MAR", "Région de l'Oriental — services (démo)",
     "جهة الشرق — المصالح (تجريبي)", "Oriental Region — services (demo)"),
    ("demo-ong-souss", "NGO", "MAR", "ONG Souss Migration et Développement (démo)",
     "منظمة سوس للهجرة والتنمية (تجريبي)", "Souss Migration and Development NGO (demo)"),
    ("demo-eu-partner", "DONOR", "BEL", "Partenaire européen — coopération (démo)",
     "شريك أوروبي — التعاون (تجريبي)", "European partner — cooperation (demo)"),
]
for org_id, kind, country, fr, ar, en in ORGS:
    status, body = call("POST", "/v1/organisations?organisationId=" + org_id,
                        {"displayNameFr": fr, "displayNameAr": ar, "displayNameEn": en,
                         "kind": kind, "country": country, "demo": True})
    if status not in (200, 409):
        sys.exit(f"creating organisation {org_id} failed: HTTP {status} {body}")

# Accounts: what this run (or an earlier one) generated.
known = {}
if os.path.exists(accounts_file):
    for line in open(accounts_file):
        if line.strip() and not line.startswith("#"):
            parts = line.split()
            known[parts[0]] = parts[1:]
USERS = [("demo-editor", "demo-assoc-oujda", ["editor"]),
         ("demo-editor-oriental", "demo-region-oriental", ["editor"]),
         ("demo-validator", "ministry", ["validator"]),
         ("demo-analyst", "ministry", ["analyst"])]
for username, org, roles in USERS:
    status, body = call("POST", "/v1/users", {"user": {"username": username,
                                                       "organisation": "organisations/" + org,
                                                       "roles": roles}})
    if status == 200:
        known[username] = [body["initialPassword"], org, ",".join(roles)]
    elif status != 409:
        sys.exit(f"creating user {username} failed: HTTP {status} {body}")
if "demo-service-account" not in known:
    status, body = call("POST", "/v1/serviceAccounts",
                        {"displayName": "Demo partner system (démo)",
                         "organisation": "organisations/demo-assoc-oujda"})
    if status != 200:
        sys.exit(f"creating the demo service account failed: HTTP {status} {body}")
    known["demo-service-account"] = [body["clientId"], body["clientSecret"], "demo-assoc-oujda"]
old = os.umask(0o077)
with open(accounts_file, "w") as f:
    f.write("# Demo accounts (demo data). user: name password organisation roles;\n"
            "# service account: name client_id client_secret organisation.\n"
            "# Lost a password? atlasctl users reset-password NAME (docs/security.md).\n")
    for name, values in known.items():
        f.write(" ".join([name, *values]) + "\n")
os.umask(old)
os.chmod(accounts_file, 0o600)

# Demo e-mail subscriptions, so the mail catcher shows what the demo sends:
# the validator hears of submissions (French), the Oujda editor of decisions
# on its projects (Arabic). example.org addresses (RFC 2606): nobody real.
DEMO_MAIL = {"demo-validator": (["project.submitted"], "fr"),
             "demo-editor": (["project.published", "project.rejected"], "ar")}
for username, (kinds, lang) in DEMO_MAIL.items():
    if username not in known:
        continue
    form = urllib.parse.urlencode({"grant_type": "password", "username": username,
                                   "password": known[username][0]}).encode()
    req = urllib.request.Request(url + "/v1/auth/token", data=form, method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            user_token = json.load(resp)["access_token"]
    except urllib.error.HTTPError:
        continue  # a password changed since: the demo goes on without it
    admin_token, token = token, user_token
    status, body = call("GET", "/v1/subscriptions", None)
    if status == 200 and not any(s.get("channel") == "email" for s in body.get("subscriptions", [])):
        status, body = call("POST", "/v1/subscriptions",
                            {"kinds": kinds, "channel": "email", "language": lang,
                             "email": f"{username}@example.org"})
        if status != 200:
            sys.exit(f"subscribing {username} failed: HTTP {status} {body}")
    token = admin_token

projects = json.load(open(path, encoding="utf-8"))
published = []  # the demo projects with a public version, in order
# Each demo project is created (idempotent on its requestId), then taken
# along the workflow to its target state by the administrator; a second run
# finds it there and does nothing.
ORDER = ["DRAFT", "SUBMITTED", "PUBLISHED"]
for item in projects:
    project = dict(item["project"], organisation="organisations/" + item["owner"])
    status, body = call("POST", "/v1/projects?requestId=" + urllib.parse.quote(item["requestId"]),
                        project)
    if status != 200:
        sys.exit(f"loading {item['requestId']} failed: HTTP {status} {body}")
    name, state, target = body["name"], body["state"], item["targetState"]
    if target == "PUBLISHED":
        published.append(name)
    steps = {"DRAFT": [], "SUBMITTED": [":submit"], "PUBLISHED": [":submit", ":publish"],
             "REJECTED": [":submit", ":reject"]}[target]
    if state == "DRAFT" and body["revision"] == "1":
        if body.get("title", {}).get("fr") != project["title"]["fr"]:
            # Created by an older demo set under the same requestId: bring
            # it up to this one.
            mask = ",".join(k for k in item["project"] if k != "demo")
            status, body = call("PATCH", f"/v1/{name}?updateMask={mask}",
                                dict(item["project"], etag=body["etag"]))
            if status != 200:
                sys.exit(f"updating {item['requestId']} failed: HTTP {status} {body}")
        for verb in steps:
            reason = "Budget par année à préciser (démo)." if verb == ":reject" else ""
            status, body = call("POST", f"/v1/{name}{verb}", {"reason": reason} if reason else {})
            if status != 200:
                sys.exit(f"{verb} {item['requestId']} failed: HTTP {status} {body}")
    if item.get("evaluation"):
        status, evals = call("GET", f"/v1/{name}/evaluations", None)
        if status == 200 and not evals.get("evaluations"):
            status, created = call("POST", f"/v1/{name}/evaluations", item["evaluation"])
            if status != 200:
                sys.exit(f"evaluating {item['requestId']} failed: HTTP {status} {created}")
    if item.get("goodPractice") and not body.get("goodPractice"):
        status, body = call("POST", f"/v1/{name}:setGoodPractice", {"goodPractice": True})
        if status != 200:
            sys.exit(f"flagging {item['requestId']} failed: HTTP {status} {body}")
# The budget programming (demo): version 1 (2025–2027, adopted) comes from
# data/demo/programmes.sql; here it is rolled to 2026–2028 through the API,
# a few lines changed with their reason, adopted, and rolled again to a
# 2027–2029 draft — three versions, as an analyst would make them.
status, body = call("GET", "/v1/programmings", None)
versions = body.get("programmings", []) if status == 200 else []
if len(versions) == 1:
    status, v2 = call("POST", "/v1/programmings/1:roll", {})
    if status != 200:
        sys.exit(f"rolling the demo programming failed: HTTP {status} {v2}")
    status, body = call("GET", f"/v1/{v2['name']}/lines?programme=programmes/demo-104", None)
    for line in [l for l in body.get("lines", []) if l["year"] == 2027][:6]:
        raised = dict(line, ce=str(int(line["ce"]) + 1_000_000),
                      reason="Renforcement de l'investissement de la diaspora (démo)")
        status, changed = call("POST", f"/v1/{v2['name']}/lines:set", raised)
        if status != 200:
            sys.exit(f"changing a demo budget line failed: HTTP {status} {changed}")
    for verb in (":adopt", ":roll"):
        status, body = call("POST", f"/v1/{v2['name']}{verb}", {})
        if status != 200:
            sys.exit(f"{verb} of the demo programming failed: HTTP {status} {body}")
# The demo actions fund the published demo projects (ten programmes, the
# actions in turn); the link needs atlas-indicators to have seen the
# project's publication, hence the short retries. Idempotent.
status, body = call("GET", "/v1/actions/demo-101-a01", None)
if status == 200:
    for i, name in enumerate(published):
        action = f"demo-{101 + i % 10}-a{(i // 10) % 30 + 1:02d}"
        for _ in range(50):
            status, body = call("POST", f"/v1/actions/{action}:linkProject", {"project": name})
            if status != 400:
                break
            time.sleep(0.2)
        if status != 200:
            sys.exit(f"linking {name} to {action} failed: HTTP {status} {body}")
# The demo Maisons des Marocains du Monde (data/demo/maisons.json, beside the
# projects): one per region, labelled demo; the requestId makes it idempotent.
maisons_path = os.path.join(os.path.dirname(path), "maisons.json")
maisons = json.load(open(maisons_path))["maisons"] if os.path.exists(maisons_path) else []
for item in maisons:
    status, body = call("POST", "/v1/maisons", {"maison": item["maison"],
                                                "requestId": item["requestId"]})
    if status != 200:
        sys.exit(f"loading {item['requestId']} failed: HTTP {status} {body}")
# The demo library: four fictitious documents with generated PDFs (each says
# it is a demo), one linked to the first demo evaluation, one restricted.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import base64  # noqa: E402
import minipdf  # noqa: E402
evaluation = ""
for name in published:
    status, body = call("GET", f"/v1/{name}/evaluations", None)
    if status == 200 and body.get("evaluations"):
        evaluation = body["evaluations"][0]["name"]
        break
DOCS = [
    ("STUDY", "Étude sur les jeunes entrepreneurs marocains du monde (démo)",
     "دراسة حول الشباب المقاولين المغاربة المقيمين بالخارج (تجريبية)", ["MA-02", "MA-06"],
     ["entrepreneurship"], "PUBLIC_DOCUMENT", [],
     ["Étude de démonstration : document fictif.", "Les jeunes entrepreneurs de la diaspora",
      "créent des entreprises dans leur région d'origine ; l'étude décrit leurs besoins",
      "de financement, d'accompagnement et de mise en réseau."]),
    ("DIAGNOSTIC", "Diagnostic de la mobilisation des compétences de la diaspora (démo)",
     "تشخيص تعبئة كفاءات الجالية (تجريبي)", ["MA-04"], ["skills"], "PUBLIC_DOCUMENT", [],
     ["Diagnostic de démonstration : document fictif.", "Mobilisation des compétences :",
      "médecins, ingénieurs et chercheurs marocains à l'étranger, missions courtes et mentorat."]),
    ("EVALUATION_REPORT", "Évaluation approfondie d'un projet (démo)",
     "تقييم معمق لمشروع (تجريبي)", ["MA-02"], [], "PUBLIC_DOCUMENT",
     [evaluation] if evaluation else [],
     ["Évaluation de démonstration : document fictif.", "Pertinence, cohérence, efficacité,",
      "efficience, impact et durabilité (critères du CAD)."]),
    ("MINUTES", "Procès-verbal du comité de pilotage (démo)", "محضر لجنة القيادة (تجريبي)", [], [],
     "RESTRICTED_DOCUMENT", [],
     ["Procès-verbal de démonstration : document fictif, réservé aux utilisateurs connectés.",
      "Co-construction des actions conjointes : réintégration des Marocains de retour."]),
]
for i, (kind, fr, ar, regions, themes, access, evaluations, lines) in enumerate(DOCS, 1):
    document = {"title": {"fr": fr, "ar": ar}, "kind": kind, "language": "fr", "access": access,
                "date": "2025", "regionCodes": regions, "themes": themes, "evaluations": evaluations,
                "authors": ["Atlas Sharaka (démo)"], "commissionedBy": "Données de démonstration",
                "abstract": {"fr": " ".join(lines)}, "demo": True}
    status, body = call("POST", "/v1/documents", {
        "document": document, "fileName": f"demo-{i}.pdf", "requestId": f"demo-document-{i}",
        "file": base64.b64encode(minipdf.pdf([lines])).decode()})
    if status != 200:
        sys.exit(f"loading demo document {i} failed: HTTP {status} {body}")
# The demo co-construction plan: the ministry owns it with a European partner
# and two Moroccan ones; the registry learns the demo organisations from the
# gateway's events, hence the short retries. Idempotent (requestId).
restricted_minutes = ""
status, body = call("GET", "/v1/documents?pageSize=50", None)
for d in body.get("documents", []) if status == 200 else []:
    if d.get("access") == "RESTRICTED_DOCUMENT" and d.get("demo"):
        restricted_minutes = d["name"]
year = time.gmtime().tm_year
PLAN = {
    "title": {"fr": "Réintégration des Marocains de retour — plan conjoint Maroc–UE (démo)",
              "ar": "إعادة إدماج المغاربة العائدين — خطة مشتركة بين المغرب والاتحاد الأوروبي (تجريبية)",
              "en": "Reintegration of returning Moroccans — joint Morocco–EU plan (demo)"},
    "summary": {"fr": "Plan de démonstration : organisations, activités et dates fictives."},
    "members": [{"organisation": "organisations/ministry", "role": "PLAN_OWNER"},
                {"organisation": "organisations/demo-eu-partner", "role": "PLAN_CONTRIBUTOR"},
                {"organisation": "organisations/demo-assoc-oujda", "role": "PLAN_CONTRIBUTOR"},
                {"organisation": "organisations/demo-region-oriental", "role": "PLAN_OBSERVER"}],
    "objectives": [{"id": "o1", "title": {"fr": "Accueillir et orienter les personnes de retour",
                                          "ar": "استقبال العائدين وتوجيههم"}},
                   {"id": "o2", "title": {"fr": "Accompagner leurs projets économiques",
                                          "ar": "مواكبة مشاريعهم الاقتصادية"}}],
    "activities": [
        {"id": "a1", "title": {"fr": "Guichet d'accueil dans les Maisons des Marocains du Monde",
                               "ar": "شباك الاستقبال في دور المغاربة المقيمين بالخارج"},
         "objective": "o1", "owner": "organisations/ministry", "startDate": f"{year - 1}-09-01",
         "endDate": f"{year}-06-30", "status": "PLAN_ACTIVITY_DONE"},
        {"id": "a2", "title": {"fr": "Formation des conseillers à l'orientation", "ar": "تكوين مستشاري التوجيه"},
         "objective": "o1", "owner": "organisations/demo-eu-partner", "startDate": f"{year}-01-15",
         "endDate": f"{year + 1}-03-31", "status": "PLAN_ACTIVITY_ONGOING"},
        {"id": "a3", "title": {"fr": "Fonds d'amorçage pour les entrepreneurs de retour",
                               "ar": "صندوق الانطلاق للمقاولين العائدين"},
         "objective": "o2", "owner": "organisations/demo-assoc-oujda", "startDate": f"{year + 1}-01-01",
         "endDate": f"{year + 2}-12-31", "status": "PLAN_ACTIVITY_PLANNED",
         "projects": published[:1], "actions": ["actions/demo-101-a01"]},
    ],
    "milestones": [{"id": "m1", "title": {"fr": "Premier guichet ouvert"}, "date": f"{year - 1}-10-01",
                    "activity": "a1", "reached": True},
                   {"id": "m2", "title": {"fr": "Premiers fonds engagés"}, "date": f"{year + 1}-06-30",
                    "activity": "a3"}],
    "decisions": [{"id": "d1", "date": f"{year - 1}-07-10", "title": {"fr": "Lancement du plan (démo)"},
                   "minutes": "Réunion de démonstration.\nDécision : lancer le guichet d'accueil.",
                   "documents": [restricted_minutes] if restricted_minutes else []}],
    "demo": True,
}
for _ in range(50):
    status, body = call("POST", "/v1/plans", {"plan": PLAN, "requestId": "demo-plan-1"})
    if status != 400:
        break
    time.sleep(0.2)
if status != 200:
    sys.exit(f"loading the demo plan failed: HTTP {status} {body}")
print(f"{len(ORGS)} demo organisations, {len(USERS)} demo users, 1 demo service account, "
      f"{len(projects)} demo projects, {len(maisons)} demo Maisons, {len(DOCS)} demo library "
      f"documents, 1 demo co-construction plan loaded; accounts in {accounts_file}")
