"""bench/notify's driver, against a system bench/notify/run started (benchmark
data, not demo): fan-out of one event to 10 000 in-app subscribers, write-to-
bell latency under sustained writes, webhook deliveries per second. Prints
one JSON line of figures.
  drive.py GATEWAY_URL PG_URL ADMIN_PASSWORD_FILE SINK_URL FANOUT RATE DURATION WEBHOOKS"""
import concurrent.futures
import http.client
import json
import queue
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

GW, PG, PASSWORD_FILE, SINK = sys.argv[1:5]
FANOUT, RATE, DURATION, WEBHOOKS = (int(x) for x in sys.argv[5:9])
PASSWORD = "bench password, not a real one"


def request(method, path, body=None, token=None, form=None, base=GW):
    data = urllib.parse.urlencode(form).encode() if form else (json.dumps(body).encode() if body is not None else None)
    headers = {"Content-Type": "application/x-www-form-urlencoded" if form else "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def ok(result, what):
    status, body = result
    if status != 200:
        sys.exit(f"{what}: HTTP {status} {body}")
    return body


def psql(sql):
    return subprocess.run(["psql", "-X", "-qtA", "-v", "ON_ERROR_STOP=1", "-d", PG, "-c", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def token(username, password):
    return ok(request("POST", "/v1/auth/token", form={"grant_type": "password", "username": username,
                                                      "password": password}), "token")["access_token"]


class Stream:
    """A person's SSE stream; frames (with their arrival time) in a queue."""
    def __init__(self, tok):
        u = urllib.parse.urlparse(GW)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
        self.conn.request("GET", "/v1/notifications:stream", headers={"Authorization": "Bearer " + tok})
        resp = self.conn.getresponse()
        assert resp.status == 200, resp.status
        self.frames = queue.Queue()

        def pump():
            frame = {}
            for line in iter(resp.fp.readline, b""):
                line = line.decode()
                if line == "\n":
                    if "data" in frame:
                        self.frames.put((time.time(), frame))
                    frame = {}
                    continue
                key, _, value = line.rstrip("\n").partition(": ")
                frame[key] = value
        threading.Thread(target=pump, daemon=True).start()


admin = token("admin", open(PASSWORD_FILE).read().strip())
request("POST", "/v1/organisations?organisationId=bench-org",
        {"displayNameFr": "Organisation de banc d'essai (données de banc)", "kind": "REGION", "country": "MAR"},
        token=admin)
for name, org, roles in (("bench-0", "ministry", ["validator"]), ("bench-editor", "bench-org", ["editor"])):
    request("POST", "/v1/users", {"user": {"username": name, "organisation": "organisations/" + org,
                                           "roles": roles}, "password": PASSWORD}, token=admin)
reader, editor = token("bench-0", PASSWORD), token("bench-editor", PASSWORD)
client = ok(request("POST", "/v1/serviceAccounts", {"displayName": "Bench partner (benchmark)",
                                                    "organisation": "organisations/bench-org"}, token=admin), "sa")
service = ok(request("POST", "/v1/auth/token", form={"grant_type": "client_credentials",
                                                     "client_id": client["clientId"],
                                                     "client_secret": client["clientSecret"]}), "sa token")["access_token"]


def project(title):
    p = ok(request("POST", "/v1/projects", {"title": {"fr": title}, "themes": ["skills"], "regionCodes": ["MA-02"],
                                             "status": "IMPLEMENTATION",
                                             "location": {"latitude": 34.68, "longitude": -1.91},
                                             "contacts": [{"name": "Banc d'essai", "email": "bench@example.org"}]},
                   token=editor), "project")["name"]
    ok(request("POST", f"/v1/{p}:submit", {}, token=editor), "submit")
    return p


figures = {}
# --- 1. one event, FANOUT in-app subscribers -------------------------------
ok(request("POST", "/v1/subscriptions", {"kinds": ["project.published"]}, token=reader), "bench-0 subscribes")
psql(f"""INSERT INTO notify.subscriptions (owner, owner_username, owner_organisation, owner_roles, kinds,
           channel, unsubscribe_token)
         SELECT 'users/bench-' || i, 'bench-' || i, 'ministry', ARRAY['validator'], ARRAY['project.published'],
           'in_app', md5('bench' || i) FROM generate_series(1, {FANOUT - 1}) AS i""")
stream = Stream(reader)
time.sleep(0.5)
fan = project("Diffusion à 10 000 abonnés (banc d'essai)")
t0 = time.time()
ok(request("POST", f"/v1/{fan}:publish", {}, token=admin), "publish")
while True:
    at, frame = stream.frames.get(timeout=60)
    data = json.loads(frame["data"])
    if data.get("subject") == fan and data.get("eventType", "").endswith(".published.v1"):
        break
rows = int(psql("SELECT count(*) FROM notify.deliveries WHERE channel = 'in_app' "
                f"AND kind = 'project.published' AND facts->>'subject' = '{fan}'"))
figures["fanout_subscribers"] = FANOUT
figures["fanout_rows"] = rows
figures["fanout_pushed_s"] = round(at - t0, 3)
psql("DELETE FROM notify.subscriptions WHERE owner LIKE 'users/bench-%' AND owner <> 'users/bench-0'")

# --- 2. write -> bell under sustained writes --------------------------------
ok(request("POST", "/v1/subscriptions", {"kinds": ["project.commented"],
                                         "organisations": ["organisations/bench-org"]}, token=editor), "editor subscribes")
talk = project("Dialogue sous charge (banc d'essai)")
bell = Stream(editor)
time.sleep(0.5)
written = {}
lock = threading.Lock()


def comment(i):
    start = time.time()
    status, body = request("POST", f"/v1/{talk}/comments", {"text": f"Charge {i} (banc d'essai)"}, token=admin)
    if status == 200:
        with lock:
            written[body["name"]] = time.time()
    return status


statuses = []
begin = time.time()
with concurrent.futures.ThreadPoolExecutor(32) as pool:
    futures = []
    for i in range(RATE * DURATION):
        due = begin + i / RATE
        delay = due - time.time()
        if delay > 0:
            time.sleep(delay)
        futures.append(pool.submit(comment, i))
    statuses = [f.result() for f in futures]
elapsed = time.time() - begin
latencies = []
seen = {}
total_written = len(written)
deadline = time.time() + 120
while written and time.time() < deadline:
    try:
        at, frame = bell.frames.get(timeout=5)
    except queue.Empty:
        break
    subject = json.loads(frame["data"]).get("subject")
    with lock:
        t_w = written.pop(subject, None)  # the first frame of each (a relay may repeat one)
        if t_w is not None:
            seen[subject] = t_w
    if t_w is not None:
        latencies.append((at - t_w) * 1000)
latencies.sort()
figures["writes_target_per_s"] = RATE
figures["writes_achieved_per_s"] = round(total_written / elapsed, 1)
figures["writes_failed"] = sum(1 for s in statuses if s != 200)
figures["bell_frames"] = len(latencies)
figures["write_to_bell_p50_ms"] = round(latencies[len(latencies) // 2], 1) if latencies else None
figures["write_to_bell_p99_ms"] = round(latencies[len(latencies) * 99 // 100], 1) if latencies else None

# --- 3. webhooks per second ---------------------------------------------------
endpoint = ok(request("POST", "/v1/webhookEndpoints", {"url": SINK + "/bench"}, token=service), "endpoint")
ok(request("POST", "/control", {"secrets": [endpoint["secret"]], "fail": 0, "redirect": ""}, base=SINK), "sink")
endpoint_id = endpoint["name"].split("/")[1]
sa = client["serviceAccount"]["name"]
psql(f"""INSERT INTO notify.subscriptions (owner, owner_username, owner_organisation, owner_roles, kinds,
           channel, endpoint_id, unsubscribe_token)
         SELECT '{sa}', '', 'bench-org', ARRAY['service'], ARRAY['project.archived'], 'webhook',
           '{endpoint_id}', md5('hook' || i) FROM generate_series(1, {WEBHOOKS}) AS i""")
hooked = project("Webhooks en nombre (banc d'essai)")
ok(request("POST", f"/v1/{hooked}:publish", {}, token=admin), "publish")
t0 = time.time()
ok(request("POST", f"/v1/{hooked}:archive", {}, token=admin), "archive")
deadline = t0 + 600
count = {}
while time.time() < deadline:
    count = ok(request("GET", "/count", base=SINK), "count")
    if count["distinct"] >= WEBHOOKS:
        break
    time.sleep(0.2)
figures["webhooks"] = WEBHOOKS
figures["webhooks_received"] = count.get("distinct")
figures["webhooks_verified"] = count.get("verified")
figures["webhooks_s"] = round(count.get("last", 0) / 1000 - t0, 3)
figures["webhooks_per_s"] = round(WEBHOOKS / max(0.001, count.get("last", 0) / 1000 - t0), 1)
print(json.dumps(figures))
