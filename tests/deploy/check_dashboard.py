#!/usr/bin/env python3
"""The Grafana dashboard's PromQL parses: every panel query (and the template
variable's query) becomes a recording rule in a temporary rule file, with
Grafana's variables replaced by values they take ($job -> a regex,
$__rate_interval -> 1m), and `promtool check rules` parses them all. That the
metrics exist in the processes is system.observability's job. Exit 1 if any
query does not parse or a panel refers to an unknown variable."""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DASHBOARD = os.path.join(ROOT, "deploy", "observability", "grafana-dashboard.json")
VALUES = {"job": "atlas-.*", "__rate_interval": "1m", "__interval": "30s", "__range": "1h"}


def substitute(expr, problems, where):
    def value(m):
        name = m.group(1) or m.group(2)
        if name not in VALUES:
            problems.append(f"{where}: unknown variable ${name}")
            return "x"
        return VALUES[name]
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", value, expr)


def main():
    dashboard = json.load(open(DASHBOARD))
    problems, rules = [], []
    for var in dashboard.get("templating", {}).get("list", []):
        m = re.fullmatch(r"label_values\((.*),\s*\w+\)", var.get("query", "")) if var["type"] == "query" else None
        if var["type"] == "query" and not m:
            problems.append(f"variable {var['name']}: not a label_values(QUERY, LABEL) query")
        elif m:
            rules.append({"record": f"dashboard:variable_{var['name']}",
                          "expr": substitute(m.group(1), problems, f"variable {var['name']}")})
    for panel in dashboard["panels"]:
        for t in panel.get("targets", []):
            where = f"panel {panel['id']} ({panel['title']}) {t['refId']}"
            rules.append({"record": f"dashboard:panel_{panel['id']}_{t['refId']}",
                          "expr": substitute(t["expr"], problems, where)})
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, f)
    r = subprocess.run(["promtool", "check", "rules", f.name], capture_output=True, text=True)
    os.unlink(f.name)
    if r.returncode != 0:
        problems.append("promtool: " + (r.stderr or r.stdout).strip())
    for p in problems:
        print("grafana-dashboard.json:", p)
    print(f"{len(rules)} dashboard queries parsed by promtool, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
