"""The studies and reports library (issue 24, part 2) end to end through the
gateway: the ministry uploads PDFs (sniffed, size-limited, passed to the
configured virus-scan command, text extracted by poppler in a child with
limits); everyone searches public documents by their metadata and their PDF's
text (accents folded, French stems) and downloads them; restricted ones stay
restricted (lists, reads, files, the gateway's cache); links to projects and
evaluations must exist; bad files and bad records are refused in the caller's
language with nothing stored; a new document reaches those who follow its
region in atlas-notify; the downloaded PDF reads back in poppler's pdftotext."""
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

from accounts import PASSWORD, create_accounts
from harness import SystemTestCase, System

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
import minipdf  # noqa: E402

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def record(**extra):
    body = {"title": {"fr": "Étude sur les jeunes entrepreneurs MRE (test)",
                      "ar": "دراسة حول الشباب المقاولين المغاربة المقيمين بالخارج (اختبار)"},
            "abstract": {"fr": "Résumé de l'étude.\nSecond paragraphe."},
            "authors": ["Cabinet d'études (test)"], "commissionedBy": "Ministère (test)",
            "date": "2025-06", "kind": "STUDY", "language": "fr", "access": "PUBLIC_DOCUMENT",
            "regionCodes": ["MA-02"], "themes": ["entrepreneurship"], "demo": True}
    body.update(extra)
    return body


def upload(title_words, pages=None, extra=b""):
    pages = pages or [[f"Rapport : {title_words}", "Mobilisation des compétences de la diaspora",
                       "Les entrepreneurs de retour créent des entreprises dans l'Oriental."]]
    return base64.b64encode(minipdf.pdf(pages, extra=extra)).decode()


