#!/usr/bin/env python3
"""Static checks of docker/Dockerfile (no container engine on the build
machines): pinned base images, a non-root USER in every image, no secrets,
the build stage installing exactly deps/debian-packages.txt the way the
scripts do, the runtime stage installing deps/runtime-packages.txt, OCI
labels, one image per process of processes.json exposing its ports, and a
.dockerignore that keeps local state out.
Prints every problem; exit 1 if any."""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(ROOT, "processes.json")) as f:
    TABLE = {p["name"]: p for p in json.load(f)["processes"]}
BINARIES = list(TABLE)
FILTER = "grep -v '^\\s*#' {} | awk 'NF {{print $1}}'"


def instructions(text):
    """[(INSTRUCTION, argument text)] with continuations joined, comments dropped."""
    out, current = [], ""
    for line in text.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        current += line
        word, _, rest = current.strip().partition(" ")
        out.append((word.upper(), rest.strip()))
        current = ""
    return out


def main():
    problems = []
    text = open(os.path.join(ROOT, "docker", "Dockerfile")).read()
    ins = instructions(text)
    args = {}
    stages = {}  # name -> list of instructions
    current = None
    for word, rest in ins:
        if word == "ARG" and current is None:
            name, _, default = rest.partition("=")
            args[name] = default
        if word == "FROM":
            m = re.match(r"(\S+)(?:\s+AS\s+(\S+))?$", rest, re.I)
            image, name = m.group(1), m.group(2)
            image = re.sub(r"\$\{(\w+)\}", lambda v: args.get(v.group(1), ""), image)
            if image not in stages:
                tag = image.split("@")[0].rpartition(":")[2] if ":" in image.split("/")[-1] else ""
                if "@sha256:" not in image and (not re.search(r"\d", tag) or tag == "latest"):
                    problems.append(f"FROM {image}: pin a version tag or a digest")
            current = name or image
            stages[current] = []
            continue
        if current is not None:
            stages[current].append((word, rest))
    build = stages.get("build", [])
    install = FILTER.format("deps/debian-packages.txt")
    if not any(w == "RUN" and install in r for w, r in build):
        problems.append("the build stage must install deps/debian-packages.txt with: " + install)
    common = open(os.path.join(ROOT, "scripts", "lib", "common.sh")).read()
    if FILTER.format('"$ROOT/deps/debian-packages.txt"') not in common:
        problems.append("scripts/lib/common.sh no longer reads the package list the same way")
    runtime = stages.get("runtime", [])
    if not any(w == "RUN" and FILTER.format("/tmp/runtime-packages.txt") in r for w, r in runtime):
        problems.append("the runtime stage must install deps/runtime-packages.txt")
    labels = " ".join(r for w, r in runtime if w == "LABEL")
    for key in ("source", "revision", "version"):
        if f"org.opencontainers.image.{key}=" not in labels:
            problems.append(f"missing OCI label org.opencontainers.image.{key}")
    for binary in BINARIES:
        stage = stages.get(f"atlas-{binary}")
        if stage is None:
            problems.append(f"no image stage atlas-{binary}")
            continue
        p = TABLE[binary]
        ports = {str(p[k]) for k in ("http", "grpc", "metrics") if p.get(k)}
        exposed = {port for w, r in stage if w == "EXPOSE" for port in r.split()}
        if exposed != ports:
            problems.append(f"atlas-{binary}: EXPOSE {sorted(exposed)}, processes.json says "
                            f"{sorted(ports)}")
        users = [r for w, r in stage if w == "USER"]
        if not users or users[-1].split(":")[0] in ("", "0", "root"):
            problems.append(f"atlas-{binary}: the last USER must be a non-root uid")
        if not any(w == "ENTRYPOINT" and r.startswith("[") for w, r in stage):
            problems.append(f"atlas-{binary}: ENTRYPOINT in exec form")
    secret = re.compile(r"(PASSWORD|SECRET|TOKEN|PRIVATE|_KEY\b)", re.I)
    for word, rest in ins:
        if word in ("ENV", "ARG", "LABEL") and secret.search(rest.split("=")[0]):
            problems.append(f"{word} {rest}: no secrets in images (use Secrets at run time)")
        if word in ("COPY", "ADD") and re.search(r"\.local|\.pem|\.key\b|jwt|password", rest):
            problems.append(f"{word} {rest}: copies something secret-looking")
    ignore = open(os.path.join(ROOT, ".dockerignore")).read().split()
    for needed in (".git", "build/", ".local/"):
        if needed not in ignore:
            problems.append(f".dockerignore must exclude {needed}")
    for p in problems:
        print("docker/Dockerfile:", p)
    print(f"{len(stages)} stages checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
