"""Process lifecycle: SERVING only once connected, /metrics accepted by
promtool with the gRPC server metrics, bad configuration stops a process
with a clear message, SIGTERM stops every process cleanly (exit 0)."""
import os
import shutil
import signal
import subprocess
import unittest

from harness import SERVICES, SystemTestCase, free_port


class LifecycleTest(SystemTestCase):
    def test_readyz_names_every_backend_and_the_identity_database(self):
        r = self.sys.get("/readyz", as_admin=False)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(sorted(r.json()["backends"]),
                         ["geo", "identity", "indicators", "notify", "registry", "stats"])
        self.assertTrue(all(v == "SERVING" for v in r.json()["backends"].values()), r.body)

    def test_metrics_pass_promtool_and_count_grpc_calls(self):
        s = self.sys
        s.get("/v1/projects")
        s.get("/v1/datasets")
        promtool = shutil.which("promtool")
        self.assertIsNotNone(promtool, "promtool is installed by scripts/test")
        for name in SERVICES + ["gateway"]:
            text = s.metrics(name)
            check = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True)
            self.assertEqual(check.returncode, 0, f"{name}: {check.stdout}{check.stderr}")
            self.assertIn("process_resident_memory_bytes", text)
        reg = s.metrics("registry")
        self.assertIn('grpc_server_handled_total{grpc_code="OK",grpc_method="ListProjects",'
                      'grpc_service="atlas.registry.v1.RegistryService",grpc_type="unary"}', reg)
        self.assertIn("grpc_server_handling_seconds_bucket", reg)
        self.assertIn("atlas_db_pool_connections_in_use", reg)
        self.assertIn("atlas_outbox_oldest_event_age_seconds", reg)
        self.assertIn('atlas_consumer_pending_messages{consumer="geo-map"}', s.metrics("geo"))
        self.assertIn('atlas_http_requests_total{code="200",method="GET",route="/v1/projects"}',
                      s.metrics("gateway"))

    def test_malformed_configuration_stops_with_a_clear_message(self):
        env = self.sys.env({"ATLAS_REGISTRY_GRPC_PORT": "eighty", "ATLAS_LOG_LEVEL": "loud"})
        p = subprocess.run([os.path.join(self.sys.build, "services/registry/atlas-registry")],
                           env=env, capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 2)
        self.assertIn('ATLAS_REGISTRY_GRPC_PORT="eighty" is not an integer', p.stderr)
        self.assertIn('ATLAS_LOG_LEVEL="loud" must be one of', p.stderr)

    def test_unreachable_database_fails_start_up(self):
        env = self.sys.env({"ATLAS_PG_URL": "postgresql://postgres@127.0.0.1:1/none",
                            "ATLAS_STARTUP_TIMEOUT_S": "1", "ATLAS_STATS_GRPC_PORT": str(free_port()),
                            "ATLAS_STATS_METRICS_PORT": str(free_port())})
        p = subprocess.run([os.path.join(self.sys.build, "services/stats/atlas-stats")],
                           env=env, capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 1)
        self.assertIn("cannot connect to PostgreSQL", p.stderr)

    def test_zz_sigterm_stops_every_process_cleanly(self):
        # Named zz so it runs last in this class: it stops the system.
        for name in ["gateway"] + SERVICES:
            code = self.sys.stop_service(name, signal.SIGTERM, timeout=15)
            self.assertEqual(code, 0, f"{name} exit code; log:\n{self.sys.log(name)[-2000:]}")
            self.assertIn('"msg":"stopped"', self.sys.log(name))


if __name__ == "__main__":
    unittest.main()


class IdleConnectionsTest(SystemTestCase):
    """The gateway holds thousands of idle keep-alive connections without a
    thread each and keeps answering. Bounded: 3000 sockets on loopback, all
    from one address here, so the per-address cap (256 by default) is raised."""

    COUNT = 3000
    extra_env = {"gateway": {"ATLAS_HTTP_MAX_CONNECTIONS_PER_IP": "4000"}}

    def threads(self):
        with open(f"/proc/{self.sys.procs['gateway'].pid}/status") as f:
            return int(next(l for l in f if l.startswith("Threads:")).split()[1])

    def test_thousands_of_idle_keepalive_connections(self):
        import resource
        import socket
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
        before = self.threads()
        socks = []
        try:
            for _ in range(self.COUNT):
                c = socket.create_connection(("127.0.0.1", self.sys.http_port), timeout=5)
                # One request each, so every connection is a live keep-alive session.
                c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                socks.append(c)
            for c in socks:
                self.assertTrue(c.recv(4096).startswith(b"HTTP/1.1 200"))
            # All idle now; the gateway still serves a real request.
            self.assertEqual(self.sys.get("/v1/projects").status, 200)
            gauge = self.sys.metric_value("gateway", "atlas_http_connections_open")
            self.assertGreaterEqual(gauge, self.COUNT)
            # gRPC's pools may add a thread or two; connections add none.
            self.assertLessEqual(self.threads(), before + 4, "threads must not follow connections")
        finally:
            for c in socks:
                c.close()


class MigrateOnlyTest(unittest.TestCase):
    """ATLAS_MIGRATE_ONLY=true (the Kubernetes init container): each binary applies
    its migrations and exits 0 without NATS; three replicas running it at once do not
    race (advisory lock); a second run has nothing to do."""

    def test_every_binary_migrates_and_exits(self):
        from harness import System
        s = System()
        s.psql(f"CREATE DATABASE {s.db}")
        self.addCleanup(lambda: (s.psql(f"DROP DATABASE IF EXISTS {s.db} WITH (FORCE)"),
                                 shutil.rmtree(s.dir, ignore_errors=True)))
        s.psql("CREATE EXTENSION IF NOT EXISTS postgis", db=s.db)
        s.key_file = s.jwks_file = ""  # not needed to migrate
        env = s.env({"ATLAS_MIGRATE_ONLY": "true", "ATLAS_NATS_URL": "nats://127.0.0.1:1"})
        binaries = [os.path.join(s.build, "services", n, f"atlas-{n}") for n in SERVICES]
        binaries.append(os.path.join(s.build, "gateway", "atlas-gateway"))
        for round_ in range(2):
            # Three replicas of each at once.
            procs = [subprocess.Popen([b], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      text=True) for b in binaries for _ in range(3)]
            for p in procs:
                out, _ = p.communicate(timeout=60)
                self.assertEqual(p.returncode, 0, f"round {round_}: {p.args[0]}: {out[-600:]}")
        tables = s.psql("SELECT string_agg(table_schema || '.' || table_name, ' ' ORDER BY 1) "
                        "FROM information_schema.tables WHERE table_name IN "
                        "('projects', 'project_locations', 'users', 'audit_log', 'outbox')", db=s.db)
        for table in ("registry.projects", "geo.project_locations", "gateway.users",
                      "gateway.audit_log", "notify.outbox"):
            self.assertIn(table, tables.split())
