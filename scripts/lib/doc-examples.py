#!/usr/bin/env python3
"""Runs the shell examples of the README and the guides (issue 26), as a
newcomer would paste them, against a running system.

Every ```sh (or bash, shell) block of the files given is marked in its fence:

    ```sh run                                  run, in order, in one shell
    ```sh norun: needs a Kubernetes cluster    shown only; the reason is required

An unmarked block is an error: a new example is run or says why not. The
blocks marked run are run in the order given (files, then blocks), in one
bash session (a variable a block sets serves the next), in a scratch working
directory, after these substitutions, which are the only liberties taken:

    localhost:8080, 127.0.0.1:8080   -> the system's gateway (--url)
    .local/run/                      -> --state (admin-password, demo-accounts.txt)
    build/release/                   -> --build
    127.0.0.1:50051                  -> --registry (the registry's gRPC port)

and with atlasctl's variables set (ATLAS_GATEWAY_URL, ATLAS_ADDR,
ATLAS_STATS_ADDR) and build/release/tools on PATH. `curl` is wrapped: each
call must answer below 400 — unless the line before a plain curl command says
`# expect HTTP NNN`, the exact status it must get — and a JSON answer must
parse; the answer then goes where the example asked (stdout, -o, -D). A block fails on a
non-zero exit, an unexpected HTTP status or JSON that does not parse.

usage: doc-examples.py --url URL --state DIR --build DIR [--registry ADDR]
                       [--identity ADDR] [--stats ADDR] [--list] FILE.md...
Exit status: 0 every runnable block passed, 1 one failed (which, and why, on
stderr), 2 a block is unmarked or the arguments are wrong."""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

OPEN = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
EXPECT = re.compile(r"^\s*#\s*expect HTTP (\d{3})\s*$")

# The wrapper every block's curl goes through (bash): the answer is fetched
# whole, checked, then written where the example asked (stdout or -o FILE).
PREAMBLE = r"""
set -e
__doc_fail=$(mktemp)
trap '[[ -s "$__doc_fail" ]] && cat "$__doc_fail" >&2' EXIT
curl() {
  local args=() out="" dump="" body hdr rc=0 status ctype
  while (($#)); do
    case "$1" in
      -o|--output) out="$2"; shift 2 ;;
      -D|--dump-header) dump="$2"; shift 2 ;;
      -N|--no-buffer) shift ;;
      *) args+=("$1"); shift ;;
    esac
  done
  body=$(mktemp); hdr=$(mktemp)
  command curl -sS --max-time 60 -D "$hdr" -o "$body" "${args[@]}" || rc=$?
  if ((rc != 0)); then
    echo "curl ${args[*]}: exit $rc" >>"$__doc_fail"; rm -f "$body" "$hdr"; return "$rc"
  fi
  status=$(awk 'toupper($1) ~ /^HTTP\// {s = $2} END {print s}' "$hdr")
  ctype=$(awk 'tolower($1) == "content-type:" {print tolower($2)}' "$hdr" | tail -n 1)
  if [[ -n "${DOC_EXPECT:-}" && "$status" != "$DOC_EXPECT" ]] ||
     [[ -z "${DOC_EXPECT:-}" && "$status" -ge 400 ]]; then
    echo "curl ${args[*]}: HTTP $status (expected ${DOC_EXPECT:-< 400}): $(head -c 400 "$body")" \
      >>"$__doc_fail"
    rm -f "$body" "$hdr"; return 22
  fi
  if [[ "$ctype" == application/json* || "$ctype" == application/*+json* ]] &&
     ! python3 -c 'import json, sys; json.load(open(sys.argv[1], "rb"))' "$body" 2>/dev/null; then
    echo "curl ${args[*]}: the JSON answer does not parse: $(head -c 400 "$body")" >>"$__doc_fail"
    rm -f "$body" "$hdr"; return 23
  fi
  if [[ "$dump" == - ]]; then cat "$hdr"; elif [[ -n "$dump" ]]; then cp "$hdr" "$dump"; fi
  if [[ -n "$out" ]]; then cp "$body" "$out"; else cat "$body"; fi
  rm -f "$body" "$hdr"
}
__doc_check() {
  if [[ -s "$__doc_fail" ]]; then cat "$__doc_fail" >&2; exit 3; fi
}
"""


class Unmarked(Exception):
    pass


