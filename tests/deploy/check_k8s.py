#!/usr/bin/env python3
"""Static checks of the Kubernetes manifests (deploy/k8s): no cluster and no
kustomize binary on the build machines. The generated base is current; every
process has its Deployment (non-root, read-only root, no capabilities, gRPC
probes, resources, topology spread, migrations in an init container),
Service, ServiceAccount, PodDisruptionBudget and HorizontalPodAutoscaler;
NetworkPolicies start from default deny; no Secret values anywhere; every
setting in the ConfigMap is documented; the overlays only change what is
allowed to differ. Prints every problem; exit 1 if any."""
import glob
import os
import re
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
K8S = os.path.join(ROOT, "deploy", "k8s")
PROCESSES = ["registry", "geo", "stats", "indicators", "notify", "gateway"]
# JSON-patch paths an overlay may change (replicas, resources, storage,
# hostnames, and where the database is).
OVERLAY_PATHS = [r"/spec/replicas", r"/spec/(min|max)Replicas",
                 r"/spec/template/spec/containers/\d+/resources/.*",
                 r"/spec/volumeClaimTemplates/\d+/spec/resources/requests/storage",
                 r"/spec/rules/\d+/host", r"/spec/tls/\d+/hosts/\d+", r"/data/ATLAS_PG_URL"]
SECRETISH = re.compile(r"PASSWORD|SECRET|TOKEN|(^|_)KEY($|_)", re.I)


def load(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def main():
    problems = []
    gen = subprocess.run([os.path.join(K8S, "gen-base"), "--check"], capture_output=True, text=True)
    if gen.returncode != 0:
        problems.append(gen.stdout.strip() or gen.stderr.strip())
    objects = {}
    for path in glob.glob(os.path.join(K8S, "base", "*.yaml")):
        for doc in load(path):
            if "metadata" in doc:
                objects[(doc["kind"], doc["metadata"]["name"])] = doc
    for name in PROCESSES:
        full = f"atlas-{name}"
        for kind in ("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget",
                     "HorizontalPodAutoscaler"):
            if (kind, full) not in objects:
                problems.append(f"{full}: no {kind}")
        d = objects.get(("Deployment", full))
        if d is None:
            continue
        pod = d["spec"]["template"]["spec"]
        if not pod.get("securityContext", {}).get("runAsNonRoot"):
            problems.append(f"{full}: pod must run as non-root")
        if pod.get("serviceAccountName") != full:
            problems.append(f"{full}: serviceAccountName")
        if not pod.get("topologySpreadConstraints"):
            problems.append(f"{full}: no topologySpreadConstraints")
        inits = pod.get("initContainers", [])
        if not any({"name": "ATLAS_MIGRATE_ONLY", "value": "true"} in c.get("env", []) for c in inits):
            problems.append(f"{full}: migrations must run in an init container")
        for c in pod["containers"] + inits:
            sc = c.get("securityContext", {})
            if not (sc.get("readOnlyRootFilesystem") and sc.get("allowPrivilegeEscalation") is False
                    and sc.get("capabilities", {}).get("drop") == ["ALL"]):
                problems.append(f"{full}/{c['name']}: read-only root, no escalation, drop ALL")
            res = c.get("resources", {})
            if not (res.get("requests") and res.get("limits")):
                problems.append(f"{full}/{c['name']}: requests and limits")
            for e in c.get("env", []):
                if "value" in e and SECRETISH.search(e["name"]) and not e["name"].endswith("_FILE"):
                    problems.append(f"{full}: {e['name']} has a literal value (use a Secret)")
        main_c = pod["containers"][0]
        for probe in ("livenessProbe", "startupProbe"):
            if "grpc" not in main_c.get(probe, {}):
                problems.append(f"{full}: {probe} must use the native grpc probe")
        if "readinessProbe" not in main_c:
            problems.append(f"{full}: no readinessProbe")
    if ("StatefulSet", "nats") not in objects or objects[("StatefulSet", "nats")]["spec"]["replicas"] != 3:
        problems.append("NATS must be a 3-node StatefulSet")
    policies = [o for (k, _), o in objects.items() if k == "NetworkPolicy"]
    if not any(p["spec"].get("podSelector") == {} and set(p["spec"].get("policyTypes", [])) ==
               {"Ingress", "Egress"} and "ingress" not in p["spec"] and "egress" not in p["spec"]
               for p in policies):
        problems.append("no default-deny NetworkPolicy")
    documented = open(os.path.join(ROOT, "docs", "configuration.md")).read()
    for key in objects[("ConfigMap", "atlas-config")]["data"]:
        generic = re.sub(r"^ATLAS_(REGISTRY|GEO|STATS|INDICATORS|NOTIFY)_", "ATLAS_<SVC>_", key)
        if f"`{key}`" not in documented and f"`{generic}`" not in documented:
            problems.append(f"atlas-config: {key} is not in docs/configuration.md")
    everything = glob.glob(os.path.join(ROOT, "deploy", "**", "*.yaml"), recursive=True)
    for path in everything:
        for doc in load(path):
            if doc.get("kind") == "Secret":
                problems.append(f"{os.path.relpath(path, ROOT)}: a Secret object (reference Secrets, never ship them)")
    for overlay in ("dev", "prod"):
        base = os.path.join(K8S, "overlays", overlay)
        k = load(os.path.join(base, "kustomization.yaml"))[0]
        for res in k.get("resources", []):
            if not os.path.exists(os.path.join(base, res)):
                problems.append(f"overlays/{overlay}: resource {res} does not exist")
        for patch in k.get("patches", []):
            for op in yaml.safe_load(patch["patch"]):
                if not any(re.fullmatch(p, op["path"]) for p in OVERLAY_PATHS):
                    problems.append(f"overlays/{overlay}: patch of {op['path']} changes what "
                                    "dev and prod must share")
    for p in problems:
        print("deploy/k8s:", p)
    print(f"{len(objects)} base objects checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
