#!/usr/bin/env python3
"""Every shared library the built binaries link directly (ELF NEEDED, of the
binaries and of libatlas_proto.so) comes from a package in
deps/runtime-packages.txt or from Debian's required base (present in the slim
image); apt brings the packages' own dependencies. usage:
check_runtime_packages.py BUILD_DIR

dpkg's file lists are read once (/var/lib/dpkg/info/*.list) and priorities and
package names asked once, so the check takes seconds, not one dpkg process per
library (issue 27: 60-90 s before, a timeout on a busy machine)."""
import glob
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1]
listed = {line.split()[0] for line in open(os.path.join(ROOT, "deps", "runtime-packages.txt"))
          if line.strip() and not line.lstrip().startswith("#")}
binaries = glob.glob(os.path.join(build, "services", "*", "atlas-*")) + \
    [os.path.join(build, "gateway", "atlas-gateway")]
binaries = [b for b in binaries if os.access(b, os.X_OK) and not b.endswith("_test")]
binaries.append(os.path.join(build, "proto", "libatlas_proto.so"))
# In every debian:12-slim image: dpkg and apt themselves need them.
SLIM_BASE = {"libc6", "libgcc-s1", "zlib1g"}
# Sanitizer runtimes of the dev preset (ATLAS_TEST_PRESET=dev); images are release builds.
SANITIZERS = {"libasan8", "libubsan1", "liblsan0"}


def file_owners():
    """Path -> package, from every installed package's file list, read once."""
    owners = {}
    for listing in glob.glob("/var/lib/dpkg/info/*.list"):
        package = os.path.basename(listing)[:-len(".list")].split(":")[0]
        with open(listing, encoding="utf-8", errors="surrogateescape") as lines:
            for line in lines:
                owners.setdefault(line.rstrip("\n"), package)
    return owners


def linked_libraries(binary):
    """(NEEDED name, resolved path) of what the binary links directly."""
    needed = {line.split()[-1] for line in subprocess.run(
        ["objdump", "-p", binary], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.strip().startswith("NEEDED")}
    for line in subprocess.run(["ldd", binary], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        parts = line.split("=>")
        if len(parts) == 2 and parts[1].strip().startswith("/") and parts[0].strip() in needed:
            yield parts[1].split()[0]


owners = file_owners()
priorities = dict(line.split("\t", 1) for line in subprocess.run(
    ["dpkg-query", "-W", "-f=${Package}\t${Priority}\n"], capture_output=True, text=True,
    check=True).stdout.splitlines() if "\t" in line)
problems = []
for binary in binaries:
    for path in linked_libraries(binary):
        if os.path.realpath(path).startswith(os.path.realpath(build)):
            continue  # our own libatlas_proto.so, copied into the image
        # dpkg knows a file by the path its package ships (/lib or /usr/lib, usrmerge).
        real = os.path.realpath(path)
        candidates = [path, real, path.replace("/usr/lib/", "/lib/"), real.replace("/usr/lib/", "/lib/")]
        package = next((owners[c] for c in candidates if c in owners), None)
        if package is None:
            problems.append(f"{os.path.basename(binary)}: {path} belongs to no package")
        elif package not in listed | SLIM_BASE | SANITIZERS and priorities.get(package) != "required":
            problems.append(f"{os.path.basename(binary)}: {path} comes from {package}, "
                            "which is not in deps/runtime-packages.txt")
known = set(subprocess.run(["apt-cache", "pkgnames"], capture_output=True, text=True,
                           check=True).stdout.split())
problems += [f"deps/runtime-packages.txt: {package} is not a Debian 12 package"
             for package in sorted(listed - known)]
for p in sorted(set(problems)):
    print(p)
print(f"{len(binaries)} binaries checked, {len(set(problems))} problems")
sys.exit(1 if problems or not binaries else 0)
