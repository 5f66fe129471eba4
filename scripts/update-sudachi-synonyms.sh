#!/usr/bin/env bash
# Regenerate dict/sudachi-synonyms.tsv (and its licence file) from the pinned npm package
# sudachi-synonyms-dictionary: SudachiDict's upstream synonyms.txt as JSON, Apache-2.0.
#
# In: the npm registry (npm pack of the pinned version), checked against the pinned checksums.
# Out: dict/sudachi-synonyms.tsv, dict/LICENSE-sudachi-synonyms. Building and running plan-search
# need neither npm nor the network: both files are committed.
#
# To move to another version: change VERSION, take SHA512/SHA1 from
#   npm view sudachi-synonyms-dictionary@<version> dist.integrity dist.shasum
# run this script, rebuild the index (the synonyms digest changes), and commit.
set -euo pipefail

PACKAGE=sudachi-synonyms-dictionary
VERSION=18.0.0
SHA512=dVjrhGBCaM5QHn7Ys+L+vPdZib9aWR8F0uvYG0Ww3kEZ5C1pH/OwjLp7rWcgWYPE8io+f4UhpTCjVaoGDlcoWw==
SHA1=891d9d49c753b46b1b36cd2457255900fd655d64

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
tarball="$work/$PACKAGE-$VERSION.tgz"
got512=$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)
got1=$(sha1sum "$tarball" | cut -d' ' -f1)
if [[ "$got512" != "$SHA512" || "$got1" != "$SHA1" ]]; then
    echo "update-sudachi-synonyms.sh: checksum mismatch for $PACKAGE@$VERSION" >&2
    echo "  sha512 $got512 (pinned $SHA512)" >&2
    echo "  sha1   $got1 (pinned $SHA1)" >&2
    exit 3
fi
tar -xzf "$tarball" -C "$work"

python3 - "$work/package/sudachi-synonyms-dictionary.json" "$repo/dict/sudachi-synonyms.tsv" \
    "$PACKAGE@$VERSION" "$SHA512" <<'PY'
import json, sys

src, out, origin, sha512 = sys.argv[1:5]
groups = json.load(open(src, encoding="utf-8"))

# Codes as in SudachiDict's docs/synonyms.md (fields 1, 4, 5, 6).
CLASS = {"体言": 1, "用言": 2, "未定義": 0}
FORM = {"代表語": 0, "対訳": 1, "別称": 2, "旧称": 3, "間違い": 4, "未定義": 0}
ABBREVIATION = {"代表語形": 0, "略語・略称/アルファベット": 1, "略語・略称": 2, "未定義": 0}
SPELLING = {"代表表記": 0, "アルファベット表記": 1, "異表記・表記ゆれ": 2, "間違い表記": 3, "未定義": 0}

rows, kept_groups, dropped = [], 0, 0
for g in groups:
    members = []
    for i in g["items"]:
        word = " ".join(i["midashi"].split())
        if i["expandControl"] == 2 or not word:  # never used for expansion (upstream's history)
            dropped += 1
            continue
        lexeme = i["vocabularyNumber"] or 0
        members.append(f'{g["id"]}\t{lexeme}\t{FORM[i["gokeiSyubetsu"]]}'
                       f'\t{ABBREVIATION[i["ryakusyou"]]}\t{SPELLING[i["hyoukiYure"]]}'
                       f'\t{CLASS[i["taigenYogen"]]}\t{i["expandControl"]}\t{word}')
    if len(members) >= 2:
        kept_groups += 1
        rows.extend(members)

with open(out, "w", encoding="utf-8", newline="\n") as f:
    f.write(f"# SudachiDict synonyms ({origin}, npm sha512-{sha512}), converted by\n"
            "# scripts/update-sudachi-synonyms.sh; Apache-2.0, see LICENSE-sudachi-synonyms.\n"
            "# Do not edit: regenerate. One member per line, tab-separated:\n"
            "# group  lexeme (vocabulary number in the group, 0: none)  form (0 representative,\n"
            "# 1 translation, 2 alias, 3 former name, 4 error)  abbreviation (0 no, 1 alphabetic,\n"
            "# 2 other)  spelling (0 representative, 1 alphabet, 2 variant, 3 misspelling)\n"
            "# class (1 体言, 2 用言, 0 undefined)  expand (0 yes, 1 never from this headword)  member\n")
    f.write("\n".join(rows) + "\n")
print(f"{out}: {kept_groups} groups, {len(rows)} members ({dropped} with expandControl 2 dropped)",
      file=sys.stderr)
PY

{
    echo "dict/sudachi-synonyms.tsv is converted from the npm package $PACKAGE@$VERSION"
    echo "(npm integrity sha512-$SHA512),"
    echo "a JSON form of SudachiDict's src/main/text/synonyms.txt"
    echo "(https://github.com/WorksApplications/SudachiDict, Sudachi synonym dictionary)."
    echo
    echo "NOTICE: Copyright (c) 2017 Works Applications Co., Ltd. (SudachiDict synonyms);"
    echo "package by azu (https://github.com/azu/sudachi-synonyms-dictionary)."
    echo "Changes: converted to a tab-separated file; members with expandControl 2 removed;"
    echo "the field 分野 (bunya) omitted."
    echo
    echo "Both are licensed under the Apache License, Version 2.0, reproduced below."
    echo
    cat "$work/package/LICENSE"
} > "$repo/dict/LICENSE-sudachi-synonyms"
echo "dict/LICENSE-sudachi-synonyms written" >&2
