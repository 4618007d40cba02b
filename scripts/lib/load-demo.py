#!/usr/bin/env python3
"""Loads demo projects through the public API (POST /v1/projects?requestId=…).
The request id makes loading idempotent: a second run creates nothing."""
import json
import sys
import urllib.parse
import urllib.request

url, path = sys.argv[1], sys.argv[2]
projects = json.load(open(path, encoding="utf-8"))
for item in projects:
    req = urllib.request.Request(
        url + "/v1/projects?requestId=" + urllib.parse.quote(item["requestId"]),
        data=json.dumps(item["project"]).encode(),
        headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        if resp.status != 200:
            sys.exit(f"loading {item['requestId']} failed: HTTP {resp.status}")
print(f"{len(projects)} demo projects loaded")
