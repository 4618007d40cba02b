"""Authorization, table-driven: every RPC of every service is called as every
role, through the gateway (REST) and directly over gRPC (atlas-authz-probe),
and each outcome is compared with docs/authorization.md, the matrix generated
from the protos. Then the organisation boundary (an editor never reads
another organisation's drafts nor writes its projects, by REST or gRPC) and
the audit trail of refusals."""
import os
import re
import subprocess
import time
import unittest

from accounts import create_accounts
from harness import SERVICES, SystemTestCase

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROLES = ["public", "editor", "validator", "analyst", "admin", "service"]
UUID = "00000000-0000-4000-8000-000000000000"


def matrix():
    """[(full method, http method, path template, {role: allowed})] from the doc;
    gRPC-only (streaming) RPCs have no http method (None)."""
    rows = []
    with open(os.path.join(ROOT, "docs", "authorization.md")) as f:
        for line in f:
            m = re.match(r"\| `([^`]+)/([^`]+)` \| (?:`(\w+) ([^`]+)`|—) \|(.*)", line)
            if not m:
                continue
            cells = [c.strip() for c in m.group(5).split("|")]
            allowed = {role: cells[i] == "✔" for i, role in enumerate(ROLES)}
            rows.append((m.group(1) + "." + m.group(2), m.group(3), m.group(4), allowed))
    return rows


def concrete(template):
    """/v1/{name=projects/*}:x -> /v1/projects/<uuid>:x"""
    return re.sub(r"\{[^=}]+=([^}]+)\}", lambda m: m.group(1).replace("*", UUID), template)


