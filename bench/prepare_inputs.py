#!/usr/bin/env python3
"""Turn a generated corpus into each peer's native input, so the timed commands only index.

In:  corpus JSONL (gen_corpus.py), output folder.
Out: text.txt    name + space + summary of each record, one line each (raw MeCab, MB/s basis)
     peers.tsv   id <TAB> departments joined by | <TAB> the same text (Lucene, SQLite)
     groonga.grn schema-less `load` command with the same records (Groonga)
Prints the number of records and the bytes of text.txt as "records bytes".
"""
import json
import sys


def clean(s):
    return s.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    n = nbytes = 0
    with open(corpus, encoding="utf-8") as f, \
            open(f"{out}/text.txt", "w", encoding="utf-8") as text, \
            open(f"{out}/peers.tsv", "w", encoding="utf-8") as tsv, \
            open(f"{out}/groonga.grn", "w", encoding="utf-8") as grn:
        grn.write("load --table Projects\n[\n")
        for line in f:
            r = json.loads(line)
            body = clean(r["name"] + " " + r["summary"])
            depts = [clean(d).replace("|", " ") for d in r["departments"]]
            text.write(body + "\n")
            nbytes += len(body.encode("utf-8")) + 1
            tsv.write(f"{r['id']}\t{'|'.join(depts)}\t{body}\n")
            sep = "," if n else ""
            grn.write(sep + json.dumps({"_key": r["id"], "body": body, "department": depts},
                                       ensure_ascii=False) + "\n")
            n += 1
        grn.write("]\n")
    print(n, nbytes)


if __name__ == "__main__":
    main()
