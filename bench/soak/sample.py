"""bench/soak/run's writer and sampler: one new project every 0.5 s through
the gateway (signed in), and every 10 s each process's resident memory, open
files and sockets (from /proc) and PostgreSQL's connections, for DURATION
seconds. Prints the samples' summary: per process the values after the
2-minute warm-up and at the end and the least-squares slope over that span
(MiB or count per minute), the writes accepted and refused.
  sample.py GATEWAY TOKEN STATE DURATION PG_URL [on|off: the writer]"""
import glob
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

gw, token, state, duration, pg_url = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
write = len(sys.argv) < 7 or sys.argv[6] != "off"
WARM_UP = min(120, duration // 3)
stop = threading.Event()
writes = {"accepted": 0, "refused": 0, "errors": []}


def writer():
    i = 0
    while write and not stop.is_set():
        body = json.dumps({"title": {"fr": f"Projet d'endurance {i} (démo)"}, "themes": ["skills"],
                           "regionCodes": ["MA-0%d" % (1 + i % 9)], "demo": True,
                           "location": {"latitude": 31 + (i % 30) / 10,
                                        "longitude": -8 + (i % 40) / 10}}).encode()
        req = urllib.request.Request(f"{gw}/v1/projects?requestId=soak-{i}", data=body, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": "Bearer " + token})
        try:
            with urllib.request.urlopen(req, timeout=10):
                writes["accepted"] += 1
        except (urllib.error.URLError, OSError) as e:
            writes["refused"] += 1
            if len(writes["errors"]) < 5:
                writes["errors"].append(str(e)[:200])
        i += 1
        stop.wait(0.5)


def processes():
    out = {}
    for f in sorted(glob.glob(os.path.join(state, "*.pid"))):
        name = os.path.basename(f)[:-4]
        try:
            out[name] = int(open(f).read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    try:
        out["postgres"] = int(open(os.path.join(state, "pg", "postmaster.pid")).readline())
    except (OSError, ValueError):
        pass
    return out


def measure(pid):
    rss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    fds = os.listdir(f"/proc/{pid}/fd")
    sockets = 0
    for fd in fds:
        try:
            sockets += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return rss, len(fds), sockets


def pg_connections():
    r = subprocess.run(["psql", "-tAq", "-d", pg_url, "-c",
                        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"],
                       capture_output=True, text=True, timeout=20)
    return int(r.stdout.strip() or 0) - 1  # not this one


def slope(points):
    """Least-squares slope of (t seconds, v) per minute."""
    n = len(points)
    if n < 2:
        return 0.0
    mt = sum(t for t, _ in points) / n
    mv = sum(v for _, v in points) / n
    den = sum((t - mt) ** 2 for t, _ in points)
    return 60 * sum((t - mt) * (v - mv) for t, v in points) / den if den else 0.0


samples = {}  # name -> [(t, rss, fds, sockets)]
pg = []
t0 = time.monotonic()
w = threading.Thread(target=writer)
w.start()
while time.monotonic() - t0 < duration:
    t = time.monotonic() - t0
    for name, pid in processes().items():
        try:
            samples.setdefault(name, []).append((t, *measure(pid)))
        except OSError:
            samples.setdefault(name, []).append((t, None, None, None))  # gone
    pg.append((t, pg_connections()))
    time.sleep(max(0.0, 10 - (time.monotonic() - t0 - t)))
stop.set()
w.join()

print(f"## processes, sampled every 10 s; after the {WARM_UP} s warm-up -> end, and the slope per minute")
print(f"{'process':12s} {'RSS MiB':>17s} {'MiB/min':>8s} {'open files':>12s} {'/min':>6s} {'sockets':>10s} {'/min':>6s}")
died = []
for name, rows in samples.items():
    if any(r[1] is None for r in rows):
        died.append(name)
        continue
    after = [r for r in rows if r[0] >= WARM_UP] or rows
    a, b = after[0], after[-1]
    print(f"{name:12s} {a[1]:8.1f} -> {b[1]:6.1f} {slope([(r[0], r[1]) for r in after]):8.2f} "
          f"{a[2]:5d} -> {b[2]:4d} {slope([(r[0], r[2]) for r in after]):6.2f} "
          f"{a[3]:4d} -> {b[3]:3d} {slope([(r[0], r[3]) for r in after]):6.2f}")
after = [p for p in pg if p[0] >= WARM_UP] or pg
print(f"PostgreSQL client connections: {after[0][1]} -> {after[-1][1]} "
      f"(slope {slope(after):.2f}/min, max {max(v for _, v in pg)})")
print(f"writes: {writes['accepted']} accepted, {writes['refused']} refused {writes['errors']}")
print(f"processes gone during the soak: {died or 'none'}")
