"""What the compatibility checks share: the repository's root, running zhkg, the store they all
read (the repository's articles and two written for the checks), SPARQL JSON results as comparable
rows, and the values for query files that need some."""
import glob
import json
import os
import re
import socket
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# values for the queries whose variables must be given (the query file says so in its comment)
BINDS = {
    "post-holders.rq": {"post": "局长", "unit": "湖州市公安局", "date": "2030-01-01"},
}


def written_in(text, binds):
    """The query text as another SPARQL tool is to run it with these values: SPARQL's initial
    bindings (pyoxigraph's substitutions) do not reach into a subquery, where zhkg's --bind does
    (post-holders.rq takes its date there), so on each line of a subquery the values are written
    in, as the query's comment tells users of other tools to do; elsewhere they stay variables,
    given as substitutions."""
    lines = []
    for line in text.split("\n"):
        if "{ SELECT" in line:
            for k, v in binds.items():
                line = re.sub(r"\?" + re.escape(k) + r"\b", json.dumps(v, ensure_ascii=False), line)
        lines.append(line)
    return "\n".join(lines)


# two articles written for the checks, one person promoted between them (a merge across documents)
ARTICLES = {
    "promotion-1.txt": "# date: 2022-03-08\n安吉县公安局城关派出所所长韩立秋带领民警破获一起盗窃案。\n",
    "promotion-2.txt": "# date: 2024-05-20\n安吉县公安局召开全体民警大会，安吉县公安局副局长韩立秋主持会议。\n",
}

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def cargo_lock_oxigraph():
    """The Oxigraph version zhkg is built with."""
    text = open(os.path.join(ROOT, "Cargo.lock"), encoding="utf-8").read()
    m = re.search(r'name = "oxigraph"\nversion = "([^"]+)"', text)
    return m.group(1) if m else None


def zhkg(binary, *args):
    """zhkg's standard output; a failure ends the check with zhkg's message."""
    out = subprocess.run([binary, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"zhkg {' '.join(args)}: {out.stderr.strip()}")
    return out.stdout


def build_store(binary, tmp):
    """A store in `tmp` from the repository's articles (the sample and the evaluation sets) and
    ARTICLES; its path."""
    store = os.path.join(tmp, "store")
    docs = [os.path.join(ROOT, "data", "huzhou-sanneng-interview.txt")] + sorted(glob.glob(os.path.join(ROOT, "tests", "eval", "*", "docs", "*")))
    for name, text in ARTICLES.items():
        with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
            f.write(text)
        docs.append(os.path.join(tmp, name))
    zhkg(binary, "extract", "--store", store, *docs)
    return store


def query_files():
    """Every shipped query file, sorted."""
    return sorted(glob.glob(os.path.join(ROOT, "queries", "*.rq")))


def zhkg_rows(binary, store, path, binds=None):
    """`zhkg query`'s answer to a query file (with `--bind`s) as rows."""
    args = ["query", "--store", store, "--format", "json", path]
    for k, v in (binds or {}).items():
        args += ["--bind", f"{k}={v}"]
    return from_json(json.loads(zhkg(binary, *args)))


def row_term(var, kind, value, tag):
    """One bound variable as compared: (variable, iri|bnode|literal, value, language or datatype),
    xsd:string written as no datatype (RDF 1.1 makes them one)."""
    return (var, kind, value, "" if tag == XSD_STRING else (tag or ""))


def from_json(results):
    """SPARQL JSON results as a sorted list of rows, each a tuple of row_term()s."""
    rows = []
    for b in results["results"]["bindings"]:
        row = []
        for var in results["head"]["vars"]:
            t = b.get(var)
            if t is None:
                continue
            kind = "iri" if t["type"] == "uri" else t["type"]
            kind = "literal" if kind == "typed-literal" else kind
            row.append(row_term(var, kind, t["value"], t.get("xml:lang") or t.get("datatype")))
        rows.append(tuple(row))
    return sorted(rows)


def free_port():
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def agree(label, ours, theirs, who):
    """Whether `theirs` (the rows `who` answered) are zhkg's rows `ours`, which must not be empty (a
    comparison of nothing proves nothing); prints an ok or FAIL line with a few rows each side
    alone."""
    if ours == theirs and ours:
        print(f"ok   {label}: {len(ours)} rows")
        return True
    only_ours = [r for r in ours if r not in theirs][:3]
    only_theirs = [r for r in theirs if r not in ours][:3]
    print(f"FAIL {label}: zhkg {len(ours)} rows, {who} {len(theirs)}; only zhkg: {only_ours}; only {who}: {only_theirs}")
    return False
