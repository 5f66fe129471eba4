#!/usr/bin/env python3
"""Generate core/kanji_variants.inc: old and variant kanji -> the form Japanese plans print.

In: Unihan (Debian's unicode-data: /usr/share/unicode/Unihan.zip, or the Unihan_*.txt.bz2 files
that Debian 12 ships) and KANJIDIC2 (Debian's kanjidic-xml: /usr/share/edict/kanjidic2.xml.gz).
Out: a sorted C++ table of {variant, standard} code point pairs, used by core/text_normalizer.cpp
on both the index and the query side. Only this script needs the packages, not the build:
    apt-get install unicode-data kanjidic-xml && python3 scripts/gen-kanji-variants.py

The rule (why each source, and why not the others):
  * Targets are the forms Japanese print: the Jōyō kanji (kJoyoKanji) and the Jinmeiyō kanji
    (kJinmeiyoKanji) except the Jinmeiyō entries that the list itself names as the old form of
    another kanji (國 "2010:U+56FD").
  * A source is never a target: no Jōyō or Jinmeiyō standard kanji is ever folded, so two
    kanji with their own meaning in modern Japanese are never merged (沢 never becomes 泽, 吊
    stays apart from 弔). The exception is one kanji in two shapes, where the JIS X 0208 shape
    (the one plans print and IPADIC lists) wins: the Jōyō table's own pairs (剝→剥, 𠮟→叱,
    塡→填, 頰→頬, kJoyoKanji "U+…") and 2004 Jinmeiyō shapes outside JIS X 0208 (繫→繋, 醬→醤).
  * Pairs, most trusted first: (1) the Jinmeiyō list's old forms (kJinmeiyoKanji "2010:U+…":
    國→国, 德→徳, 藝→芸: the government's own table); (2) Unihan kZVariant, and kSemanticVariant
    entries marked ":Z" (same character in another shape: 﨑→崎); (3) KANJIDIC2's JIS variant
    cross-references (澤→沢, 邊/邉→辺, 濱→浜, 齋→斎, which Unihan 15.0 does not link);
    (4) other kSemanticVariant entries, which come from Chinese dictionaries (吊/弔, 籐/藤, 鯰/鮎
    are distinct words in Japanese): alone, they only fold the name shapes that JIS X 0213 and
    IBM's Japanese set added (髙→高), never a radical standing alone (氵).
  * Not used: kSimplifiedVariant/kTraditionalVariant (Chinese simplification: 澤→泽, and 麵→面
    where Japanese writes 麺) and kSpecializedSemanticVariant (same meaning only in some
    contexts: 龍/竜 is handled by the Jinmeiyō list, 齋/齊 must not merge).
  * A source must be in a Japanese character set (JIS X 0208/0212/0213, IBM extensions or an
    IRG J source), left alone by NFKC (ICU folds compatibility ideographs first), and, unless
    the Jinmeiyō or Jōyō list pairs it (桧/檜, 遥/遙) or it is in JIS X 0208 (舍, 册, 决: old
    forms Japanese text uses), not a Chinese simplified form (kTraditionalVariant: 刘, 灵, 阴, 构
    of JIS X 0212/0213; Japanese text does not use them, and the table stays Japanese).
  * A source with several candidate targets keeps the most trusted kind; if still more than one,
    it is left out and printed (﨑 has 崎 and 埼: the kZVariant annotation ":Z" decides).
"""
import bz2
import collections
import gzip
import io
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

UNICODE_DIR = "/usr/share/unicode"
KANJIDIC = "/usr/share/edict/kanjidic2.xml.gz"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "kanji_variants.inc")

UNIHAN_FILES = ["Unihan_Variants.txt", "Unihan_OtherMappings.txt", "Unihan_IRGSources.txt"]
JAPANESE_SETS = ("kJis0", "kJis1", "kJIS0213", "kIBMJapan", "kIRG_JSource")
TRUST = {"jinmeiyo": 0, "joyo": 0, "z": 1, "kanjidic": 2, "semantic": 3}


