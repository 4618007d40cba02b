"""Partner systems over gRPC with TLS and mutual TLS: every service requires a
client certificate signed by the platform's CA; the gateway presents its own
(common name atlas-gateway, trusted to carry anyone's tokens); a partner's
certificate (common name = its organisation id) binds its tokens to its
organisation. Certificates are made here with the openssl command."""
import os
import subprocess
import unittest

from accounts import create_accounts
from harness import SERVICES, System, free_port


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_pki(d):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Atlas test CA", cwd=d)

    def leaf(name, cn, server):
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={cn}", cwd=d)
        ext = os.path.join(d, f"{name}.ext")
        with open(ext, "w") as f:
            f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
                    if server else "extendedKeyUsage=clientAuth\n")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", ext, cwd=d)
    leaf("server", "localhost", True)
    leaf("gateway", "atlas-gateway", False)
    leaf("oujda", "assoc-oujda", False)
    leaf("oriental", "region-oriental", False)
    # A certificate from a CA the platform does not trust.
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "rogue.key", "-out", "rogue.pem", "-days", "2", "-subj", "/CN=assoc-oujda",
            cwd=d)


class TlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sys = s = System()
        pki = os.path.join(s.dir, "pki")
        os.makedirs(pki)
        make_pki(pki)
        cls.pki = pki
        tls = {"ATLAS_TLS_CERT_FILE": f"{pki}/server.pem", "ATLAS_TLS_KEY_FILE": f"{pki}/server.key",
               "ATLAS_TLS_CLIENT_CA_FILE": f"{pki}/ca.pem", "ATLAS_TLS_CLIENT_AUTH": "require"}
        # The registry also answers probes in plaintext on a health-only port
        # (Kubernetes' native grpc probe cannot speak TLS).
        cls.health_port = free_port()
        gateway = {**tls, "ATLAS_BACKEND_TLS_CA_FILE": f"{pki}/ca.pem",
                   "ATLAS_BACKEND_TLS_CERT_FILE": f"{pki}/gateway.pem",
                   "ATLAS_BACKEND_TLS_KEY_FILE": f"{pki}/gateway.key"}
        env = {name: tls for name in SERVICES}
        env["registry"] = {**tls, "ATLAS_HEALTH_PORT": str(cls.health_port)}
        env["gateway"] = gateway
        try:
            s.start(extra_env=env)
            cls.tokens, cls.client = create_accounts(s)
        except BaseException:
            s.stop()
            raise
        cls.secret = os.path.join(s.dir, "client-secret")
        with open(cls.secret, "w") as f:
            f.write(cls.client["clientSecret"])

    @classmethod
    def tearDownClass(cls):
        cls.sys.stop()

    def partner(self, *command, cert=None, ca=True):
        s = self.sys
        args = [os.path.join(s.build, "tools", "atlas-partner-client"), "--gateway", s.url,
                "--registry", f"127.0.0.1:{s.ports['registry'][0]}",
                "--client-id", self.client["clientId"], "--client-secret-file", self.secret]
        if ca:
            args += ["--ca", f"{self.pki}/ca.pem"]
        if cert:
            args += ["--cert", f"{self.pki}/{cert}.pem", "--key", f"{self.pki}/{cert}.key"]
        return subprocess.run(args + list(command), capture_output=True, text=True, timeout=30)

    def test_partner_with_its_certificate_and_token_succeeds(self):
        made = self.partner("create", "Synchronisé depuis le SI de l'association", cert="oujda")
        self.assertEqual(made.returncode, 0, made.stderr)
        name = made.stdout.split("\t")[0]
        listed = self.partner("list", cert="oujda")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertIn(name, listed.stdout)

    def test_without_a_client_certificate_the_call_is_refused(self):
        r = self.partner("list")
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith("UNAVAILABLE"), r.stderr)

    def test_a_certificate_from_an_untrusted_ca_is_refused(self):
        r = self.partner("list", cert="rogue")
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith("UNAVAILABLE"), r.stderr)

    def test_plain_grpc_to_a_tls_port_is_refused(self):
        r = self.partner("list", ca=False)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith("UNAVAILABLE"), r.stderr)

    def test_a_token_of_another_organisation_than_the_certificate_is_refused(self):
        r = self.partner("list", cert="oriental")
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith("PERMISSION_DENIED"), r.stderr)

    def test_the_gateway_reaches_the_services_over_mutual_tls(self):
        s = self.sys
        ready = s.get("/readyz", as_admin=False)
        self.assertEqual(ready.status, 200, ready.body)
        r = s.post("/v1/projects", {"title": {"fr": "Par le portail"}},
                   headers={"Authorization": "Bearer " + self.tokens["editor"]}, as_admin=False)
        self.assertEqual(r.status, 200, r.body)


    def atlasctl(self, *args):
        return subprocess.run([os.path.join(self.sys.build, "tools", "atlasctl"), *args],
                              capture_output=True, text=True, timeout=30)

    def test_the_health_port_answers_probes_in_plaintext_and_serves_nothing_else(self):
        health = f"127.0.0.1:{self.health_port}"
        r = self.atlasctl("--addr", health, "health")
        self.assertEqual((r.returncode, r.stdout.strip()), (0, "SERVING"), r.stderr)
        # The same check in plaintext on the TLS port is refused...
        r = self.atlasctl("--addr", f"127.0.0.1:{self.sys.ports['registry'][0]}", "health")
        self.assertEqual(r.returncode, 1)
        self.assertIn("UNAVAILABLE", r.stderr)
        # ...and the health port does not serve the registry's API.
        r = self.partner("list", ca=False)  # plaintext, to the TLS port: refused
        self.assertTrue(r.stderr.startswith("UNAVAILABLE"), r.stderr)
        args = [os.path.join(self.sys.build, "tools", "atlas-partner-client"), "--gateway",
                self.sys.url, "--registry", health, "--client-id", self.client["clientId"],
                "--client-secret-file", self.secret, "list"]
        r = subprocess.run(args, capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith("UNIMPLEMENTED"), r.stderr)


if __name__ == "__main__":
    unittest.main()
