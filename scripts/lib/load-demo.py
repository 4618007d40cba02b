#!/usr/bin/env python3
"""Loads demo projects through the public API as the administrator
(POST /v1/projects?requestId=…). The request id makes loading idempotent: a
second run creates nothing.  usage: load-demo.py URL PROJECTS_JSON ADMIN_PASSWORD_FILE"""
import json
import sys
import urllib.parse
import urllib.request

url, path, password_file = sys.argv[1], sys.argv[2], sys.argv[3]
form = urllib.parse.urlencode({"grant_type": "password", "username": "admin",
                               "password": open(password_file).read().strip()}).encode()
with urllib.request.urlopen(url + "/v1/auth/token", data=form, timeout=10) as resp:
    token = json.load(resp)["access_token"]
projects = json.load(open(path, encoding="utf-8"))
for item in projects:
    req = urllib.request.Request(
        url + "/v1/projects?requestId=" + urllib.parse.quote(item["requestId"]),
        data=json.dumps(item["project"]).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + token},
        method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        if resp.status != 200:
            sys.exit(f"loading {item['requestId']} failed: HTTP {resp.status}")
print(f"{len(projects)} demo projects loaded")