def blocks(path):
    """[(line, mark, reason, text)] of the shell blocks of a Markdown file
    (a fence inside a longer fence is text, not a block)."""
    out, lines = [], open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        start, indent, fence, info = i + 1, m.group(1), m.group(2), m.group(3).strip()
        body = []
        i += 1
        while i < len(lines) and not re.match(
                r"^\s*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$", lines[i]):
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        i += 1
        lang, _, rest = info.partition(" ")
        if lang not in ("sh", "bash", "shell"):
            continue
        rest = rest.strip()
        if rest == "run":
            out.append((start, "run", "", "\n".join(body)))
        elif rest.startswith("norun:") and rest[len("norun:"):].strip():
            out.append((start, "norun", rest[len("norun:"):].strip(), "\n".join(body)))
        else:
            raise Unmarked(f"{path}:{start}: a shell block must say `run` or `norun: <reason>` "
                           f"after its language (found {rest!r})")
    return out


def prepare(text, subs):
    """The block as it will run: substitutions, `# expect HTTP NNN` turned into
    the next command's DOC_EXPECT."""
    for old, new in subs:
        text = text.replace(old, new)
    lines, expect = [], None
    for line in text.split("\n"):
        m = EXPECT.match(line)
        if m:
            expect = m.group(1)
            continue
        if expect and line.strip() and not line.strip().startswith("#"):
            line = re.sub(r"^(\s*)", lambda s: f"{s.group(1)}DOC_EXPECT={expect} ", line, count=1)
            expect = None
        lines.append(line)
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url")
    ap.add_argument("--state")
    ap.add_argument("--build")
    ap.add_argument("--registry", default="")
    ap.add_argument("--identity", default="")
    ap.add_argument("--stats", default="")
    ap.add_argument("--list", action="store_true", help="list the blocks and their marks only")
    ap.add_argument("--verbose", action="store_true", help="print what the blocks printed")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    try:
        found = [(f, *b) for f in a.files for b in blocks(f)]
    except Unmarked as e:
        print(e, file=sys.stderr)
        return 2
    if a.list:
        for f, line, mark, reason, _ in found:
            print(f"{f}:{line}\t{mark}\t{reason}")
        return 0
    if not (a.url and a.state and a.build):
        ap.error("--url, --state and --build are needed to run the blocks")
    a.state, a.build = os.path.abspath(a.state), os.path.abspath(a.build)  # blocks run elsewhere
    host = a.url.split("://", 1)[-1].rstrip("/")
    subs = [("localhost:8080", host), ("127.0.0.1:8080", host),
            (".local/run/", a.state.rstrip("/") + "/"), ("build/release/", a.build.rstrip("/") + "/")]
    if a.registry:
        subs.append(("127.0.0.1:50051", a.registry))
    script = [PREAMBLE]
    runnable = [(f, line, text) for f, line, mark, _, text in found if mark == "run"]
    for f, line, text in runnable:
        where = f"{os.path.relpath(f)}:{line}"
        script += [f"echo '::block {where}' >&2", f"__doc_block='{where}'", prepare(text, subs),
                   "__doc_check"]
    script.append("echo '::all blocks passed' >&2")
    env = dict(os.environ)
    env.update({"ATLAS_GATEWAY_URL": a.url.rstrip("/"),
                "PATH": os.path.join(a.build, "tools") + os.pathsep + env.get("PATH", "")})
    if a.identity:
        env["ATLAS_ADDR"] = a.identity
    if a.stats:
        env["ATLAS_STATS_ADDR"] = a.stats
    work = tempfile.mkdtemp(prefix="atlas-doc-examples-")
    try:
        r = subprocess.run(["bash", "-c", "\n".join(script) + "\n"], cwd=work, env=env,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ran = [l for l in r.stderr.splitlines() if l.startswith("::block ")]
    if r.returncode != 0 or "::all blocks passed" not in r.stderr:
        last = ran[-1][len("::block "):] if ran else "(before the first block)"
        print(f"FAILED in {last} (exit {r.returncode})\n--- stdout (tail)\n{r.stdout[-3000:]}\n"
              f"--- stderr (tail)\n{r.stderr[-3000:]}", file=sys.stderr)
        return 1
    if a.verbose:
        print(r.stdout)
    skipped = [(f, line, reason) for f, line, mark, reason, _ in found if mark == "norun"]
    print(f"{len(runnable)} runnable blocks passed; {len(skipped)} shown only:")
    for f, line, reason in skipped:
        print(f"  {os.path.relpath(f)}:{line}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
