"""NATS with TLS and one user per process (issue 17, item 10), with the very
nats.conf that deploy/k8s ships (its authorization block and TLS settings,
adapted to one local node): every process connects with its certificate,
whose subject is its NATS user; events flow as before; a certificate NATS
does not know is refused; a process cannot publish another's events, and an
operator's identity replays any dead letter."""
import os
import re
import subprocess

import yaml

from harness import SERVICES, System, SystemTestCase, free_port
from test_tls import openssl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROCESSES = SERVICES + ["gateway"]


def make_nats_pki(d):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Atlas test CA", cwd=d)

    def leaf(name, cn, usage, san=None):
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={cn}", cwd=d)
        with open(os.path.join(d, f"{name}.ext"), "w") as f:
            f.write((f"subjectAltName={san}\n" if san else "") + f"extendedKeyUsage={usage}\n")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext",
                cwd=d)
    leaf("nats", "nats", "serverAuth,clientAuth", "IP:127.0.0.1,DNS:localhost")
    for p in PROCESSES + ["operator"]:
        leaf(p, f"atlas-{p}", "clientAuth")
    leaf("intruder", "atlas-intruder", "clientAuth")


def shipped_nats_conf():
    with open(os.path.join(ROOT, "deploy", "k8s", "base", "nats.yaml")) as f:
        for doc in yaml.safe_load_all(f):
            if doc and doc.get("kind") == "ConfigMap" and doc["metadata"]["name"] == "nats-config":
                return doc["data"]["nats.conf"]
    raise AssertionError("no nats-config in deploy/k8s/base/nats.yaml")


class TlsNatsSystem(System):
    def start_nats(self):
        pki = os.path.join(self.dir, "pki")
        os.makedirs(pki, exist_ok=True)
        make_nats_pki(pki)
        self.pki = pki
        conf = shipped_nats_conf()
        conf = conf.replace("/etc/nats/tls/tls.crt", f"{pki}/nats.pem")
        conf = conf.replace("/etc/nats/tls/tls.key", f"{pki}/nats.key")
        conf = conf.replace("/etc/nats/tls/ca.crt", f"{pki}/ca.pem")
        conf = conf.replace("store_dir: /data", f"store_dir: {self.dir}/js")
        conf = re.sub(r"port: 4222", f"host: 127.0.0.1\nport: {self.nats_port}", conf, count=1)
        conf = conf.replace("http_port: 8222", f"http: 127.0.0.1:{self.nats_mon}")
        conf = conf.replace("server_name: $POD_NAME", "server_name: test")
        conf = conf[:conf.index("cluster {")]  # one node here
        path = os.path.join(self.dir, "nats.conf")
        with open(path, "w") as f:
            f.write(conf)
        self.nats_log = os.path.join(self.dir, "nats.log")
        return subprocess.Popen(["nats-server", "-c", path, "-l", self.nats_log],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def nats_url(self):
        return f"tls://127.0.0.1:{self.nats_port}"

    def identity(self, who):
        return {"ATLAS_NATS_TLS_CA_FILE": f"{self.pki}/ca.pem",
                "ATLAS_NATS_TLS_CERT_FILE": f"{self.pki}/{who}.pem",
                "ATLAS_NATS_TLS_KEY_FILE": f"{self.pki}/{who}.key"}

    def process_env(self, name, extra_env):
        return super().process_env(name, {**self.identity(name), **(extra_env or {})})


class NatsAuthTest(SystemTestCase):
    @classmethod
    def setUpClass(cls):
        cls.sys = TlsNatsSystem().start()
        cls.addClassCleanup(cls.sys.stop)

    def run_binary(self, name, args, who, timeout=60, **extra):
        env = self.sys.env({**self.sys.identity(who), **extra})
        return subprocess.run([os.path.join(self.sys.build, "services", name, f"atlas-{name}"),
                               *args], env=env, capture_output=True, text=True, timeout=timeout)

    def test_events_flow_between_processes_each_under_its_own_user(self):
        s = self.sys
        p = s.post("/v1/projects", {"title": {"fr": "Par NATS chiffré (test)"}, "themes": ["skills"],
                                    "regionCodes": ["MA-02"],
                                    "location": {"latitude": 34.1, "longitude": -5.1}})
        self.assertEqual(p.status, 200, p.body)
        name = p.json()["name"]
        s.wait(lambda: name in s.get("/v1/map/locations?bbox=-6,33,-4,35").body, 20, "geo applied it")
        s.wait(lambda: name in s.get("/v1/inbox").body, 20, "notify applied it")
        s.wait(lambda: s.get("/v1/auditEntries?pageSize=5").json()["entries"], 20,
               "the gateway consumed audit events")
        with open(self.sys.nats_log) as f:
            log = f.read()
        # (Other tests here provoke violations on purpose, from "-cli" connections.)
        served = [line for line in log.splitlines() if "Violation" in line and '-cli"' not in line]
        self.assertEqual(served, [], "no process needs more than it has")

    def test_a_certificate_nats_does_not_know_is_refused(self):
        r = self.run_binary("stats", [], "intruder", ATLAS_STARTUP_TIMEOUT_S="2",
                            ATLAS_STATS_GRPC_PORT=str(free_port()),
                            ATLAS_STATS_METRICS_PORT=str(free_port()))
        self.assertNotEqual(r.returncode, 0)
        self.assertRegex(r.stdout + r.stderr, r"(?i)authori[sz]ation|not permitted|permission")

    def test_a_process_cannot_publish_anothers_events_an_operator_can_replay_them(self):
        s = self.sys
        s.psql("INSERT INTO geo.dead_letters (stage, event_id, source, type, subject, nats_subject, "
               "event_time, payload, error) VALUES ('geo-map', 'test-replay-1', '/atlas/registry', "
               "'ma.sharaka.atlas.test.replayed.v1', 'projects/x', 'atlas.registry.test.replayed', "
               "'2026-12-04T00:00:00Z', '\\x', 'test')", db=s.db)
        count = "SELECT count(*) FROM geo.dead_letters WHERE event_id = 'test-replay-1'"
        # As geo: the event is the registry's, so NATS refuses it; the letter stays.
        r = self.run_binary("geo", ["dead-letters", "replay", "all"], "geo")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertEqual(s.psql(count, db=s.db), "1")
        with open(self.sys.nats_log) as f:
            self.assertIn('Publish Violation - User "CN=atlas-geo", Subject "atlas.registry.test.replayed"',
                          f.read())
        # As the operator: replayed, and gone from the table.
        r = self.run_binary("geo", ["dead-letters", "replay", "all"], "operator")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn('"replayed":1', r.stdout)
        self.assertEqual(s.psql(count, db=s.db), "0")
