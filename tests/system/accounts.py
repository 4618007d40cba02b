"""Test accounts on a running System: two partner organisations, one user per
role, and a service account, all created through the identity API as the
bootstrap administrator (the way atlasctl does it)."""
import urllib.parse

PASSWORD = "correct horse battery staple"


def token_for(sys, form):
    r = sys.request("POST", "/v1/auth/token", as_admin=False,
                    raw=urllib.parse.urlencode(form).encode(),
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 200, r.body
    return r.json()["access_token"]


def create_accounts(sys):
    """Returns {role: token} for public (None), editor, other_editor,
    validator, analyst, admin, service, and the service account's
    credentials under "client"."""
    for org, kind in [("assoc-oujda", "DIASPORA_ASSOCIATION"), ("region-oriental", "REGION")]:
        r = sys.post("/v1/organisations?organisationId=" + org,
                     {"displayNameFr": org + " (test)", "kind": kind, "country": "MAR"})
        assert r.status == 200, r.body
    users = {"editor": ("assoc-oujda", ["editor"]),
             "other_editor": ("region-oriental", ["editor"]),
             "validator": ("ministry", ["validator"]),
             "analyst": ("ministry", ["analyst"])}
    tokens = {"public": None, "admin": sys.token()}
    for name, (org, roles) in users.items():
        r = sys.post("/v1/users", {"user": {"username": name.replace("_", "-"),
                                            "organisation": "organisations/" + org,
                                            "roles": roles},
                                   "password": PASSWORD})
        assert r.status == 200, r.body
        tokens[name] = token_for(sys, {"grant_type": "password",
                                       "username": name.replace("_", "-"), "password": PASSWORD})
    r = sys.post("/v1/serviceAccounts", {"displayName": "Oujda association sync",
                                         "organisation": "organisations/assoc-oujda"})
    assert r.status == 200, r.body
    client = r.json()
    tokens["service"] = token_for(sys, {"grant_type": "client_credentials",
                                        "client_id": client["clientId"],
                                        "client_secret": client["clientSecret"]})
    return tokens, client
