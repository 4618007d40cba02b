"""Faults change nothing (issue 25, docs/operations.md "Faults, proved").

NATS runs as a 3-node JetStream cluster on loopback (the stream with 3
replicas, as in production). Writers create projects through the gateway —
each write with its own requestId, sent again with the same one until it is
accepted — while the processes are killed with SIGKILL one after another
(registry, geo, stats, indicators, notify, gateway, at random) and restarted,
and one NATS node is killed and restarted. Afterwards:
- every accepted write is in the registry, once (no loss, no duplicate);
- every consumer (geo, stats, indicators, notify) recorded each creation
  event exactly once (processed_events) and its effect is there once (geo's
  read model, indicators' read model, notify's inbox);
- nothing was set aside (dead letters), every outbox drained, no process
  died but those killed.

PostgreSQL restarted under load (its own server here: the suite's is
shared): meanwhile the gateway answers 503, never 500, no process exits, the
first success comes within 5 s of the server being back, and every write
accepted before, during or after is there once.

Sizes: ATLAS_FAULT_WRITES (default 1200) and ATLAS_FAULT_KILLS (default 6;
the NATS node is one of them); bench/faults/run runs 10 000 writes and 20
kills."""
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from harness import SERVICES, System, free_port

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WRITES = int(os.environ.get("ATLAS_FAULT_WRITES", "1200"))
KILLS = int(os.environ.get("ATLAS_FAULT_KILLS", "6"))
# The writers are one caller writing as fast as it can: not what the limits are for.
NO_RATE_LIMITS = {"ATLAS_RATE_LIMIT_IP_RPS": "0", "ATLAS_RATE_LIMIT_TOKEN_RPS": "0"}
CONSUMERS = {"geo": ["geo-map"], "stats": ["stats-projects"],
             "indicators": ["indicators-projects"], "notify": ["notify-registry"]}


class ClusterSystem(System):
    """The system on a 3-node JetStream cluster (stream replicas 3)."""

    def __init__(self, roles=False):
        super().__init__(roles)  # also on a second attempt at starting: fresh nodes
        self.__dict__.pop("nodes", None)

    def start_nats(self):
        if not hasattr(self, "nodes"):
            self.nodes = [{"port": self.nats_port if i == 0 else free_port(),
                           "mon": self.nats_mon if i == 0 else free_port(),
                           "route": free_port()} for i in range(3)]
        self.node_procs = [self.start_node(i) for i in range(3)]
        def formed():
            for n in self.nodes:
                with urllib.request.urlopen(f"http://127.0.0.1:{n['mon']}/jsz", timeout=2) as r:
                    meta = json.loads(r.read()).get("meta_cluster", {})
                    if not meta.get("leader") or meta.get("cluster_size") != 3:
                        return False
            return True
        self.wait(formed, 30, "the NATS cluster elects its JetStream leader")
        return self.node_procs[0]

    def start_node(self, i):
        n = self.nodes[i]
        routes = ",".join(f"nats://127.0.0.1:{m['route']}" for j, m in enumerate(self.nodes) if j != i)
        with open(os.path.join(self.dir, f"nats-{i}.log"), "ab") as log:
            return subprocess.Popen(
                ["nats-server", "-js", "-sd", os.path.join(self.dir, f"js-{i}"), "-a", "127.0.0.1",
                 "-p", str(n["port"]), "-m", str(n["mon"]), "-n", f"atlas-test-{i}",
                 "--cluster_name", "atlas-test", "--cluster", f"nats://127.0.0.1:{n['route']}",
                 "--routes", routes], stdout=log, stderr=log)

    def nats_url(self):
        return ",".join(f"nats://127.0.0.1:{n['port']}" for n in self.nodes)

    def env(self, extra=None):
        env = super().env(extra)
        env.setdefault("ATLAS_NATS_STREAM_REPLICAS", "3")
        env.update(NO_RATE_LIMITS)
        return env

    def stop(self):
        for p in getattr(self, "node_procs", [])[1:]:
            p.terminate()
            p.wait(timeout=10)
        super().stop()


def write_until_accepted(sys, i, deadline_s=90):
    """Creates project i (requestId fault-i), sent again with the same
    requestId until accepted: (name, attempts). Anything but 200 or "not
    now" (502/503/504, a refused or cut connection) fails the test."""
    body = {"title": {"fr": f"Projet sous panne {i}"}, "themes": ["skills"],
            "regionCodes": ["MA-0%d" % (1 + i % 9)],
            "location": {"latitude": 30 + (i % 50) / 10, "longitude": -9 + (i % 60) / 10}}
    attempts, start = 0, time.monotonic()
    while time.monotonic() - start < deadline_s:
        attempts += 1
        try:
            r = sys.post(f"/v1/projects?requestId=fault-{i}", body)
        except (urllib.error.URLError, OSError, ConnectionError, http.client.HTTPException):
            time.sleep(0.1)
            continue
        if r.status == 200:
            return r.json()["name"], attempts
        if r.status in (502, 503, 504):
            time.sleep(0.1)
            continue
        raise AssertionError(f"write {i}: {r.status} {r.body[:300]}")
    raise AssertionError(f"write {i} not accepted within {deadline_s} s")