def unihan_lines():
    """Yields (code point, field, value) from the Unihan files, zipped or bz2 (Debian 12)."""
    zpath = os.path.join(UNICODE_DIR, "Unihan.zip")
    for name in UNIHAN_FILES:
        if os.path.exists(zpath):
            with zipfile.ZipFile(zpath) as z:
                text = z.read(name).decode("utf-8")
        else:
            with bz2.open(os.path.join(UNICODE_DIR, name + ".bz2"), "rt", encoding="utf-8") as f:
                text = f.read()
        for line in io.StringIO(text):
            if line.startswith("#") or not line.strip():
                continue
            cp, field, value = line.rstrip("\n").split("\t")
            yield int(cp[2:], 16), field, value


def unihan_version():
    for name in UNIHAN_FILES[:1]:
        path = os.path.join(UNICODE_DIR, name + ".bz2")
        if os.path.exists(path):
            with bz2.open(path, "rt", encoding="utf-8") as f:
                head = f.read(600)
        else:
            with zipfile.ZipFile(os.path.join(UNICODE_DIR, "Unihan.zip")) as z:
                head = z.read(name)[:600].decode("utf-8")
        m = re.search(r"Unicode version: (\S+)", head)
        return m.group(1) if m else "unknown"


def code_points(value):
    return [int(h, 16) for h in re.findall(r"U\+([0-9A-F]+)", value)]


def is_compatibility(cp):
    return 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F


def load_radicals():
    """The ideographs that are a radical's shape (EquivalentUnifiedIdeograph.txt: 氵, 亻, 扌)."""
    with open(os.path.join(UNICODE_DIR, "EquivalentUnifiedIdeograph.txt"), encoding="utf-8") as f:
        rows = [line.split("#")[0].split(";") for line in f if not line.startswith("#")]
    return {int(row[1], 16) for row in rows if len(row) == 2}


def load_unihan():
    standard, japanese, edges = set(), set(), []  # edges: (a, b, kind), undirected
    jis0208, name_sets, simplified = set(), set(), set()
    old_forms, joyo_alternates = {}, {}
    for cp, field, value in unihan_lines():
        if field in JAPANESE_SETS:
            japanese.add(cp)
            if field == "kJis0":
                jis0208.add(cp)
            elif field in ("kJIS0213", "kIBMJapan"):
                name_sets.add(cp)
        elif field == "kTraditionalVariant" and code_points(value) != [cp]:
            simplified.add(cp)
        elif field == "kJoyoKanji":
            if value.startswith("U+"):  # cp is the popular shape of Jōyō kanji `value`
                joyo_alternates[code_points(value)[0]] = cp
            else:
                standard.add(cp)
        elif field == "kJinmeiyoKanji":
            targets = code_points(value)
            if targets and not is_compatibility(targets[0]):
                old_forms[cp] = targets[0]  # cp is the old form the list pairs with target
            else:
                standard.add(cp)
        elif field in ("kZVariant", "kSemanticVariant"):
            for token in value.split():
                target = code_points(token)[0]
                zlike = field == "kZVariant" or ":Z" in token
                edges.append((cp, target, "z" if zlike else "semantic"))
    for official, popular in joyo_alternates.items():
        standard.discard(official)
        standard.add(popular)
    semantic_ok = name_sets - jis0208 - load_radicals()
    return standard, japanese, edges, old_forms, joyo_alternates, jis0208, semantic_ok, simplified


def load_kanjidic():
    """KANJIDIC2's variant cross-references between JIS X 0208/0212/0213 kanji, and its date."""
    with gzip.open(KANJIDIC, "rb") as f:
        data = f.read()
    date = re.search(rb"<date_of_creation>([^<]+)<", data)
    root = ET.fromstring(data)
    by_jis, variants = {}, []
    for ch in root.iter("character"):
        literal = ord(ch.findtext("literal"))
        for v in ch.iter("cp_value"):
            if v.get("cp_type") in ("jis208", "jis212", "jis213"):
                by_jis[(v.get("cp_type"), v.text)] = literal
        for v in ch.iter("variant"):
            if v.get("var_type") in ("jis208", "jis212", "jis213"):
                variants.append((literal, (v.get("var_type"), v.text)))
    edges = [(a, by_jis[key], "kanjidic") for a, key in variants if key in by_jis]
    return edges, set(by_jis.values()), date.group(1).decode() if date else "unknown"