class AuthzTest(SystemTestCase):
    # Every RPC as every role in quick succession: not a rate-limit test.
    extra_env = {"gateway": {"ATLAS_RATE_LIMIT_TOKEN_RPS": "0", "ATLAS_RATE_LIMIT_IP_RPS": "0"}}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tokens, cls.client = create_accounts(cls.sys)

    def headers(self, role):
        t = self.tokens[role]
        return {"Authorization": "Bearer " + t} if t else {}

    def expect(self, allowed, role):
        return "allowed" if allowed else ("unauthenticated" if role == "public" else "denied")

    def test_every_rpc_as_every_role_through_rest(self):
        rows = matrix()
        self.assertGreater(len(rows), 15, "the matrix lists every RPC")
        mismatches = []
        for method, verb, template, allowed in rows:
            if verb is None:
                continue  # gRPC only: checked by the probe below
            for role in ROLES:
                r = self.sys.request(verb, concrete(template),
                                     body={} if verb in ("POST", "PATCH") else None,
                                     headers=self.headers(role), as_admin=False)
                got = {401: "unauthenticated", 403: "denied"}.get(r.status, "allowed")
                if got != self.expect(allowed[role], role):
                    mismatches.append(f"{verb} {template} as {role}: {r.status} {r.body[:120]}")
        self.assertEqual(mismatches, [])

    def test_every_rpc_as_every_role_directly_over_grpc(self):
        s = self.sys
        args = [os.path.join(s.build, "tools", "atlas-authz-probe")]
        for svc in SERVICES:
            name = f"atlas.{svc}.v1.{svc.capitalize()}Service"
            args += ["--service", f"{name}=127.0.0.1:{s.ports[svc][0]}"]
        args += ["--service", f"atlas.identity.v1.IdentityService=127.0.0.1:{s.gw_grpc}"]
        for role in ROLES[1:]:
            path = os.path.join(s.dir, f"token-{role}")
            with open(path, "w") as f:
                f.write(self.tokens[role])
            args += ["--caller", f"{role}={path}"]
        out = subprocess.run(args, check=True, capture_output=True, text=True, timeout=120).stdout
        seen = {}
        for line in out.splitlines():
            method, role, code = line.split()
            seen[(method, role)] = {"UNAUTHENTICATED": "unauthenticated",
                                    "PERMISSION_DENIED": "denied"}.get(code, "allowed")
        mismatches = []
        for method, _, _, allowed in matrix():
            for role in ROLES:
                want = self.expect(allowed[role], role)
                if seen.get((method, role)) != want:
                    mismatches.append(f"{method} as {role}: {seen.get((method, role))}, want {want}")
        self.assertEqual(mismatches, [])

    def test_editors_stay_inside_their_organisation_over_rest(self):
        s = self.sys
        r = s.post("/v1/projects", {"title": {"fr": "Brouillon de l'association"},
                                    "location": {"latitude": 34.68, "longitude": -1.91}},
                   headers=self.headers("editor"), as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        draft = r.json()
        self.assertEqual(draft["organisation"], "organisations/assoc-oujda")
        self.assertEqual(draft["state"], "DRAFT")
        name = draft["name"]
        # Its own organisation (editor and service account) and validators see it.
        for role in ("editor", "service", "validator", "analyst", "admin"):
            self.assertEqual(s.get("/v1/" + name, headers=self.headers(role), as_admin=False).status,
                             200, role)
        # Another organisation's editor and the public do not: it does not exist for them.
        for role in ("other_editor", "public"):
            r = s.get("/v1/" + name, headers=self.headers(role), as_admin=False)
            self.assertEqual(r.status, 404, role)
            listed = s.get("/v1/projects", headers=self.headers(role), as_admin=False).json()
            self.assertNotIn(name, [p["name"] for p in listed.get("projects", [])], role)
        # The map read model (geo) applies the same rule to the draft's point.
        box = "/v1/map/locations?bbox=-3,33,0,36"

        def on_map(role):
            found = s.get(box, headers=self.headers(role), as_admin=False).json()
            return name in [l["project"] for l in found.get("locations", [])]
        s.wait(lambda: on_map("editor"), 10, "geo has the draft")
        self.assertTrue(on_map("validator"))
        self.assertFalse(on_map("other_editor"))
        self.assertFalse(on_map("public"))
        # Nor may it write for the association.
        r = s.post("/v1/projects", {"title": {"fr": "Usurpation"}, "organisation": "organisations/assoc-oujda"},
                   headers={**self.headers("other_editor"), "Accept-Language": "fr"}, as_admin=False)
        self.assertEqual(r.status, 403, r.body)
        self.assertIn("votre organisation", r.json()["message"])

    def test_editors_stay_inside_their_organisation_over_grpc(self):
        s = self.sys
        client = os.path.join(s.build, "tools", "atlas-partner-client")
        secret = os.path.join(s.dir, "client-secret")
        with open(secret, "w") as f:
            f.write(self.client["clientSecret"])
        base = [client, "--gateway", s.url, "--registry", f"127.0.0.1:{s.ports['registry'][0]}",
                "--client-id", self.client["clientId"], "--client-secret-file", secret]
        made = subprocess.run(base + ["create", "Créé par le système partenaire"],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(made.returncode, 0, made.stderr)
        name, org, state, _ = made.stdout.strip().split("\t")
        self.assertEqual((org, state), ("organisations/assoc-oujda", "DRAFT"))
        # The service account reads its organisation's draft…
        got = subprocess.run(base + ["get", name], capture_output=True, text=True, timeout=30)
        self.assertEqual(got.returncode, 0, got.stderr)
        # …but may not create for another organisation.
        other = subprocess.run(base + ["create", "Pour une autre", "--organisation",
                                       "organisations/region-oriental"],
                               capture_output=True, text=True, timeout=30)
        self.assertEqual(other.returncode, 1)
        self.assertTrue(other.stderr.startswith("PERMISSION_DENIED"), other.stderr)
        # Another organisation's editor cannot see the draft over REST either.
        self.assertEqual(s.get("/v1/" + name, headers=self.headers("other_editor"),
                               as_admin=False).status, 404)

    def test_refusals_and_sign_ins_are_audited_in_an_append_only_log(self):
        s = self.sys
        # A role refusal inside the registry (validators do not create projects)…
        r = s.post("/v1/projects", {"title": {"fr": "x"}}, headers=self.headers("validator"), as_admin=False)
        self.assertEqual(r.status, 403)
        # …and a failed sign-in at the gateway.
        s.request("POST", "/v1/auth/token", as_admin=False,
                  raw=b"grant_type=password&username=editor&password=wrong-password",
                  headers={"Content-Type": "application/x-www-form-urlencoded"})

        def entries(kind):
            return s.get("/v1/auditEntries?kind=" + kind).json().get("entries", [])
        s.wait(lambda: any(e["target"] == "atlas.registry.v1.RegistryService.CreateProject"
                           for e in entries("permission.denied")), 10, "registry denial audited")
        failed = entries("login.failed")
        self.assertTrue(any('"wrong password"' in e["detail"] for e in failed), failed)
        self.assertTrue(entries("login.succeeded"))
        self.assertTrue(entries("user.created"))
        # Append-only: the database itself refuses changes.
        for sql in ("UPDATE gateway.audit_log SET kind = 'x'", "DELETE FROM gateway.audit_log",
                    "TRUNCATE gateway.audit_log"):
            with self.assertRaises(subprocess.CalledProcessError, msg=sql):
                s.psql(sql, db=s.db)


if __name__ == "__main__":
    unittest.main()