class NatsClusterFaultTest(unittest.TestCase):
    def setUp(self):
        self.sys = ClusterSystem()
        self.sys.start()
        self.addCleanup(self.sys.stop)

    def count(self, sql):
        return int(self.sys.psql(sql, db=self.sys.db) or 0)

    def kill(self, victim):
        s = self.sys
        if victim == "nats":
            node = random.choice([1, 2])
            s.node_procs[node].send_signal(signal.SIGKILL)
            s.node_procs[node].wait(timeout=10)
            time.sleep(3)  # the stream runs on two replicas meanwhile
            s.node_procs[node] = s.start_node(node)
            return f"nats-{node}"
        p = s.procs.pop(victim)
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=10)
        if victim == "gateway":
            s.start_gateway()
        else:
            s.start_service(victim)
        return victim

    def test_kills_during_writes_lose_nothing_and_apply_everything_once(self):
        s = self.sys
        before = {c: self.count(f"SELECT count(*) FROM {svc}.processed_events WHERE consumer = '{c}'")
                  for svc, cs in CONSUMERS.items() for c in cs}
        done = [0]
        lock = threading.Lock()
        # The registry (the writer) and the gateway always, then the others at random.
        others = [v for v in SERVICES if v != "registry"]
        random.shuffle(others)
        victims = (["registry", "gateway"] + others)[:max(KILLS - 1, 0)]
        while len(victims) < KILLS - 1:
            victims.append(random.choice(SERVICES + ["gateway"]))
        random.shuffle(victims)
        victims.insert(len(victims) // 2, "nats")
        killed = []

        def killer():
            for k, victim in enumerate(victims):
                threshold = WRITES * (k + 1) // (len(victims) + 1)
                while done[0] < threshold:
                    time.sleep(0.01)
                killed.append((done[0], self.kill(victim)))

        def write(i):
            name, attempts = write_until_accepted(s, i)
            with lock:
                done[0] += 1
            return name, attempts

        t0 = time.monotonic()
        k = threading.Thread(target=killer)
        k.start()
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(write, range(WRITES)))
        k.join(timeout=120)
        written = time.monotonic() - t0
        self.assertEqual(len(killed), KILLS, killed)
        names = {n for n, _ in results}
        retried = sum(1 for _, a in results if a > 1)
        self.assertEqual(len(names), WRITES, "two writes were given the same project")

        # Every accepted write in the registry, once.
        stored = self.count("SELECT count(*) FROM registry.projects WHERE doc->'title'->>'fr' LIKE 'Projet sous panne %'")
        self.assertEqual(stored, WRITES, "lost or duplicated writes in the registry")
        # Every consumer applies every creation once (after the processes restarted).
        want = {c: n + WRITES for c, n in before.items()}
        def applied():
            return {c: self.count(f"SELECT count(*) FROM {svc}.processed_events WHERE consumer = '{c}'")
                    for svc, cs in CONSUMERS.items() for c in cs}
        deadline = time.monotonic() + 90
        while applied() != want and time.monotonic() < deadline:
            time.sleep(0.5)
        converged = time.monotonic() - t0 - written
        self.assertEqual(applied(), want, "a consumer lost or re-applied events")
        # Their effects, once each.
        # The written projects' names, from the registry (all accepted ones: checked above).
        listed = ("(SELECT 'projects/' || id FROM registry.projects "
                  "WHERE doc->'title'->>'fr' LIKE 'Projet sous panne %')")
        effects = {
            "geo": self.count(f"SELECT count(*) FROM geo.project_locations WHERE project IN {listed}"),
            "indicators": self.count(
                f"SELECT count(*) FROM indicators.registry_projects WHERE project IN {listed}"),
            "notify": self.count(f"SELECT count(*) FROM notify.inbox_entries WHERE subject IN {listed}"),
        }
        names_stored = set(self.sys.psql(listed[1:-1], db=self.sys.db).split())
        self.assertEqual(names_stored, names, "the accepted writes are not the stored ones")
        for what, n in effects.items():
            self.assertEqual(n, WRITES, f"{what}: {n} effects for {WRITES} creations")
        dead = sum(self.count(f"SELECT count(*) FROM {svc}.dead_letters") for svc in SERVICES)
        self.assertEqual(dead, 0, "events set aside")
        outbox = sum(self.count(f"SELECT count(*) FROM {svc}.outbox") for svc in ("registry",))
        self.assertEqual(outbox, 0, "the registry's outbox did not drain")
        for name, p in s.procs.items():
            self.assertIsNone(p.poll(), f"{name} exited: {s.log(name)[-800:]}")
        dup = s.metric_value("registry", "atlas_outbox_duplicates_total") or 0
        print(f"\n{WRITES} writes accepted in {written:.1f} s ({retried} needed a retry), "
              f"{len(killed)} kills {[v for _, v in killed]} at writes {[w for w, _ in killed]}; "
              f"consumers converged {converged:.1f} s later; events applied per consumer: "
              f"{ {c: want[c] - before[c] for c in want} }; effects {effects}; losses 0, "
              f"duplicates 0, dead letters 0; re-publishes JetStream dropped since the last "
              f"registry restart: {dup:.0f}")


