"""Rotating the built-in issuer's signing key with no token refused on the
way: publish the next key, switch the gateway to it (the previous key still
verifies), then retire the previous key. The services re-read their JWKS
file (ATLAS_AUTH_JWKS_REFRESH_S) without a restart. docs/security.md."""
import base64
import json
import os
import secrets
import subprocess
import unittest

from harness import SERVICES, System


def kid_of(token):
    header = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]


class KeyRotationTest(unittest.TestCase):
    def setUp(self):
        self.sys = System()
        self.addCleanup(lambda: self.sys.stop())
        self.sys.start(extra_env={name: {"ATLAS_AUTH_JWKS_REFRESH_S": "1"} for name in SERVICES})

    def publish(self, signing, verify=""):
        """Writes the services' JWKS file for these keys (what an operator does)."""
        s = self.sys
        env = {"ATLAS_JWT_KEY_FILE": signing[1], "ATLAS_JWT_KEY_ID": signing[0],
               "ATLAS_JWT_VERIFY_KEYS": verify}
        jwks = subprocess.run([os.path.join(s.build, "gateway", "atlas-gateway"), "jwks"], env=env,
                              check=True, capture_output=True, text=True).stdout
        with open(s.jwks_file + ".tmp", "w") as f:
            f.write(jwks)
        os.replace(s.jwks_file + ".tmp", s.jwks_file)  # atomically, as a ConfigMap update does
        return {k["kid"] for k in json.loads(jwks)["keys"]}

    def status(self, token):
        return self.sys.get("/v1/inbox", headers={"Authorization": "Bearer " + token},
                            as_admin=False).status

    def test_rotation_without_a_refused_token(self):
        s = self.sys
        old_token = s.token()
        self.assertEqual(kid_of(old_token), "k1")
        k1 = ("k1", s.key_file)
        k2 = ("k2", os.path.join(s.dir, "jwt-key-2"))
        with open(k2[1], "w") as f:
            f.write(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("="))
        # 1. The services learn the next key before anything is signed with it.
        self.assertEqual(self.publish(k1, f"k2={k2[1]}"), {"k1", "k2"})
        # 2. The gateway signs with k2; k1 still verifies.
        s.stop_service("gateway")
        s._token = None
        s.start_gateway({"ATLAS_JWT_KEY_FILE": k2[1], "ATLAS_JWT_KEY_ID": "k2",
                         "ATLAS_JWT_VERIFY_KEYS": f"k1={k1[1]}"})
        s.wait(s.ready, 30, "gateway ready")
        new_token = s.token()
        self.assertEqual(kid_of(new_token), "k2")
        s.wait(lambda: self.status(new_token) == 200, 10, "services trust k2")
        self.assertEqual(self.status(old_token), 200, "a token signed before the switch still works")
        me = s.get("/v1/me", headers={"Authorization": "Bearer " + old_token}, as_admin=False)
        self.assertEqual(me.status, 200)
        # 3. Once k1's tokens have expired, it is dropped everywhere.
        self.assertEqual(self.publish(k2), {"k2"})
        s.wait(lambda: self.status(old_token) == 401, 10, "k1 no longer trusted")
        self.assertEqual(self.status(new_token), 200)


if __name__ == "__main__":
    unittest.main()