def prefer_jis0208_shapes(standard, jis0208, trusted_edges):
    """A standard kanji outside JIS X 0208 (2004 Jinmeiyō shapes: 繫, 醬, 蔣) with a trusted
    variant inside it (繋, 醤, 蒋) gives way to that shape: it is the one plans print and IPADIC
    lists, like the Jōyō table's own 剥 for 剝."""
    for a, b in trusted_edges:
        for shape, popular in ((a, b), (b, a)):
            if shape in standard and shape not in jis0208 and popular in jis0208 and \
                    popular not in standard:
                standard.discard(shape)
                standard.add(popular)


def build_table():
    (standard, japanese, edges, old_forms, joyo_alternates, jis0208, semantic_ok,
     simplified) = load_unihan()
    kd_edges, kd_chars, kd_date = load_kanjidic()
    japanese |= kd_chars
    trusted = [(a, b) for a, b, kind in edges + kd_edges if kind != "semantic"]
    prefer_jis0208_shapes(standard, jis0208, trusted)
    candidates = collections.defaultdict(dict)  # source -> {target: best trust}

    def offer(source, target, kind):
        if source in standard or target not in standard or source == target:
            return
        if source not in japanese or (source in simplified - jis0208 and TRUST[kind] > 0):
            return
        if unicodedata.normalize("NFKC", chr(source)) != chr(source):
            return
        # Semantic variants alone: name shapes of JIS X 0213 and IBM's set only (see above).
        if kind == "semantic" and source not in semantic_ok:
            return
        best = candidates[source].get(target)
        if best is None or TRUST[kind] < TRUST[best]:
            candidates[source][target] = kind

    for source, target in old_forms.items():
        offer(source, target, "jinmeiyo")
    for official, popular in joyo_alternates.items():
        offer(official, popular, "joyo")
    for a, b, kind in edges + kd_edges:
        offer(a, b, kind)
        offer(b, a, kind)

    table, ambiguous = {}, {}
    for source, targets in candidates.items():
        best = min(TRUST[k] for k in targets.values())
        chosen = [t for t, k in targets.items() if TRUST[k] == best]
        if len(chosen) == 1:
            table[source] = (chosen[0], targets[chosen[0]])
        else:
            ambiguous[source] = sorted(chosen)
    return table, ambiguous, kd_date


def check(table):
    for source, (target, _) in table.items():
        assert target not in table, f"{chr(target)} is both a target and a source"


def write(table, kd_date):
    version = unihan_version()
    lines = [
        "// Generated by scripts/gen-kanji-variants.py; do not edit. Regenerate with",
        "//   apt-get install unicode-data kanjidic-xml && python3 scripts/gen-kanji-variants.py",
        f"// Sources: Unihan {version} (Debian unicode-data; Unicode License v3): kJoyoKanji,",
        "//   kJinmeiyoKanji, kZVariant, kSemanticVariant; KANJIDIC2 "
        f"{kd_date} (Debian kanjidic-xml;",
        "//   EDRDG licence, CC BY-SA 4.0, © Electronic Dictionary Research and Development Group):",
        "//   JIS variant cross-references. The rule is in the script's docstring.",
        "// {variant, standard form}, sorted by variant; the comment says which source decided.",
        f'#define PLAN_KANJI_VARIANTS_VERSION "unihan-{version}+kanjidic2-{kd_date}"',
    ]
    for source in sorted(table):
        target, kind = table[source]
        lines.append(f"{{0x{source:04X}, 0x{target:04X}}},  // {chr(source)} → {chr(target)} {kind}")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    table, ambiguous, kd_date = build_table()
    check(table)
    write(table, kd_date)
    kinds = collections.Counter(kind for _, kind in table.values())
    print(f"gen-kanji-variants: {len(table)} pairs written to {os.path.relpath(OUT)}"
          f" ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    for ch in "澤邊邉髙﨑德國濱齋齊藝剝":
        target = table.get(ord(ch))
        print(f"  {ch} → {chr(target[0]) + ' (' + target[1] + ')' if target else '(not folded)'}")
    print(f"left out, several targets of equal trust: {len(ambiguous)}")
    for source, targets in sorted(ambiguous.items())[:20]:
        print(f"  {chr(source)}: {' '.join(chr(t) for t in targets)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
