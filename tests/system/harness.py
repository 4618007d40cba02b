"""Starts a whole Sharaka Atlas (six binaries + its own nats-server + its own
database on the PostgreSQL that scripts/test runs) for one system test, on
free loopback ports, and tears it down. Standard library only (PyYAML too
for System(roles=True), which reads the deployment's roles)."""
import base64
import http.client
import json
import os
import secrets
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

with open(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                       "processes.json")) as _f:
    SERVICES = [p["name"] for p in json.load(_f)["processes"] if p["name"] != "gateway"]


CLAIMS = os.path.join(tempfile.gettempdir(), "atlas-test-ports")
_claimed = []


def free_port():
    """A free loopback port below Linux's ephemeral range (32768+), so that
    outgoing connections cannot take it between now and the bind. Each port
    is also claimed with a file, so that tests running in parallel (ctest -j)
    are never handed the same one; release_ports() gives them back."""
    os.makedirs(CLAIMS, exist_ok=True)
    while True:
        port = random.randrange(20000, 32000)
        claim = os.path.join(CLAIMS, str(port))
        try:
            if time.time() - os.path.getmtime(claim) > 7200:
                os.unlink(claim)  # left by a test that was killed
        except OSError:
            pass
        try:
            os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                _claimed.append(claim)
                return port
            except OSError:
                os.unlink(claim)
                continue


def release_ports():
    while _claimed:
        try:
            os.unlink(_claimed.pop())
        except OSError:
            pass


class ProcessDied(RuntimeError):
    pass


class Reply:
    """`body` is the text (undecodable bytes replaced), `raw` the bytes."""
    def __init__(self, status, body, headers, raw=b""):
        self.status, self.body, self.headers, self.raw = status, body, headers, raw

    def json(self):
        return json.loads(self.body)


def roles_sql():
    """The least-privilege roles of deploy/k8s (one owner, one runtime role per
    process), as the database's bootstrap runs them."""
    import yaml
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))), "deploy", "k8s", "base", "postgres-roles.yaml")
    with open(path) as f:
        return yaml.safe_load(f)["data"]["10-roles.sql"]


