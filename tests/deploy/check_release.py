#!/usr/bin/env python3
"""deploy/k8s/release pins every image of the prod overlay by digest and
refuses to render when one has none (issue 17: images pinned in prod). The
digests here are made up for the test (sha256 of the image's name): the real
ones come from the release pipeline."""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RELEASE = os.path.join(ROOT, "deploy", "k8s", "release")
sys.path.insert(0, os.path.join(ROOT, "deploy", "k8s"))


def images(text):
    out = []
    for obj in yaml.safe_load_all(text):
        if not obj:
            continue
        spec = obj.get("spec", {})
        if obj["kind"] == "Cluster":
            out.append(spec["imageName"])
        pod = spec.get("template", {}).get("spec")
        if pod:
            out += [c["image"] for c in pod.get("initContainers", []) + pod.get("containers", [])]
    return out


def run(digests):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(digests, f)
    try:
        return subprocess.run([RELEASE, "--digests", f.name], capture_output=True, text=True)
    finally:
        os.unlink(f.name)


def main():
    problems = []
    first = run({})
    wanted = sorted({i.strip() for i in first.stderr.split("no digest for:", 1)[-1].split(",")})
    if first.returncode == 0 or not wanted:
        return print("release must refuse to render without digests") or 1
    expected = {"registry.example.org/sharaka/atlas-gateway:0.1.0", "nats:2.9.10-alpine",
                "ghcr.io/cloudnative-pg/postgis:15-3.3"}
    if not expected <= set(wanted):
        problems.append(f"release did not list every image: {wanted}")
    digests = {i: "sha256:" + hashlib.sha256(i.encode()).hexdigest() for i in wanted}
    ok = run(digests)
    if ok.returncode != 0:
        problems.append(f"release failed with every digest: {ok.stderr}")
    else:
        rendered = images(ok.stdout)
        unpinned = [i for i in rendered if "@sha256:" not in i]
        if unpinned or len(rendered) < 13:
            problems.append(f"unpinned images in the release: {unpinned} of {len(rendered)}")
        if f"nats@{digests['nats:2.9.10-alpine']}" not in rendered:
            problems.append("nats is not pinned to its digest")
    one_short = dict(digests)
    one_short.pop("nats:2.9.10-alpine")
    short = run(one_short)
    if short.returncode == 0 or "nats:2.9.10-alpine" not in short.stderr:
        problems.append(f"a missing digest must stop the release: {short.stderr}")
    bad = dict(digests, **{"nats:2.9.10-alpine": "sha256:latest"})
    if run(bad).returncode == 0:
        problems.append("a malformed digest must stop the release")
    for p in problems:
        print("deploy/k8s/release:", p)
    print(f"release: {len(wanted)} images, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
