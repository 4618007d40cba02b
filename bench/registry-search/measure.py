#!/usr/bin/env python3
"""One portfolio size: for each query, N sequential GET /v1/projects through the
gateway (anonymous, as the public atlas calls it), then the statements the
registry sent for that request, captured from PostgreSQL's log, replayed N
times by pgbench (one client, same database). Twice: "cold", the facet counts
recomputed for every request (a write bumps registry.search_generation before
each one, untimed), and "warm", repeated requests answered from the facet
cache. Appends a line per query and mode to STATE/results.txt.
usage: measure.py LABEL GATEWAY_URL STATE N PG_PORT"""
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request

label, gw, state, n, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
QUERIES = [
    "pageSize=20",
    "themes=skills&regionCodes=MA-02&pageSize=20",
    "q=reinsertion&pageSize=20",
    "diasporaCountries=FRA&yearFrom=2010&yearTo=2012&budgetMin=100000&orderBy=-budget&pageSize=20",
]
PSQL = ["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "atlas", "-tAq", "-c"]
PG_LOG = os.path.join(state, "pg.log")


def get(query):
    start = time.perf_counter()
    with urllib.request.urlopen(f"{gw}/v1/projects?{query}", timeout=60) as r:
        body = r.read()
        assert r.status == 200
    return (time.perf_counter() - start) * 1000, body


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def bump():
    """What a write does to the facet cache (not timed)."""
    subprocess.run(PSQL + ["UPDATE registry.search_generation SET n = n + 1"], check=True)


def capture(query, cold):
    """The registry's statements for one request, parameters inlined."""
    if cold:
        bump()
    subprocess.run(PSQL + ["ALTER SYSTEM SET log_min_duration_statement = 0"], check=True)
    subprocess.run(PSQL + ["SELECT pg_reload_conf()"], check=True, capture_output=True)
    time.sleep(0.3)
    offset = os.path.getsize(PG_LOG)
    get(query)
    time.sleep(0.3)
    subprocess.run(PSQL + ["ALTER SYSTEM RESET log_min_duration_statement"], check=True)
    subprocess.run(PSQL + ["SELECT pg_reload_conf()"], check=True, capture_output=True)
    with open(PG_LOG, encoding="utf-8", errors="replace") as f:
        f.seek(offset)
        text = f.read()
    entries = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", text)
    statements = []
    for i, e in enumerate(entries):
        m = re.search(r"execute <unnamed>: (.*)", e, re.S)
        if not m or "project_search" not in m.group(1):
            continue
        sql = m.group(1).strip()
        params = {}
        if i + 1 < len(entries) and "parameters:" in entries[i + 1]:
            for num, val in re.findall(r"\$(\d+) = ('(?:[^']|'')*'|NULL)", entries[i + 1]):
                params[int(num)] = val
        for num in sorted(params, reverse=True):
            sql = sql.replace(f"${num}", params[num])
        statements.append(sql)
    assert statements, "no registry statement captured"
    return statements


def pgbench(statements, tag):
    script = os.path.join(state, f"bench-{tag}.sql")
    with open(script, "w", encoding="utf-8") as f:
        f.write("BEGIN;\nSET LOCAL search_path = registry, public;\n"
                "SET LOCAL pg_trgm.word_similarity_threshold = 0.5;\n")
        for s in statements:
            f.write(s.rstrip(";") + ";\n")
        f.write("COMMIT;\n")
    prefix = os.path.join(state, f"pgbench-{tag}")
    for old in [p for p in os.listdir(state) if p.startswith(f"pgbench-{tag}")]:
        os.remove(os.path.join(state, old))
    pg = "/usr/lib/postgresql/15/bin/pgbench"
    subprocess.run([pg, "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-n", "-c", "1",
                    "-t", str(n), "-f", script, "--log", f"--log-prefix={prefix}", "atlas"],
                   check=True, capture_output=True, cwd=state)
    log = next(p for p in os.listdir(state) if p.startswith(f"pgbench-{tag}."))
    with open(os.path.join(state, log)) as f:
        return [int(line.split()[2]) / 1000 for line in f if line.strip()]


with open(os.path.join(state, "results.txt"), "a") as out:
    for k, q in enumerate(QUERIES):
        for _ in range(10):  # warm-up: connections, caches, plans
            get(q)
        for mode in ("cold", "warm"):
            http = []
            for _ in range(n if mode == "warm" else max(5, n // 4)):
                if mode == "cold":
                    bump()
                http.append(get(q)[0])
            db = pgbench(capture(q, mode == "cold"), f"{label.split()[0]}-{k}-{mode}")
            ratio = statistics.median(http) / statistics.median(db)
            shown = q if len(q) <= 40 else q[:37] + "…"
            line = (f"{shown:40s} {mode:4s} {label:16s} {statistics.median(http):9.2f} "
                    f"{pct(http, 99):9.2f} {statistics.median(db):9.2f} {pct(db, 99):9.2f} "
                    f"{ratio:7.2f}")
            print(line, flush=True)
            out.write(line + "\n")
