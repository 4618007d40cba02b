"""Search that finds what people type (issue 22): the labelled set
tests/data/search/queries.json (fr/ar/en: morphology, multi-word, typos,
places, partners, prefixes, Arabic letter forms) over the test corpus
tests/data/search/corpus.json, published through the real system and asked
through the gateway as the public atlas asks (GET /v1/projects?q=…, first
page of ten). Reports recall@10 and nDCG@10 per language and per kind
(build/<preset>/test-artifacts/search-relevance.txt) and holds them to the
goal: recall@10 ≥ 0.9 in every language, and better than the PostgreSQL
full-text path it replaced (its figures on the same set, measured on the
commit named in queries.json's "baseline")."""
import json
import math
import os
import urllib.parse

from accounts import create_accounts
from harness import SystemTestCase, System

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "search")


def load(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return json.load(f)


def recall_at_10(found, relevant):
    return len(set(found[:10]) & set(relevant)) / min(10, len(relevant))


def ndcg_at_10(found, relevant):
    dcg = sum(1 / math.log2(i + 2) for i, p in enumerate(found[:10]) if p in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    return dcg / ideal


def evaluate(search, queries):
    """search(q) -> project keys in order; the figures per language and kind,
    and the queries that missed something."""
    rows, misses = [], []
    for lang, kind, q, relevant in queries:
        found = search(q)
        r, n = recall_at_10(found, relevant), ndcg_at_10(found, relevant)
        rows.append((lang, kind, r, n))
        if r < 1:
            misses.append(f"{lang} {q!r}: wanted {relevant}, first ten {found[:10]}")
    table = {}
    for key in sorted({(lang, "*") for lang, *_ in rows} | {(lang, kind) for lang, kind, *_ in rows}):
        picked = [(r, n) for lang, kind, r, n in rows if lang == key[0] and key[1] in ("*", kind)]
        table[key] = (sum(r for r, _ in picked) / len(picked), sum(n for _, n in picked) / len(picked),
                      len(picked))
    return table, misses


def report(table):
    lines = ["language kind           queries  recall@10  nDCG@10"]
    for (lang, kind), (r, n, count) in sorted(table.items(), key=lambda kv: (kv[0][0], kv[0][1] != "*", kv[0][1])):
        lines.append(f"{lang:8} {('all' if kind == '*' else kind):14} {count:7}  {r:9.3f}  {n:7.3f}")
    return "\n".join(lines)


class SearchRelevanceTest(SystemTestCase):
    @classmethod
    def setUpClass(cls):
        cls.sys = System().start(extra_env={"gateway": {"ATLAS_RATE_LIMIT_IP_RPS": "0",
                                                        "ATLAS_RATE_LIMIT_TOKEN_RPS": "0"}})
        cls.addClassCleanup(cls.sys.stop)
        tokens, _ = create_accounts(cls.sys)
        cls.keys = {}
        for key, fr, ar, en, themes, region, partners in load("corpus.json")["projects"]:
            body = {"title": {"fr": fr, "ar": ar, "en": en}, "themes": themes, "regionCodes": [region],
                    "status": "IMPLEMENTATION", "currency": "EUR", "demo": True,
                    "budget": [{"year": 2025, "amount": 100000}],
                    "plannedStart": {"year": 2024, "month": 1, "day": 1},
                    "plannedEnd": {"year": 2026, "month": 12, "day": 31},
                    "summary": {"fr": "Projet fictif du jeu de test de la recherche."},
                    "participatingOrganisations": [{"name": n, "role": "IMPLEMENTING"} for n in partners]}
            name = cls.call("POST", "/v1/projects", body, tokens["editor"])["name"]
            cls.call("POST", f"/v1/{name}:submit", {}, tokens["editor"])
            cls.call("POST", f"/v1/{name}:publish", {}, tokens["validator"])
            cls.keys[name] = key

    @classmethod
    def call(cls, method, path, body, token):
        r = cls.sys.request(method, path, body, headers={"Authorization": "Bearer " + token}, as_admin=False)
        assert r.status == 200, (path, r.body)
        return r.json()

    def search(self, q):
        r = self.sys.request("GET", "/v1/projects?pageSize=10&q=" + urllib.parse.quote(q), as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        return [self.keys.get(p["name"], p["name"]) for p in r.json().get("projects", [])]

    def test_recall_and_ndcg_at_10_per_language(self):
        labelled = load("queries.json")
        table, misses = evaluate(self.search, labelled["queries"])
        text = report(table)
        print("\n" + text + "\n" + "\n".join("  miss: " + m for m in misses))
        artifacts = os.path.join(self.sys.build, "test-artifacts")
        os.makedirs(artifacts, exist_ok=True)
        with open(os.path.join(artifacts, "search-relevance.txt"), "w", encoding="utf-8") as f:
            f.write(text + "\n" + "\n".join("miss: " + m for m in misses) + "\n")
        baseline = labelled.get("baseline", {})
        for lang in ("fr", "ar", "en"):
            recall, ndcg, _ = table[(lang, "*")]
            self.assertGreaterEqual(recall, 0.9, f"{lang}: recall@10 {recall:.3f}\n{text}")
            if lang in baseline:
                self.assertGreater(recall, baseline[lang]["recall@10"], f"{lang}: no better than before\n{text}")
                self.assertGreater(ndcg, baseline[lang]["nDCG@10"], f"{lang}: no better than before\n{text}")
