#!/usr/bin/env python3
"""Prints the ten slowest tests of the last ctest run, each with its timeout
and the share of it used; marks those above a third of their limit (a test
that sits near its timeout fails CI whenever the machine is shared).
usage: slowest-tests.py BUILD_DIR DEFAULT_TIMEOUT_S"""
import glob
import os
import re
import sys

build, default_timeout = sys.argv[1], float(sys.argv[2])
log = os.path.join(build, "Testing", "Temporary", "LastTest.log")
times, name = {}, None
with open(log, encoding="utf-8", errors="replace") as lines:
    for line in lines:
        started = re.match(r"^\d+/\d+ Test: (.+)$", line)
        if started:
            name = started.group(1).strip()
            continue
        took = re.match(r"^Test time =\s*([0-9.]+) sec", line)
        if took and name:
            times[name], name = float(took.group(1)), None
# Timeouts from the files ctest reads (asking ctest itself would overwrite
# LastTest.log, where a failure's details are).
timeouts = {}
for name in glob.glob(os.path.join(build, "**", "CTestTestfile.cmake"), recursive=True) + \
        glob.glob(os.path.join(build, "**", "*_tests.cmake"), recursive=True):
    with open(name, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            prop = re.match(r'set_tests_properties\(\[=\[(.+?)\]=\].*\bTIMEOUT "?([0-9.]+)', line)
            if prop:
                timeouts[prop.group(1)] = float(prop.group(2))
print("slowest tests (seconds / timeout):")
for test, seconds in sorted(times.items(), key=lambda t: -t[1])[:10]:
    limit = timeouts.get(test, default_timeout)
    mark = "  <- above a third of its timeout" if seconds > limit / 3 else ""
    print(f"  {seconds:7.1f} s / {limit:5.0f} s  {seconds / limit:4.0%}  {test}{mark}")
