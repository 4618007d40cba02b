"""Every metric the alerting rules and the Grafana dashboard use exists in the
running processes' /metrics (deploy/observability/). The system runs with TLS
(so the certificate-expiry gauge exists) and is driven through sign-ins, a
write that flows through the outbox to the consumers, reads and a 429, so
that labelled series and histograms are populated. Metrics that come from
Prometheus itself or kube-state-metrics are listed in EXTERNAL."""
import json
import os
import re
import unittest

from harness import SERVICES, System
from test_tls import make_pki

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OBS = os.path.join(ROOT, "deploy", "observability")
EXTERNAL = {"up", "kube_pod_container_status_restarts_total"}


def metric_names(expr):
    """Metric names in a PromQL expression."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)          # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)                   # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)                  # ranges
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    names = set()
    for m in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr):
        rest = expr[m.end():].lstrip()
        word = m.group(0)
        if rest.startswith("(") or word in {"and", "or", "unless", "bool", "offset"}:
            continue  # a function or an operator
        names.add(word)
    return names


def used_metrics():
    exprs = re.findall(r"^\s*expr:\s*(\|?)(.*)$((?:\n {10,}.*)*)",
                       open(os.path.join(OBS, "atlas.rules.yaml")).read(), re.M)
    out = set()
    for _, line, block in exprs:
        out |= metric_names(line + block)
    dashboard = json.load(open(os.path.join(OBS, "grafana-dashboard.json")))
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            out |= metric_names(target["expr"])
    return out


class ObservabilityTest(unittest.TestCase):
    def test_every_alert_has_a_runbook(self):
        alerts = re.findall(r"^\s*- alert: (\w+)", open(os.path.join(OBS, "atlas.rules.yaml")).read(), re.M)
        runbooks = open(os.path.join(ROOT, "docs", "operations.md")).read()
        self.assertGreater(len(alerts), 10)
        self.assertEqual([a for a in alerts if f"### Runbook: {a}\n" not in runbooks], [])

    def test_every_metric_in_rules_and_dashboard_exists(self):
        used = used_metrics()
        self.assertGreater(len(used), 15, used)
        s = System()
        self.addCleanup(lambda: s.stop())
        pki = os.path.join(s.dir, "pki")
        os.makedirs(pki)
        make_pki(pki)
        tls = {"ATLAS_TLS_CERT_FILE": f"{pki}/server.pem", "ATLAS_TLS_KEY_FILE": f"{pki}/server.key"}
        env = {name: tls for name in SERVICES}
        env["gateway"] = {**tls, "ATLAS_BACKEND_TLS_CA_FILE": f"{pki}/ca.pem",
                          "ATLAS_RATE_LIMIT_TOKEN_RPS": "1", "ATLAS_RATE_LIMIT_TOKEN_BURST": "2"}
        s.start(extra_env=env)
        # Traffic: a failed and a good sign-in, a write through the event flow, reads, a 429.
        s.request("POST", "/v1/auth/token", as_admin=False, raw=b"grant_type=password&username=x&password=y",
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
        r = s.post("/v1/projects", {"title": {"fr": "Mesure (démo)"},
                                    "location": {"latitude": 34.0, "longitude": -2.0}})
        self.assertEqual(r.status, 200, r.body)
        name = r.json()["name"]
        s.wait(lambda: s.get("/v1/inbox?subject=" + name).json().get("entries"), 10, "event flow")
        for path in ("/v1/map/locations?bbox=-3,33,0,36", "/v1/datasets", "/v1/programmes"):
            s.get(path, as_admin=False)
        for _ in range(4):
            s.get("/v1/projects", as_admin=False, headers={"Authorization": "Bearer garbage"})
        exposed = set()
        for process in SERVICES + ["gateway"]:
            for line in s.metrics(process).splitlines():
                if line.startswith("# TYPE "):
                    exposed.add(line.split()[2])
                elif line and not line.startswith("#"):
                    exposed.add(re.split(r"[{ ]", line, 1)[0])
        missing = sorted(m for m in used - EXTERNAL if m not in exposed)
        self.assertEqual(missing, [], "used by deploy/observability but not exposed")


if __name__ == "__main__":
    unittest.main()