def pg(state, port, action):
    """scripts/lib/common.sh's PostgreSQL under `state`: start (initdb the
    first time, wait until ready) or crash (immediate stop: no checkpoint,
    recovery at the next start, as after a power cut or kill -9)."""
    if action == "start":
        cmd = f'atlas_start_postgres "{state}" {port}'
    else:
        cmd = f'runuser -u postgres -- "$PG_BIN/pg_ctl" -D "{state}/pg" -m immediate -w stop'
    subprocess.run(["bash", "-c", f'source "{ROOT}/scripts/lib/common.sh"; {cmd}'], check=True,
                   capture_output=True, timeout=120)


class PostgresRestartTest(unittest.TestCase):
    OUTAGE_S = 3

    def setUp(self):
        self.state = tempfile.mkdtemp(prefix="atlas-pg-")
        self.port = free_port()
        pg(self.state, self.port, "start")
        self.addCleanup(shutil.rmtree, self.state, True)
        self.addCleanup(lambda: subprocess.run(
            ["bash", "-c", f'source "{ROOT}/scripts/lib/common.sh"; atlas_stop_postgres "{self.state}"'],
            capture_output=True, timeout=60))
        self.sys = System()
        self.sys.admin_url = f"postgresql://postgres@127.0.0.1:{self.port}/atlas"
        self.sys.start(extra_env={"gateway": NO_RATE_LIMITS})
        self.addCleanup(self.sys.stop)

    def test_a_restart_under_load_is_503_then_back_within_5s_and_loses_nothing(self):
        s = self.sys
        log, stop = [], threading.Event()  # (time, kind, status)
        accepted = []

        def reader():
            while not stop.is_set():
                try:
                    status = s.get("/v1/projects?pageSize=5").status
                except (urllib.error.URLError, OSError, http.client.HTTPException):
                    status = 0
                log.append((time.monotonic(), "read", status))
                time.sleep(0.02)

        def writer():
            i = 0
            while not stop.is_set():
                name, _ = write_until_accepted(s, 100000 + i, deadline_s=30)
                accepted.append(name)
                log.append((time.monotonic(), "write", 200))
                i += 1
                time.sleep(0.02)

        threads = [threading.Thread(target=f) for f in (reader, reader, writer)]
        for t in threads:
            t.start()
        time.sleep(3)
        down = time.monotonic()
        pg(self.state, self.port, "crash")
        time.sleep(self.OUTAGE_S)
        pg(self.state, self.port, "start")
        up = time.monotonic()
        time.sleep(8)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        during = [st for t, kind, st in log if down <= t <= up and kind == "read"]
        statuses = sorted({st for _, _, st in log})
        self.assertTrue(set(statuses) <= {200, 503}, f"answers seen: {statuses}")
        self.assertIn(503, during, "no 503 while PostgreSQL was down")
        back = min((t for t, kind, st in log if t > up and kind == "read" and st == 200), default=None)
        self.assertIsNotNone(back, "reads never came back")
        self.assertLessEqual(back - up, 5.0, f"reads back {back - up:.2f} s after PostgreSQL")
        write_back = min((t for t, kind, _ in log if t > up and kind == "write"), default=None)
        self.assertIsNotNone(write_back, "writes never came back")
        for name, p in s.procs.items():
            self.assertIsNone(p.poll(), f"{name} exited: {s.log(name)[-800:]}")
        # Every accepted write there once; the consumers applied them all.
        stored = int(s.psql("SELECT count(*) FROM registry.projects WHERE doc->'title'->>'fr' "
                            "LIKE 'Projet sous panne %'", db=s.db))
        self.assertEqual(stored, len(accepted))
        try:
            s.wait(lambda: int(s.psql("SELECT count(*) FROM geo.processed_events", db=s.db))
                   >= len(accepted), 30, "geo applied every creation")
        except AssertionError as e:
            raise AssertionError(
                f"{e}: geo applied {s.psql('SELECT count(*) FROM geo.processed_events', db=s.db)} "
                f"of {len(accepted)}; set aside: "
                f"{s.psql('SELECT count(*) FROM geo.dead_letters', db=s.db)}; geo's log: "
                f"{s.log('geo')[-1500:]}") from e
        # An outage is nobody's event's fault: none set aside (before, the
        # events in flight spent their deliveries on it and were).
        for schema in ("geo", "registry"):
            self.assertEqual(s.psql(f"SELECT count(*) FROM {schema}.dead_letters", db=s.db), "0",
                             f"{schema} set events aside: {s.log(schema)[-1500:]}")
        print(f"\nPostgreSQL down {up - down:.1f} s (immediate stop, {self.OUTAGE_S} s outage, "
              f"recovery at start): {during.count(503)} reads answered 503 meanwhile, none 500; "
              f"reads back {back - up:.2f} s and writes {write_back - up:.2f} s after it was up; "
              f"{len(accepted)} writes accepted, all stored once")


if __name__ == "__main__":
    unittest.main()