class LibraryTest(SystemTestCase):
    @classmethod
    def setUpClass(cls):
        cls.scanner = tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False)
        # The operator's scan command, as clamdscan would answer: 1 = infected.
        cls.scanner.write("#!/bin/sh\nif grep -q EICAR-STANDARD-ANTIVIRUS-TEST-FILE; then exit 1; fi\nexit 0\n")
        cls.scanner.close()
        os.chmod(cls.scanner.name, 0o755)
        cls.addClassCleanup(os.unlink, cls.scanner.name)
        ref, web = os.environ.get("ATLAS_TEST_GEO_REFERENCE_FILE"), os.environ.get("ATLAS_TEST_WEB_ROOT")
        if not ref or not web:
            raise RuntimeError("run through scripts/test (ATLAS_TEST_GEO_REFERENCE_FILE, ATLAS_TEST_WEB_ROOT)")
        cls.sys = System().start(extra_env={
            "geo": {"ATLAS_GEO_REFERENCE_FILE": ref},
            "registry": {"ATLAS_LIBRARY_SCAN_COMMAND": cls.scanner.name,
                         "ATLAS_LIBRARY_MAX_FILE_BYTES": str(1024 * 1024)},
            "gateway": {"ATLAS_WEB_ROOT": web, "ATLAS_RATE_LIMIT_TOKEN_RPS": "0",
                        "ATLAS_RATE_LIMIT_IP_RPS": "0", "ATLAS_HTTP_UPLOAD_LIMIT": str(2 * 1024 * 1024)}})
        cls.addClassCleanup(cls.sys.stop)
        cls.tokens, _ = create_accounts(cls.sys)

    default_role = "analyst"

    call = SystemTestCase.as_role

    def create(self, role="analyst", words="jeunes entrepreneurs", **extra):
        r = self.call("POST", "/v1/documents", {"document": record(**extra), "file": upload(words),
                                                "fileName": "etude-jeunes.pdf"}, role=role)
        self.assertEqual(r.status, 200, r.body[:500])
        return r.json()

    def count(self, role="analyst"):
        return self.call("GET", "/v1/documents?pageSize=100", role=role).json().get("totalSize", 0)

    def test_upload_search_and_download(self):
        d = self.create(words="mobilité des talents")
        self.assertRegex(d["name"], r"^documents/[0-9a-f-]{36}$")
        self.assertEqual((d["file"]["contentType"], d["file"]["pages"]), ("application/pdf", 1))
        self.assertGreater(d["file"]["textChars"], 50)
        # Found by a word of its PDF, accents folded, a French plural.
        for q, lang in (("competences diaspora", "fr"), ("mobilite talents", "fr"), ("entreprise", "fr")):
            found = self.call("GET", f"/v1/documents?q={q.replace(' ', '+')}", role="public").json()
            self.assertIn(d["name"], [x["name"] for x in found.get("documents", [])], q)
        hit = [x for x in self.call("GET", "/v1/documents?q=diaspora", role="public").json()["documents"]
               if x["name"] == d["name"]][0]
        self.assertIn("«", hit["snippet"])
        # By its Arabic title (metadata).
        found = self.call("GET", "/v1/documents?q=" + urllib.parse.quote("المقاولين"), role="public").json()
        self.assertIn(d["name"], [x["name"] for x in found.get("documents", [])])
        # What people type (the project search's analysis): typos, the start of
        # a word, Arabic letter forms and stems, and the best partial match when
        # not every word is there.
        for q in ("entreprenneurs", "mobilisaton", "compét", "مقاولين", "المغاربه", "jeunes astronautes"):
            found = self.call("GET", "/v1/documents?q=" + urllib.parse.quote(q), role="public").json()
            self.assertIn(d["name"], [x["name"] for x in found.get("documents", [])], q)
        other = self.create(words="transferts de fonds", title={"fr": "Note sur les transferts (test)",
                                                                 "ar": "مذكرة حول التحويلات (اختبار)"})
        ranked = [x["name"] for x in self.call(
            "GET", "/v1/documents?pageSize=100&q=" + urllib.parse.quote("jeunes entrepreneurs transferts"),
            role="public").json()["documents"]]
        self.assertLess(ranked.index(d["name"]), ranked.index(other["name"]), "two words of three before one")
        self.assertEqual(self.call("GET", "/v1/documents?q=qwxzv", role="public").json().get("documents", []), [])
        # Filters.
        self.assertIn(d["name"], [x["name"] for x in self.call(
            "GET", "/v1/documents?regionCode=MA-02&kind=STUDY", role="public").json()["documents"]])
        self.assertNotIn(d["name"], [x["name"] for x in self.call(
            "GET", "/v1/documents?regionCode=MA-09", role="public").json().get("documents", [])])
        # The file, as stored, read back by poppler.
        f = self.call("GET", f"/v1/{d['name']}:file", role="public")
        self.assertEqual(f.status, 200)
        self.assertEqual(f.headers["Content-Type"], "application/pdf")
        self.assertIn("etude-jeunes.pdf", f.headers.get("Content-Disposition", ""))
        self.assertEqual(hashlib.sha256(f.raw).hexdigest(), d["file"]["sha256"])
        text = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", "-", "-"], input=f.raw,
                              capture_output=True, check=True).stdout.decode()
        self.assertIn("mobilité des talents", text)

    def test_restricted_documents_stay_restricted(self):
        d = self.create(words="note interne", access="RESTRICTED_DOCUMENT",
                        title={"fr": "Procès-verbal restreint (test)"}, kind="MINUTES")
        for path in (f"/v1/{d['name']}", f"/v1/{d['name']}:file"):
            for _ in range(2):  # the second from the gateway's cache, if it were cached
                self.assertEqual(self.call("GET", path, role="public").status, 404, path)
            self.assertEqual(self.call("GET", path, role="editor").status, 200, path)
        for q in ("", "?q=interne", "?kind=MINUTES"):
            for _ in range(2):
                body = self.call("GET", f"/v1/documents{q}", role="public").body
                self.assertNotIn(d["name"], body, q)
                self.assertNotIn("Procès-verbal restreint", body, q)
        self.assertIn(d["name"], self.call("GET", "/v1/documents?q=interne", role="editor").body)
        # Made public by the ministry: the anonymous answers follow at once.
        r = self.call("PATCH", f"/v1/{d['name']}?updateMask=access",
                      {"access": "PUBLIC_DOCUMENT", "etag": d["etag"]})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(self.call("GET", f"/v1/{d['name']}", role="public").status, 200)
        self.assertIn(d["name"], self.call("GET", "/v1/documents?q=interne", role="public").body)

    def test_who_may_upload_and_links_that_must_exist(self):
        for role, status in (("public", 401), ("editor", 403)):
            r = self.call("POST", "/v1/documents", {"document": record(), "file": upload("x")}, role=role)
            self.assertEqual(r.status, status, (role, r.body))
        for role in ("validator", "admin"):
            self.create(role=role)
        # A project that exists (created through the API) links; one that does not is refused.
        p = self.call("POST", "/v1/projects", {"title": {"fr": "Projet lié (test)"}, "themes": ["skills"],
                                               "regionCodes": ["MA-02"]}, role="editor").json()["name"]
        d = self.create(projects=[p])
        self.assertEqual(d["projects"], [p])
        self.assertIn(d["name"], self.call("GET", f"/v1/documents?project={p}", role="analyst").body)
        missing = "projects/00000000-0000-4000-8000-000000000000"
        r = self.call("POST", "/v1/documents", {"document": record(projects=[missing], evaluations=[
            f"{p}/evaluations/00000000-0000-4000-8000-000000000000"]), "file": upload("x")}, lang="fr")
        self.assertEqual(r.status, 400, r.body)
        self.assertIn("qui n'existe pas", r.body)
        fields = [v["field"] for det in r.json()["details"] for v in det.get("fieldViolations", [])]
        self.assertEqual(fields, ["document.projects[0]", "document.evaluations[0]"])
        # Stale etag, then deleted with the right one.
        stale = self.call("PATCH", f"/v1/{d['name']}?updateMask=date", {"date": "2024", "etag": "r9"})
        self.assertEqual(stale.status, 409, stale.body)
        self.assertEqual(self.call("DELETE", f"/v1/{d['name']}?etag={d['etag']}").status, 200)
        self.assertEqual(self.call("GET", f"/v1/{d['name']}", role="analyst").status, 404)

    def test_bad_files_and_records_are_refused_and_nothing_is_stored(self):
        before = self.count()
        bomb_page = "BT /F1 1 Tf 1.2 TL 20 780 Td " + ("(" + "x" * 500 + ") Tj T* ") * 600 + "ET"
        cases = {
            "a zip named .pdf": ({"file": base64.b64encode(b"PK\x03\x04" + b"\0" * 100).decode(),
                                  "fileName": "etude.pdf"}, "file", "doit être un fichier PDF"),
            "HTML named .pdf": ({"file": base64.b64encode(b"<html><script>x</script></html>").decode(),
                                 "fileName": "etude.pdf"}, "file", "doit être un fichier PDF"),
            "a PDF header and garbage": ({"file": base64.b64encode(b"%PDF-1.7\n" + os.urandom(2000)).decode()},
                                         "file", "n'a pas pu être lu comme un PDF"),
            "no file": ({"file": ""}, "file", "ne doit pas être vide"),
            "over the registry's limit": ({"file": base64.b64encode(
                minipdf.pdf([["x"]], extra=b"x" * (1024 * 1024))).decode()}, "file", "au plus 1048576 octets"),
            "the antivirus test file": ({"file": upload("x", extra=EICAR)}, "file", "analyse antivirus"),
            "a script in the title": ({"document": record(title={"fr": "<script>alert(1)</script>"})},
                                      "document.title.fr", "sans balises HTML"),
            "an unknown theme": ({"document": record(themes=["astrology"])}, "document.themes[0]",
                                 "doit être l'une des valeurs"),
            "a bad date": ({"document": record(date="juin 2025")}, "document.date", "AAAA-MM"),
        }
        # A decompression bomb: 300 pages sharing one deflated page of text.
        with_bomb = dict(cases)
        with_bomb["a decompression bomb"] = (
            {"file": base64.b64encode(minipdf.shared_pages(bomb_page, 300)).decode()}, "file",
            "bombe de décompression")
        for label, (override, field, words) in with_bomb.items():
            body = {"document": record(), "file": upload("x"), "fileName": "etude.pdf"}
            body.update(override)
            r = self.call("POST", "/v1/documents", body, lang="fr")
            self.assertEqual(r.status, 400, (label, r.body[:400]))
            fields = [v["field"] for det in r.json().get("details", []) for v in det.get("fieldViolations", [])]
            self.assertIn(field, fields, (label, r.body[:400]))
            self.assertIn(words, r.body, label)
        # Over the gateway's upload limit (2 MiB here): 413 before the registry.
        big = {"document": record(), "file": base64.b64encode(b"%PDF-" + b"x" * (2 * 1024 * 1024)).decode()}
        self.assertEqual(self.call("POST", "/v1/documents", big).status, 413)
        # Arabic for an Arabic reader.
        r = self.call("POST", "/v1/documents", {"document": record(), "file": base64.b64encode(b"PK").decode()},
                      lang="ar")
        self.assertIn("يجب أن يكون ملف PDF", r.body)
        self.assertEqual(self.count(), before)

    def test_a_retried_upload_creates_one_document(self):
        before = self.count()
        body = {"document": record(), "file": upload("réessai"), "requestId": "library-retry-1"}
        first, again = self.call("POST", "/v1/documents", body), self.call("POST", "/v1/documents", body)
        self.assertEqual(first.json()["name"], again.json()["name"])
        self.assertEqual(self.count(), before + 1)

    def test_a_new_document_reaches_those_who_follow_its_region(self):
        r = self.call("POST", "/v1/subscriptions", {"kinds": ["document.published"], "channel": "in_app",
                                                    "regions": ["MA-03"]}, role="editor")
        self.assertEqual(r.status, 200, r.body)
        bell = lambda title: [n for n in self.call("GET", "/v1/notifications", role="editor").json().get(
            "notifications", []) if n["label"] == title]
        followed = self.create(title={"fr": "Diagnostic de Fès-Meknès (test)"}, regionCodes=["MA-03"],
                               kind="DIAGNOSTIC")
        elsewhere = self.create(title={"fr": "Diagnostic du Souss (test)"}, regionCodes=["MA-09"],
                                kind="DIAGNOSTIC")
        self.sys.wait(lambda: bell("Diagnostic de Fès-Meknès (test)"), 15, "the new document in the bell")
        [n] = bell("Diagnostic de Fès-Meknès (test)")
        self.assertEqual((n["eventType"], n["subject"]),
                         ("ma.sharaka.atlas.document.created.v1", followed["name"]))
        time.sleep(1)
        self.assertEqual(bell("Diagnostic du Souss (test)"), [], elsewhere["name"])

    def test_pages_in_a_browser(self):
        public = self.create(title={"fr": "Étude sur la gouvernance territoriale (test)"},
                             words="gouvernance territoriale et diaspora")
        restricted = self.create(title={"fr": "Note confidentielle du comité (test)"},
                                 access="RESTRICTED_DOCUMENT", kind="MINUTES", words="confidentiel")
        artifacts = os.path.join(self.sys.build, "test-artifacts", "web")
        fixtures = os.path.join(self.sys.dir, "library-fixtures.json")
        with open(fixtures, "w") as f:
            json.dump({"publicName": public["name"], "restrictedName": restricted["name"],
                       "restrictedTitle": "Note confidentielle du comité (test)", "password": PASSWORD}, f)
        out = subprocess.run(["node", os.path.join(ROOT, "web", "tests", "library.test.mjs"), self.sys.url,
                              artifacts, fixtures], capture_output=True, text=True, timeout=240)
        print(out.stdout, out.stderr)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
