"""Debian's iso-codes (https://salsa.debian.org/iso-codes-team/iso-codes,
LGPL-2.1-or-later): code lists and their French/Arabic names through the
package's gettext catalogues. Shared by the generators under scripts/."""
import gettext, json, re
from pathlib import Path

ISO = Path("/usr/share/iso-codes/json")


def translator(domain, lang):
    try:
        return gettext.translation(domain, "/usr/share/locale", languages=[lang]).gettext
    except OSError:
        return lambda s: s


def strip_eh(name):
    """Drops the "(EH)"/"(EH-partial)" suffixes from a display name."""
    return re.sub(r"\s*\(EH[^)]*\)", "", name).strip()


def countries():
    return json.load(open(ISO / "iso_3166-1.json", encoding="utf-8"))["3166-1"]


def subdivisions():
    return json.load(open(ISO / "iso_3166-2.json", encoding="utf-8"))["3166-2"]
