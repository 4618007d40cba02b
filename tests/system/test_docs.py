"""Every example in the README and the guides runs as written (issue 26).

scripts/lib/doc-examples.py runs each shell block marked `run` (```sh run),
in order, in one shell, against a fresh system set up as scripts/run sets it
up (the demo portfolio, accounts and programmes; the shipped statistics), and
fails on a non-zero exit, an HTTP status the example does not expect or JSON
that does not parse. Every shell block must be marked run or norun with a
reason. The checker itself is tried on broken examples: it must fail them."""
import os
import subprocess
import tempfile
import textwrap
import unittest

from harness import SystemTestCase, System

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUNNER = os.path.join(ROOT, "scripts", "lib", "doc-examples.py")
# The order a newcomer reads them in: the README first (it defines token()
# and signs in), then the guides; security.md creates what partners.md uses.
GUIDES = ["README.md"] + [os.path.join("docs", f + ".md") for f in (
    "api", "registry", "geo", "stats", "indicators", "notify", "workspace", "security",
    "partners", "operations")]


def every_markdown():
    docs = os.path.join(ROOT, "docs")
    return [os.path.join(ROOT, "README.md")] + sorted(
        os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".md"))


class DocExamplesTest(SystemTestCase):
    @classmethod
    def setUpClass(cls):
        cls.sys = System().start()
        cls.addClassCleanup(cls.sys.stop)
        s = cls.sys
        # What scripts/run leaves in .local/run: the first administrator's
        # password file and the demo accounts; the demo portfolio and
        # programmes loaded as it loads them.
        cls.state = os.path.join(s.dir, "run")
        os.makedirs(cls.state, mode=0o700)
        password_file = os.path.join(cls.state, "admin-password")
        with open(os.open(password_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(s.admin_password)
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "lib", "load-demo.py"),
                        s.url, os.path.join(ROOT, "data", "demo", "projects.json"), password_file,
                        os.path.join(cls.state, "demo-accounts.txt")],
                       check=True, capture_output=True, timeout=240)
        u = s.admin_url.rsplit("/", 1)[0]
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{u}/{s.db}", "-f",
                        os.path.join(ROOT, "data", "demo", "programmes.sql")],
                       check=True, capture_output=True, timeout=120)

    def run_examples(self, files, timeout=900):
        s = self.sys
        return subprocess.run(
            ["/usr/bin/python3", RUNNER, "--url", s.url, "--state", self.state, "--build", s.build,
             "--registry", f"127.0.0.1:{s.ports['registry'][0]}",
             "--identity", f"127.0.0.1:{s.gw_grpc}", "--stats", f"127.0.0.1:{s.ports['stats'][0]}",
             *files], cwd=ROOT, capture_output=True, text=True, timeout=timeout)

    def test_every_shell_block_is_marked_run_or_norun_with_a_reason(self):
        r = subprocess.run(["/usr/bin/python3", RUNNER, "--list", *every_markdown()],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        marks = [line.split("\t") for line in r.stdout.splitlines()]
        marks = [[m[0].rsplit(":", 1)[0], *m[1:]] for m in marks]  # the file, without the line
        self.assertGreaterEqual(sum(1 for m in marks if m[1] == "run"), 15, r.stdout)
        # Each guide the issue names, the README and the three newest services
        # show at least one runnable example.
        for guide in GUIDES + ["docs/stats.md", "docs/indicators.md", "docs/notify.md"]:
            self.assertTrue(any(m[0].endswith(guide) and m[1] == "run" for m in marks), guide)
        # And every file given to the run below is every file with a runnable block.
        with_runnable = {os.path.relpath(m[0], ROOT) for m in marks if m[1] == "run"}
        self.assertEqual(with_runnable, set(GUIDES))

    def test_the_readme_and_the_guides_run_as_written(self):
        r = self.run_examples(GUIDES)
        self.assertEqual(r.returncode, 0, f"{r.stderr[-6000:]}\n{r.stdout[-2000:]}")
        print(r.stdout)

    def broken(self, body, expect_in):
        """A Markdown file with one runnable block must fail, saying why."""
        with tempfile.NamedTemporaryFile("w", suffix=".md", dir=self.sys.dir, delete=False) as f:
            f.write("# A guide\n\n```sh run\n" + textwrap.dedent(body) + "```\n")
        r = self.run_examples([f.name], timeout=120)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("FAILED in", r.stderr)
        self.assertIn(expect_in, r.stderr)

    def test_a_broken_example_fails_the_check(self):
        # The README's old third example: a title that is no longer a string.
        self.broken("""\
            TOKEN=$(curl -s -d grant_type=password -d username=admin \\
                    --data-urlencode password@.local/run/admin-password localhost:8080/v1/auth/token \\
                    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
            curl -s -X POST localhost:8080/v1/projects -H 'Content-Type: application/json' \\
                 -H "Authorization: Bearer $TOKEN" -d '{"title":"Maison des MRE"}'
            """, "HTTP 400")
        # A route that is not there, a non-zero exit, an error said to be expected that is not.
        self.broken("curl -s localhost:8080/v1/nowhere\n", "HTTP 404")
        self.broken("curl -s localhost:8080/healthz\nfalse\n", "exit 1")
        self.broken("# expect HTTP 404\ncurl -s localhost:8080/healthz\n", "expected 404")

    def test_an_unmarked_block_is_refused(self):
        with tempfile.NamedTemporaryFile("w", suffix=".md", dir=self.sys.dir, delete=False) as f:
            f.write("# A guide\n\n```sh\ncurl -s localhost:8080/healthz\n```\n")
        r = self.run_examples([f.name], timeout=60)
        self.assertEqual(r.returncode, 2)
        self.assertIn("must say `run` or `norun: <reason>`", r.stderr)


if __name__ == "__main__":
    unittest.main()