class System:
    def __init__(self, roles=False):
        # roles=True: each process migrates as its schema's owner, then runs as
        # its own least-privilege role, as deployed (deploy/k8s/gen-base).
        self.roles = roles
        self.build = os.environ.get("ATLAS_TEST_BUILD_DIR")
        self.admin_url = os.environ.get("ATLAS_TEST_PG_URL")
        if not self.build or not self.admin_url:
            raise RuntimeError("run through scripts/test (ATLAS_TEST_BUILD_DIR, ATLAS_TEST_PG_URL)")
        self.dir = tempfile.mkdtemp(prefix="atlas-sys-")
        self.procs = {}
        self.ports = {s: (free_port(), free_port()) for s in SERVICES}
        self.http_port, self.gw_metrics, self.gw_grpc = free_port(), free_port(), free_port()
        self.nats_port, self.nats_mon = free_port(), free_port()
        self.db = "sys_%08d" % random.randrange(10**8)
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.admin_password = "sys-" + "".join(random.choice("abcdefghjkmnpqrstuvwxyz23456789")
                                               for _ in range(20))

    # --- infrastructure -------------------------------------------------
    def psql(self, sql, db="atlas", user=None):
        u = urllib.parse.urlparse(self.admin_url)
        out = subprocess.run(["psql", "-h", u.hostname, "-p", str(u.port),
                              "-U", user or u.username or "postgres",
                              "-d", db, "-tAq", "-v", "ON_ERROR_STOP=1", "-c", sql],
                             check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def pg_url(self, user=None):
        u = urllib.parse.urlparse(self.admin_url)
        return f"postgresql://{user or u.username or 'postgres'}@{u.hostname}:{u.port}/{self.db}"

    def start(self, extra_env=None, attempts=2):
        """Starts everything; if a process dies while starting (a port taken
        by a parallel test, say), starts again on fresh ports."""
        for attempt in range(attempts):
            try:
                return self._start(extra_env)
            except ProcessDied:
                if attempt + 1 == attempts:
                    raise
                self.__init__(self.roles)

    def _start(self, extra_env):
        # The gateway's signing key and the public JWKS every service trusts.
        self.key_file = os.path.join(self.dir, "jwt-key")
        with open(self.key_file, "w") as f:
            f.write(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("="))
        os.chmod(self.key_file, 0o600)
        self.jwks_file = os.path.join(self.dir, "jwks.json")
        jwks = subprocess.run([os.path.join(self.build, "gateway", "atlas-gateway"), "jwks"],
                              env={"ATLAS_JWT_KEY_FILE": self.key_file}, check=True,
                              capture_output=True, text=True).stdout
        with open(self.jwks_file, "w") as f:
            f.write(jwks)
        self._token = None
        self.psql(f"CREATE DATABASE {self.db}")
        self.psql("CREATE EXTENSION IF NOT EXISTS postgis", db=self.db)
        if self.roles:
            self.psql(roles_sql(), db=self.db)
            # The migrations init container: each binary once, as its schema's owner.
            for name in SERVICES + ["gateway"]:
                binary = (os.path.join(self.build, "gateway", "atlas-gateway") if name == "gateway"
                          else os.path.join(self.build, "services", name, f"atlas-{name}"))
                env = self.env({"ATLAS_MIGRATE_ONLY": "true",
                                "ATLAS_PG_URL": self.pg_url(f"atlas_{name}_owner")})
                r = subprocess.run([binary], env=env, capture_output=True, text=True, timeout=120)
                if r.returncode != 0:
                    raise RuntimeError(f"migrating {name} as its owner failed: {r.stderr[-2000:]}")
        self.nats = self.start_nats()
        self.wait(lambda: self.get_raw(f"http://127.0.0.1:{self.nats_mon}/healthz") == 200, 10, "nats")
        for s in SERVICES:
            self.start_service(s, (extra_env or {}).get(s))
        self.start_gateway((extra_env or {}).get("gateway"))
        def ready():
            for name, p in self.procs.items():
                if p.poll() is not None:
                    raise ProcessDied(f"{name} exited with {p.returncode}:\n{self.log(name)[-800:]}")
            return self.ready()
        try:
            self.wait(ready, 60, "readyz")
        except BaseException:
            for name in self.procs:
                print(f"--- {name} log (tail) ---\n{self.log(name)[-1500:]}")
            self.stop()
            raise
        return self

    def start_nats(self):
        """This system's own nats-server (plain, loopback); a subclass may start
        another kind (test_nats_auth.py: TLS with per-process users)."""
        return subprocess.Popen(
            ["nats-server", "-js", "-sd", os.path.join(self.dir, "js"), "-a", "127.0.0.1",
             "-p", str(self.nats_port), "-m", str(self.nats_mon)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def nats_url(self):
        return f"nats://127.0.0.1:{self.nats_port}"

    def env(self, extra=None):
        u = urllib.parse.urlparse(self.admin_url)
        env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_")}
        env.update({
            "ATLAS_PG_URL": f"postgresql://{u.username or 'postgres'}@{u.hostname}:{u.port}/{self.db}",
            "ATLAS_NATS_URL": self.nats_url(),
            "ATLAS_GATEWAY_HTTP_PORT": str(self.http_port),
            "ATLAS_GATEWAY_METRICS_PORT": str(self.gw_metrics),
            "ATLAS_GATEWAY_GRPC_PORT": str(self.gw_grpc),
            "ATLAS_SHUTDOWN_GRACE_MS": "3000",
            "ATLAS_BOOTSTRAP_ADMIN_PASSWORD": self.admin_password,
            "ATLAS_JWT_KEY_FILE": self.key_file,
            "ATLAS_AUTH_JWKS_FILE": self.jwks_file,
        })
        for s, (g, m) in self.ports.items():
            env[f"ATLAS_{s.upper()}_GRPC_PORT"] = str(g)
            env[f"ATLAS_{s.upper()}_METRICS_PORT"] = str(m)
            env[f"ATLAS_{s.upper()}_ADDR"] = f"127.0.0.1:{g}"
        env.update(extra or {})
        return env

    def process_env(self, name, extra_env):
        env = dict(extra_env or {})
        if self.roles:
            env.setdefault("ATLAS_PG_URL", self.pg_url(f"atlas_{name}"))
        return self.env(env)

    def start_service(self, name, extra_env=None):
        with open(os.path.join(self.dir, f"{name}.log"), "ab") as log:
            self.procs[name] = subprocess.Popen(
                [os.path.join(self.build, "services", name, f"atlas-{name}")],
                env=self.process_env(name, extra_env), stdout=log, stderr=log)

    def start_gateway(self, extra_env=None):
        with open(os.path.join(self.dir, "gateway.log"), "ab") as log:
            self.procs["gateway"] = subprocess.Popen(
                [os.path.join(self.build, "gateway", "atlas-gateway")],
                env=self.process_env("gateway", extra_env), stdout=log, stderr=log)

    def ready(self):
        """Every backend answers: /readyz is 200 as long as the gateway runs
        (it degrades per route), its body says whether all is up."""
        r = self.get("/readyz", as_admin=False)
        return r.status == 200 and r.json()["status"] == "ready"

    def wait_serving(self, name, timeout=30):
        self.wait(lambda: self.get("/readyz", as_admin=False).json()["backends"].get(name) == "SERVING",
                  timeout,
                  f"{name} SERVING")

    def stop_service(self, name, sig=signal.SIGTERM, timeout=15):
        p = self.procs.pop(name)
        p.send_signal(sig)
        return p.wait(timeout=timeout)

    def log(self, name):
        with open(os.path.join(self.dir, f"{name}.log"), errors="replace") as f:
            return f.read()

    def stop(self):
        for name in list(self.procs):
            try:
                self.stop_service(name)
            except Exception:
                self.procs.get(name, None) and self.procs[name].kill()
        if getattr(self, "nats", None):
            self.nats.terminate()
            self.nats.wait(timeout=10)
        try:
            self.psql(f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)")
        finally:
            if os.environ.get("ATLAS_TEST_KEEP_LOGS"):
                print(f"logs kept in {self.dir}")
            else:
                shutil.rmtree(self.dir, ignore_errors=True)
            release_ports()

    # --- helpers --------------------------------------------------------
    @staticmethod
    def wait(cond, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if cond():
                    return
            except (OSError, ValueError, KeyError, http.client.HTTPException):
                # Not up yet — or, while starting, another test's process
                # answering on a port we were given: the retry in start()
                # takes fresh ports once our process has died on the bind.
                pass
            time.sleep(0.05)
        raise AssertionError(f"timed out after {timeout}s waiting for {what}")

    @staticmethod
    def get_raw(url):
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code

    def token(self):
        """An administrator's access token (signed in once per system)."""
        if self._token is None:
            r = self.request("POST", "/v1/auth/token", as_admin=False,
                             raw=urllib.parse.urlencode({"grant_type": "password", "username": "admin",
                                                         "password": self.admin_password}).encode(),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
            assert r.status == 200, r.body
            self._token = r.json()["access_token"]
        return self._token

    def request(self, method, path, body=None, headers=None, raw=None, as_admin=True):
        """An HTTP request to the gateway, by default with an administrator's
        token (as_admin=False: anonymous, or only the given headers)."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        h = {"Content-Type": "application/json"} if data is not None else {}
        h.update(headers or {})
        if as_admin and "Authorization" not in h:
            h["Authorization"] = "Bearer " + self.token()
        req = urllib.request.Request(self.url + path, data=data, headers=h, method=method)
        try:
            with urllib.request.urlopen(req, timeout=15) as r:
                data = r.read()
                return Reply(r.status, data.decode(errors="replace"), dict(r.headers), data)
        except urllib.error.HTTPError as e:
            data = e.read()
            return Reply(e.code, data.decode(errors="replace"), dict(e.headers), data)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body, **kw)

    def metrics(self, name):
        port = self.gw_metrics if name == "gateway" else self.ports[name][1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
            return r.read().decode()

    def metric_value(self, name, metric_line_prefix):
        for line in self.metrics(name).splitlines():
            if line.startswith(metric_line_prefix):
                return float(line.rsplit(" ", 1)[1])
        return None


class SystemTestCase(__import__("unittest").TestCase):
    """One whole system shared by the tests of a class."""

    extra_env = None  # {process: {VAR: value}} for the whole class
    roles = False     # True: least-privilege database roles, as deployed
    default_role = "public"  # as_role's caller when none is named

    def as_role(self, method, path, body=None, role=None, lang=None):
        """A request as `role` (its token in self.tokens, from create_accounts;
        "public": anonymous), in `lang` (Accept-Language) when given."""
        headers = {}
        token = self.tokens.get(role or self.default_role)
        if token:
            headers["Authorization"] = "Bearer " + token
        if lang:
            headers["Accept-Language"] = lang
        return self.sys.request(method, path, body, headers=headers, as_admin=False)

    @classmethod
    def setUpClass(cls):
        cls.sys = System(roles=cls.roles).start(extra_env=cls.extra_env)
        # A class cleanup also runs when a subclass's set-up fails after this
        # line (tearDownClass would not): no processes are left behind.
        cls.addClassCleanup(cls.sys.stop)
