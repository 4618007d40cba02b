"""Reading npm `morocco-map` 1.3.0 (TopoJSON derived from OpenStreetMap,
ODbL-1.0, "© OpenStreetMap contributors"), installed in tools/js by `npm ci`:
its objects as GeoJSON features (through topojson-client, tools/js/topo2geo.mjs)
and its names, which hold every script in one string."""
import json, subprocess
from pathlib import Path

JS = Path(__file__).resolve().parent.parent.parent / "tools/js"
DATA = JS / "node_modules/morocco-map/data"


def features(path, obj):
    out = subprocess.run(["node", str(JS / "topo2geo.mjs"), str(path), obj], check=True,
                         capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def by_script(text):
    """Splits "Latin ⵜⵉⴼⵉⵏⴰⵖ عربي" into its Latin, Tifinagh and Arabic parts."""
    parts = {"latin": [], "tfng": [], "ar": []}
    current = "latin"
    for word in text.split():
        if any("\u2d30" <= ch <= "\u2d7f" for ch in word):
            current = "tfng"
        elif any("\u0600" <= ch <= "\u06ff" for ch in word):
            current = "ar"
        parts[current].append(word)
    return {k: " ".join(v) for k, v in parts.items()}


def province_names_ar():
    """Arabic names of the provinces and prefectures, by ISO 3166-2 code,
    without the leading "إقليم" (province) or "عمالة" (prefecture), as the
    French names have no "Province de"."""
    def bare(name):
        first, _, rest = name.partition(" ")
        return rest if first in ("إقليم", "عمالة") and rest else name
    return {f["id"]: bare(by_script(f["properties"]["name"])["ar"])
            for f in features(DATA / "provinces.json", "provinces")}
