#!/usr/bin/env python3
"""One portfolio size, one registry mode (the in-memory mirror or PostgreSQL
alone): N sequential anonymous GET /v1/projects through the gateway, each a
filter combination never asked before (themes, regions, countries, statuses,
years, budget, order, page; a fifth with a text word), so no cache answers
it; then W times a write followed by the first search after it. A write here
is a real one through the gateway, as the administrator: a published
project's good-practice flag flipped (POST /v1/projects/{id}:setGoodPractice),
which changes its public version; its answer tells the gateway the change
log's generation, so the next anonymous search names it and the registry must
bring its mirror up to it first (decision 0040). Only the search is timed.
Appends one line per measurement to STATE/results.txt.
usage: measure.py LABEL MODE GATEWAY_URL STATE N W PG_PORT REGISTRY_PID
(the administrator's password: the file ATLAS_BOOTSTRAP_ADMIN_PASSWORD_FILE names)"""
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

label, mode, gw, state, n, w, port, pid = sys.argv[1:9]
n, w = int(n), int(w)
PSQL = ["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "atlas", "-tAq", "-c"]
USED = os.path.join(state, "used-queries.txt")
used = set(open(USED).read().split("\n")) if os.path.exists(USED) else set()
rng = random.Random(f"{label}/{mode}")

vocab = json.load(urllib.request.urlopen(f"{gw}/v1/vocabularies", timeout=30))
terms = {v["name"]: [t["code"] for t in v["terms"]] for v in vocab["vocabularies"]}
COUNTRIES = ["FRA", "ESP", "ITA", "BEL", "NLD", "DEU", "CAN", "USA"]
WORDS = ["reinsertion", "jeunes", "entrepreneurs", "diaspora", "investissement", "femmes",
         "compétences", "santé", "المقاولة", "youth"]
ORDERS = ["", "recent", "title", "budget", "-budget", "start", "-start"]


def combination():
    while True:
        q = []
        for name, field, p in (("themes", "themes", 0.5), ("regions", "regionCodes", 0.5),
                               ("target_groups", "targetGroups", 0.15)):
            for code in rng.sample(terms[name], rng.choice([1, 1, 2])) if rng.random() < p else []:
                q.append((field, code))
        if rng.random() < 0.4:
            q.append(("diasporaCountries", rng.choice(COUNTRIES)))
        if rng.random() < 0.3:
            q.append(("statuses", rng.choice(["PIPELINE", "IMPLEMENTATION", "CLOSED"])))
        if rng.random() < 0.3:
            y = rng.randint(2008, 2016)
            q += [("yearFrom", y), ("yearTo", y + rng.randint(0, 4))]
        if rng.random() < 0.3:
            q.append(("budgetMin", rng.randint(1, 20) * 50000))
        if rng.random() < 0.2:
            q.append(("q", rng.choice(WORDS)))
        order = rng.choice(ORDERS)
        if order:
            q.append(("orderBy", order))
        q.append(("pageSize", rng.choice([10, 20, 50])))
        if rng.random() < 0.2:
            q.append(("language", rng.choice(["ar", "en"])))
        s = urllib.parse.urlencode(q)
        if s not in used:
            used.add(s)
            return s, any(k == "q" for k, _ in q)


def get(query):
    start = time.perf_counter()
    with urllib.request.urlopen(f"{gw}/v1/projects?{query}", timeout=60) as r:
        r.read()
        assert r.status == 200
    return (time.perf_counter() - start) * 1000


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def rss_mib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


ids = subprocess.run(PSQL + ["SELECT id FROM registry.projects WHERE state = 3 ORDER BY seq LIMIT 200"],
                     check=True, capture_output=True, text=True).stdout.split()


form = urllib.parse.urlencode({
    "grant_type": "password", "username": "admin",
    "password": open(os.environ["ATLAS_BOOTSTRAP_ADMIN_PASSWORD_FILE"]).read().strip()}).encode()
with urllib.request.urlopen(f"{gw}/v1/auth/token", data=form, timeout=30) as r:
    token = json.load(r)["access_token"]
flags = {}  # project id -> its good-practice flag as the last write left it


def write():
    project = rng.choice(ids)
    flag = not flags.get(project, False)
    req = urllib.request.Request(f"{gw}/v1/projects/{project}:setGoodPractice",
                                 data=json.dumps({"goodPractice": flag}).encode(), method="POST",
                                 headers={"Content-Type": "application/json",
                                          "Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=60) as r:
        assert json.load(r).get("goodPractice", False) == flag
    flags[project] = flag


for _ in range(10):  # warm-up: connections, plans
    get(combination()[0])
filters, words = [], []
for _ in range(n):
    query, has_word = combination()
    (words if has_word else filters).append(get(query))
after_write = []
for _ in range(w):
    write()
    after_write.append(get(combination()[0]))
with open(USED, "w") as f:
    f.write("\n".join(sorted(used)))
with open(os.path.join(state, "results.txt"), "a") as out:
    for what, values in (("filters", filters), ("filters + a word", words),
                         ("first after a write", after_write)):
        line = (f"{label:18s} {mode:8s} {what:20s} {statistics.median(values):8.2f} "
                f"{pct(values, 99):8.2f} {len(values):6d} {rss_mib():9.1f}")
        print(line, flush=True)
        out.write(line + "\n")
