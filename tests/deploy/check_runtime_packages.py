#!/usr/bin/env python3
"""Every shared library the built binaries link directly (ELF NEEDED, of the
binaries and of libatlas_proto.so) comes from a package in
deps/runtime-packages.txt or from Debian's required base (present in the slim
image); apt brings the packages' own dependencies. usage:
check_runtime_packages.py BUILD_DIR"""
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
problems = []
for binary in binaries:
    needed = {line.split()[-1] for line in subprocess.run(
        ["objdump", "-p", binary], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.strip().startswith("NEEDED")}
    for line in subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout.splitlines():
        parts = line.split("=>")
        if len(parts) != 2 or not parts[1].strip().startswith("/") or parts[0].strip() not in needed:
            continue
        path = parts[1].split()[0]
        if os.path.realpath(path).startswith(os.path.realpath(build)):
            continue  # our own libatlas_proto.so, copied into the image
        # dpkg knows a file by the path its package ships (/lib or /usr/lib, usrmerge).
        candidates = {path, os.path.realpath(path), path.replace("/usr/lib/", "/lib/"),
                      os.path.realpath(path).replace("/usr/lib/", "/lib/")}
        owner = subprocess.run(["dpkg", "-S", *candidates], capture_output=True, text=True)
        if not owner.stdout:
            problems.append(f"{os.path.basename(binary)}: {path} belongs to no package")
            continue
        package = owner.stdout.split(":")[0]
        if package in listed or package in SLIM_BASE or package in SANITIZERS:
            continue
        priority = subprocess.run(["dpkg-query", "-W", "-f=${Priority}", package],
                                  capture_output=True, text=True).stdout
        if priority != "required":
            problems.append(f"{os.path.basename(binary)}: {path} comes from {package}, "
                            "which is not in deps/runtime-packages.txt")
for package in sorted(listed):
    if subprocess.run(["apt-cache", "show", package], capture_output=True).returncode != 0:
        problems.append(f"deps/runtime-packages.txt: {package} is not a Debian 12 package")
for p in sorted(set(problems)):
    print(p)
print(f"{len(binaries)} binaries checked, {len(set(problems))} problems")
sys.exit(1 if problems or not binaries else 0)
