#!/usr/bin/env python3
"""SQLite FTS5 trigram row of the benchmark (python3's sqlite3 module, stdlib only).

  sqlite_bench.py index TSV DB       one transaction: FTS5 table (trigram) + department table
  sqlite_bench.py compact DB         FTS5 'optimize' + VACUUM, the counterpart of xapian-compact
  sqlite_bench.py query DB QUERIES FACETS OUT
      runs the queries twice and writes the second pass's per-query milliseconds to OUT.
      FACETS=1 also counts departments over all matches (GROUP BY, exact counts).

Trigram FTS5 cannot match terms shorter than 3 characters (many Japanese words are 2), so such
terms become a substring filter (instr) on the text, which scans the matching rows (or the table, when every
term is short). That is how this engine has to be used for Japanese, so it is what we measure.
"""
import sqlite3
import sys
import time


def index(tsv, db):
    con = sqlite3.connect(db)
    con.executescript("""
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        DROP TABLE IF EXISTS docs; DROP TABLE IF EXISTS dept;
        CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, tokenize='trigram');
        CREATE TABLE dept(rid INTEGER, department TEXT);
    """)

    def rows():
        with open(tsv, encoding="utf-8") as f:
            for rowid, line in enumerate(f, 1):
                rid, depts, body = line.rstrip("\n").split("\t", 2)
                yield rowid, rid, body, depts

    with con:
        for rowid, rid, body, depts in rows():
            con.execute("INSERT INTO docs(rowid, id, body) VALUES (?, ?, ?)", (rowid, rid, body))
            for d in filter(None, depts.split("|")):
                con.execute("INSERT INTO dept VALUES (?, ?)", (rowid, d))
        con.execute("CREATE INDEX dept_rid ON dept(rid)")
    con.close()


def compact(db):
    con = sqlite3.connect(db)
    con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    con.commit()
    con.execute("VACUUM")
    con.close()


def build(line):
    """(where clause, params) for a plan-search syntax query: words AND-ed, "..." a phrase."""
    match, likes = [], []
    for part in line.split():
        word = part[1:-1] if len(part) > 2 and part[0] == part[-1] == '"' else part
        if len(word) >= 3:
            match.append('"' + word.replace('"', '""') + '"')
        else:
            likes.append(word)
    where, params = [], []
    if match:
        where.append("docs MATCH ?")
        params.append(" AND ".join(match))
    for like in likes:
        # instr, not LIKE: Debian's SQLite 3.40.1 crashes on `body LIKE '%AI%'` (a pattern under
        # 3 characters) with a trigram table; instr is the same scan without the trigram code.
        where.append("instr(body, ?) > 0")
        params.append(like)
    return " AND ".join(where), params


def query(db, queries, facets, out):
    con = sqlite3.connect(db)
    lines = open(queries, encoding="utf-8").read().splitlines()
    ms = []
    for _ in range(2):
        ms = []
        for line in lines:
            where, params = build(line)
            t0 = time.perf_counter()
            # rank is bm25 when MATCH is used; pure LIKE queries fall back to rowid order.
            order = "rank" if "MATCH" in where else "rowid"
            con.execute(f"SELECT id FROM docs WHERE {where} ORDER BY {order} LIMIT 10", params).fetchall()
            if facets:
                con.execute(f"SELECT department, count(*) c FROM dept WHERE rid IN "
                            f"(SELECT rowid FROM docs WHERE {where}) GROUP BY department "
                            f"ORDER BY c DESC LIMIT 10", params).fetchall()
            ms.append((time.perf_counter() - t0) * 1000)
    with open(out, "w") as f:
        f.write("\n".join(f"{v:.4f}" for v in ms) + "\n")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "index":
        index(sys.argv[2], sys.argv[3])
    elif cmd == "compact":
        compact(sys.argv[2])
    elif cmd == "query":
        query(sys.argv[2], sys.argv[3], sys.argv[4] == "1", sys.argv[5])
    else:
        sys.exit(f"sqlite_bench.py: unknown command {cmd}")
