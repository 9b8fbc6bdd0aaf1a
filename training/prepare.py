#!/usr/bin/env python3
"""Build training and held-out TSVs for tenor's two shipped models.

    python3 training/prepare.py section --data /work/shared/data --out /tmp/prep-section
    python3 training/prepare.py tone    --data /work/shared/data --out /tmp/prep-tone

Standard library only. Output is deterministic: inputs are read in file order and
every split/sample decision is a function of an MD5 hash of the normalised text.
Written files are `label<TAB>text`, one item per line, no header; text has its
whitespace collapsed to single spaces and backslashes escaped as `\\`, so every
line parses under tenor's TSV rules. The data is research-use only: write the
output outside the repository (e.g. /tmp/prep-*), never commit it.

See training/NOTES-data.md for the measured comparison of mixes and why the
defaults are what they are.
"""

import argparse
import csv
import hashlib
import json
import os
import re
import sys
from collections import Counter, OrderedDict

csv.field_size_limit(1 << 30)

SECTION_LABELS = ("business", "entertainment", "politics", "sport", "tech")
TONE_LABELS = ("cooperative", "tense")

# ---------------------------------------------------------------- helpers


def norm(text):
    """Whitespace-collapsed text (what is written out)."""
    return " ".join(text.split())


def key(text):
    """Dedup/split key: lower-cased, whitespace-collapsed."""
    return " ".join(text.lower().split())


SPLIT_SALT = ""  # set from --seed; "" reproduces the staged UN hash_split exactly


def h100(text, salt=""):
    """Stable bucket 0..99 from the MD5 of a string."""
    return int(hashlib.md5((SPLIT_SALT + salt + text).encode("utf-8")).hexdigest(), 16) % 100


def hsort(text, salt="sample"):
    return hashlib.md5((salt + key(text)).encode("utf-8")).hexdigest()


def unescape(field):
    """Undo the `\\`, `\t`, `\n` escaping used by the shared TSVs."""
    if "\\" not in field:
        return field
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "\\": "\\"}.get(m.group(1), m.group(0)), field)


def read_tsv(path, escaped=False):
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in rows:
            if escaped:
                row = {k: unescape(v) if isinstance(v, str) else v for k, v in row.items()}
            yield row


def escape_out(text):
    return norm(text).replace("\\", "\\\\")


def write_tsv(path, rows):
    """rows: list of (label, text). Returns label counts."""
    counts = Counter()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for label, text in rows:
            f.write("%s\t%s\n" % (label, escape_out(text)))
            counts[label] += 1
    return counts


def dedupe(rows, drop_conflicts=True):
    """Keep first (label, text) per text key; drop texts seen with two labels."""
    seen = OrderedDict()
    conflicts = set()
    for label, text in rows:
        k = key(text)
        if k in seen and seen[k][0] != label:
            conflicts.add(k)
        seen.setdefault(k, (label, text))
    return [v for k, v in seen.items() if not (drop_conflicts and k in conflicts)]


def remove_overlap(rows, other_keys):
    return [(l, t) for l, t in rows if key(t) not in other_keys]


def cap_per_label(rows, cap, salt):
    """At most `cap` rows per label, chosen by hash order (deterministic)."""
    if cap is None or cap <= 0:
        return rows
    by = {}
    for r in rows:
        by.setdefault(r[0], []).append(r)
    out = []
    for label in sorted(by):
        out.extend(sorted(by[label], key=lambda r: hsort(r[1], salt))[:cap])
    return sorted(out, key=lambda r: hsort(r[1], salt + "order"))


WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def prose_ok(text, min_words, max_words=None, min_lower=0.3, max_digit=0.25):
    """Heuristic: drop short items, name lists/line-ups, tables and code."""
    toks = text.split()
    n = len(toks)
    if n < min_words or (max_words and n > max_words):
        return False
    words = [t for t in toks if WORD_RE.match(t)]
    if len(words) < 0.6 * n:
        return False
    lower = sum(1 for w in words if w[0].islower())
    if lower < min_lower * n:
        return False
    digits = sum(1 for t in toks if any(c.isdigit() for c in t))
    if digits > max_digit * n:
        return False
    if max(len(t) for t in toks) > 40:  # uuencode, URLs, ascii art
        return False
    return True


# ---------------------------------------------------------------- section

NG_MAP = {
    "talk.politics.guns": "politics",
    "talk.politics.mideast": "politics",
    "talk.politics.misc": "politics",
    "rec.sport.baseball": "sport",
    "rec.sport.hockey": "sport",
    "comp.graphics": "tech",
    "comp.os.ms-windows.misc": "tech",
    "comp.sys.ibm.pc.hardware": "tech",
    "comp.sys.mac.hardware": "tech",
    "comp.windows.x": "tech",
    # everything else (religion, autos, motorcycles, forsale, sci.*) has no
    # clean nearest BBC section and is left out
}

WA_MAP = {  # world_affairs topic -> section (only unambiguous items kept)
    "sport": "sport",
    "technology": "tech",
    "economy": "business",
    "trade": "business",
    "politics": "politics",
    "diplomacy": "politics",
}


def bbc_articles(data):
    path = os.path.join(data, "topic", "bbc", "articles.jsonl")
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def bbc_split(arts, heldout_pct):
    """Group articles that are exact or near duplicates (same title, or sharing a
    paragraph of >= 12 words), then send whole groups to train or held-out by a
    hash of the group's canonical text. Returns (train_articles, heldout_articles)."""
    parent = list(range(len(arts)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i, j):
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first = {}
    for i, a in enumerate(arts):
        keys = ["T:" + key(a["title"])]
        keys += ["P:" + key(p) for p in a["paragraphs"] if len(p.split()) >= 12]
        for k in keys:
            if k in first:
                union(i, first[k])
            else:
                first[k] = i
    groups = {}
    for i in range(len(arts)):
        groups.setdefault(find(i), []).append(i)
    train, held = [], []
    for members in groups.values():
        texts = sorted(key(arts[i]["title"] + "\n" + "\n".join(arts[i]["paragraphs"])) for i in members)
        dest = held if h100(texts[0], "bbc") < heldout_pct else train
        dest.extend(arts[i] for i in members)
    order = {id(a): n for n, a in enumerate(arts)}
    train.sort(key=lambda a: order[id(a)])
    held.sort(key=lambda a: order[id(a)])
    return train, held, len(groups)


def bbc_paragraphs(arts, min_words):
    rows = []
    for a in arts:
        if a["label"] not in SECTION_LABELS:
            continue
        for p in a["paragraphs"]:
            if prose_ok(p, min_words):
                rows.append((a["label"], p))
    return rows


QUOTE_RE = re.compile(r"^\s*(>|\||:|\}|[A-Za-z0-9_.-]{1,15}>)")
ATTRIB_RE = re.compile(r"(writes|wrote|says|said)\s*:\s*$|^In article|^In <|^From:|^Subject:|^Archive-name|^Last-modified|^Version:", re.I)
MAILURL_RE = re.compile(r"\S+@\S+|https?://|ftp[:.]|www\.", re.I)


def ng_paragraphs(body, min_words, max_words):
    lines = body.split("\n")
    kept = []
    for line in lines:
        if line.strip() in ("--", "-- ") or line.startswith("-- "):
            break  # signature
        if QUOTE_RE.match(line) or ATTRIB_RE.search(line.strip()):
            kept.append("")
            continue
        kept.append(line)
    paras, cur = [], []
    for line in kept + [""]:
        if line.strip():
            cur.append(line.strip())
        elif cur:
            paras.append(" ".join(cur))
            cur = []
    out = []
    for p in paras:
        if MAILURL_RE.search(p):
            continue
        if prose_ok(p, min_words, max_words, min_lower=0.4, max_digit=0.15):
            out.append(p)
    return out


def ng_rows(data, split, min_words, max_words):
    path = os.path.join(data, "topic", "20newsgroups", "docs.jsonl")
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            label = NG_MAP.get(d["label"])
            if d["split"] != split or label is None:
                continue
            for p in ng_paragraphs(d["body"], min_words, max_words):
                rows.append((label, p))
    return rows


def reuters_rows(data, split, min_words, max_words):
    path = os.path.join(data, "topic", "reuters21578", "paragraphs.tsv")
    rows = []
    for r in read_tsv(path, escaped=True):
        if r["modapte"] != split or not r["topics"].strip():
            continue  # unlabelled Reuters stories can be about anything
        p = norm(r["text"])
        if MAILURL_RE.search(p):
            continue
        if prose_ok(p, min_words, max_words, min_lower=0.3, max_digit=0.2):
            rows.append(("business", p))
    return rows


def wa_rows(data, sources):
    path = os.path.join(data, "world_affairs", "labels.tsv")
    rows = []
    for r in read_tsv(path):
        if r["source"] not in sources:
            continue
        mapped = {WA_MAP[t] for t in r["topics"].split(",") if t in WA_MAP}
        if len(mapped) == 1:
            rows.append((mapped.pop(), r["text"]))
    return rows


def politics_sentence_rows(data, source, exclude, min_words=8):
    """International-affairs sentences as `politics` (nearest section): ConfliBERT news
    sentences (every pentacode, all are events between political actors) or UN QuadClass
    sentences (every quad incl. irrelevant: UN Security Council / report prose).
    Texts that occur in world_affairs/labels.tsv are excluded so heldout_wa stays unseen."""
    if source == "cb":
        path = os.path.join(data, "tone", "conflibert", "penta_train.tsv")
    else:
        path = os.path.join(data, "tone", "un_quadclass", "quad_all.tsv")
    rows = []
    for r in read_tsv(path):
        t = norm(r["text"])
        if len(t.split()) >= min_words and key(t) not in exclude:
            rows.append(("politics", t))
    return rows


def write_articles(path, arts):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for a in arts:
            f.write(json.dumps({"id": a["id"], "label": a["label"], "paragraphs": a["paragraphs"]},
                               ensure_ascii=False) + "\n")


def parse_variants(spec):
    """--variants: "20ng:usenet,cb:world" -> {"20ng": "usenet", "cb": "world"}: the rows
    of each auxiliary source named get the label "label~variant" (tenor learns a variant
    as a class of its own and reports it as its label); "none" -> {}."""
    if spec == "none":
        return {}
    out = {}
    for part in spec.split(","):
        src, _, name = part.partition(":")
        if src not in ("20ng", "reuters", "cb", "unq") or not re.fullmatch(r"[a-z0-9_-]+", name):
            raise SystemExit("--variants: expected source:name pairs (sources 20ng, reuters, cb, "
                             "unq), got %r" % part)
        out[src] = name
    return out


def val_xoutlet_rows(data, args, train_keys, cap=250):
    """Validation out-of-outlet set (not a test file): 20NG *train* and Reuters ModApte
    *train* paragraphs, mapped, from documents none of whose paragraphs is a training
    row; at most `cap` per label by hash."""
    rows = []
    with open(os.path.join(data, "topic", "20newsgroups", "docs.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            label = NG_MAP.get(d["label"])
            if d["split"] != "train" or label is None:
                continue
            ps = ng_paragraphs(d["body"], args.min_words_extra, args.max_words)
            if any(key(p) in train_keys for p in ps):
                continue
            rows.extend((label, p) for p in ps)
    docs = OrderedDict()
    for r in read_tsv(os.path.join(data, "topic", "reuters21578", "paragraphs.tsv"), escaped=True):
        if r["modapte"] != "train" or not r["topics"].strip():
            continue
        p = norm(r["text"])
        docs.setdefault(r["newid"], []).append(p)
    for ps in docs.values():
        if any(key(p) in train_keys for p in ps):
            continue
        for p in ps:
            if not MAILURL_RE.search(p) and prose_ok(p, args.min_words_extra, args.max_words, min_lower=0.3, max_digit=0.2):
                rows.append(("business", p))
    return cap_per_label(remove_overlap(dedupe(rows), train_keys), cap, "valxo")


def build_section(args):
    data = args.data
    mix = set(args.mix.split("+"))
    unknown = mix - {"bbc", "20ng", "reuters", "cb", "unq"}
    if unknown or "bbc" not in mix:
        sys.exit("section --mix must be bbc plus any of 20ng, reuters, cb, unq (got %r)" % args.mix)

    arts = bbc_articles(data)
    tr_arts, ho_arts, ngroups = bbc_split(arts, args.heldout_pct)
    val_arts = []
    if args.val_pct > 0:
        # validation = a further hash-chosen share of the *training* groups, for choosing
        # settings; the held-out test split is the same as without --val-pct.
        global SPLIT_SALT
        saved, SPLIT_SALT = SPLIT_SALT, SPLIT_SALT + "val:"
        tr_arts, val_arts, _ = bbc_split(tr_arts, args.val_pct)
        SPLIT_SALT = saved
    train = dedupe(bbc_paragraphs(tr_arts, args.min_words))
    held = dedupe(bbc_paragraphs(ho_arts, args.min_words))
    held = remove_overlap(held, {key(t) for _, t in train})
    info = ["bbc articles: %d (%d duplicate groups) -> train %d, held-out %d articles"
            % (len(arts), ngroups, len(tr_arts), len(ho_arts))]

    bbc_train = train
    cap = args.extra_cap
    if cap <= 0:  # 0: as many as the smallest BBC class (extras never outnumber BBC in a class)
        cap = min(Counter(l for l, _ in train).values())
    extra = []
    src_of = {}  # key(text) -> auxiliary source, for --variants
    if "20ng" in mix:
        ng = dedupe(ng_rows(data, "train", args.min_words_extra, args.max_words))
        ng_cap = cap if args.cap_20ng < 0 else args.cap_20ng
        took = cap_per_label(ng, ng_cap, "20ng")
        extra += took
        src_of.update((key(t), "20ng") for _, t in took)
        info.append("20ng train paragraphs: %d usable, %d taken (cap %d/label)" % (len(ng), len(took), ng_cap))
    if "reuters" in mix:
        rt = dedupe(reuters_rows(data, "train", args.min_words_extra, args.max_words))
        rt_cap = cap if args.cap_reuters < 0 else args.cap_reuters
        took = cap_per_label(rt, rt_cap, "reuters")
        extra += took
        src_of.update((key(t), "reuters") for _, t in took)
        info.append("reuters train paragraphs: %d usable, %d taken (cap %d/label)" % (len(rt), len(took), rt_cap))
    wa_keys = {key(r["text"]) for r in read_tsv(os.path.join(data, "world_affairs", "labels.tsv"))}
    for src in ("cb", "unq"):
        if src in mix:
            rows = dedupe(politics_sentence_rows(data, src, wa_keys, args.min_words_politics))
            took = cap_per_label(rows, args.politics_cap, src)
            extra += took
            src_of.update((key(t), src) for _, t in took)
            info.append("%s sentences as politics: %d usable, %d taken" % (src, len(rows), len(took)))
    train = dedupe(train + extra)
    if args.bbc_articles:  # each training article also as one long row (title + paragraphs)
        train = train + [(a["label"], a["title"] + " " + " ".join(a["paragraphs"]))
                         for a in tr_arts if a["label"] in SECTION_LABELS]
        train = dedupe(train)
        info.append("bbc whole-article rows added: %d" % len(tr_arts))
    if args.bbc_repeat > 1:  # up-weight BBC by repeating its rows (tenor has no sample weights)
        train = train + [r for r in bbc_train] * (args.bbc_repeat - 1)
        train.sort(key=lambda r: hsort(r[1], "section-order"))
        info.append("bbc rows repeated x%d" % args.bbc_repeat)

    # cross-outlet held-out: 20NG bydate test + Reuters ModApte test, mapped.
    # Never overlaps any training source's split (train splits are used above).
    x = dedupe(ng_rows(data, "test", args.min_words_extra, args.max_words))
    x += dedupe(reuters_rows(data, "test", args.min_words_extra, args.max_words))
    x = remove_overlap(dedupe(x), {key(t) for _, t in train})
    x = cap_per_label(x, args.xoutlet_cap, "xoutlet")
    # third set: world_affairs items from outlets never used for training
    # (US political news sentences, international-events news sentences);
    # labels are model-assisted topic annotations mapped to the nearest section
    wa = remove_overlap(dedupe(wa_rows(data, {"mtsc", "cb"})), {key(t) for _, t in train})

    os.makedirs(args.out, exist_ok=True)
    stats = OrderedDict()
    # Same rows in the same order; only auxiliary rows' labels gain their variant.
    variants = parse_variants(args.variants)
    bbc_keys = {key(t) for _, t in bbc_train}
    train_out = []
    for l, t in train:
        src = src_of.get(key(t)) if key(t) not in bbc_keys else None
        train_out.append((l + "~" + variants[src] if src in variants else l, t))
    stats["train.tsv"] = write_tsv(os.path.join(args.out, "train.tsv"), train_out)
    stats["heldout.tsv"] = write_tsv(os.path.join(args.out, "heldout.tsv"), held)
    stats["heldout_xoutlet.tsv"] = write_tsv(os.path.join(args.out, "heldout_xoutlet.tsv"), x)
    stats["heldout_wa.tsv"] = write_tsv(os.path.join(args.out, "heldout_wa.tsv"), wa)
    # whole held-out articles, every paragraph as a reader sees it (no prose filter)
    write_articles(os.path.join(args.out, "heldout_articles.jsonl"), ho_arts)
    info.append("heldout_articles.jsonl: %d articles" % len(ho_arts))
    if val_arts:
        val = remove_overlap(dedupe(bbc_paragraphs(val_arts, args.min_words)), {key(t) for _, t in train})
        stats["val.tsv"] = write_tsv(os.path.join(args.out, "val.tsv"), val)
        write_articles(os.path.join(args.out, "val_articles.jsonl"), val_arts)
        info.append("validation: %d BBC articles held out of train (val.tsv, val_articles.jsonl)" % len(val_arts))
        if args.val_outlets:
            tk = {key(t) for _, t in train}
            vx = val_xoutlet_rows(data, args, tk)
            stats["val_xoutlet.tsv"] = write_tsv(os.path.join(args.out, "val_xoutlet.tsv"), vx)
            vw = remove_overlap(dedupe(wa_rows(data, {"un", "unsc"})), tk)
            stats["val_wa.tsv"] = write_tsv(os.path.join(args.out, "val_wa.tsv"), vw)
    return info, stats


# ---------------------------------------------------------------- tone


def detok(text):
    """UNSCon text is tokenised ("Russia 's activities ,"); undo the obvious bits."""
    t = norm(text)
    t = re.sub(r" ([,.;:!?%)\]])", r"\1", t)
    t = re.sub(r"([(\[]) ", r"\1", t)
    t = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", t)
    return t


def pseudo_paragraphs(rows, salt):
    """Deterministic pseudo-paragraphs from labelled sentences of ONE source: sentences
    of one tone in hash order, grouped 2-4 at a time (size from the hash), each group
    joined by one neutral sentence when the hash says so (1 in 3) and neutral ones are
    left; then neutral-only paragraphs of 2-3 sentences (label ""). Returns
    [(label, [sentences])]."""
    out = []
    neutral = sorted([t for l, t in rows if not l], key=lambda t: hsort(t, salt + "n"))
    ni = 0
    for lab in TONE_LABELS:
        sents = sorted([t for l, t in rows if l == lab], key=lambda t: hsort(t, salt + lab))
        i = 0
        while i + 2 <= len(sents):
            hv = int(hsort(sents[i], salt + "k"), 16)
            k = 2 + hv % 3
            group = sents[i:i + k]
            i += k
            if hv % 3 == 0 and ni < len(neutral) // 2:
                group.insert(1 + (hv >> 4) % len(group), neutral[ni])
                ni += 1
            out.append((lab, group))
    rest = neutral[ni:]
    i = 0
    while i + 2 <= len(rest):
        k = 2 + int(hsort(rest[i], salt + "nk"), 16) % 2
        out.append(("", rest[i:i + k]))
        i += k
    return sorted(out, key=lambda r: hsort(" ".join(r[1]), salt + "order"))


def unscon_paragraphs(data, size=3):
    """UNSCon speeches cut into consecutive runs of `size` sentences (a real paragraph's
    neighbourhood): tense if any sentence is tense, else no_conflict."""
    speeches = OrderedDict()
    for r in read_tsv(os.path.join(data, "tone", "unscon", "unscon_train.tsv")):
        speeches.setdefault((r["meeting"], r["speech_id"]), []).append((r["label"], detok(r["text"])))
    out = []
    for sents in speeches.values():
        for i in range(0, len(sents), size):
            chunk = sents[i:i + size]
            if len(chunk) < 2:
                continue
            lab = "tense" if any(l == "tense" for l, _ in chunk) else "no_conflict"
            out.append((lab, [t for _, t in chunk]))
    return out


def write_paras(outdir, name, paras):
    with open(os.path.join(outdir, name + ".jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for lab, sents in paras:
            f.write(json.dumps({"label": lab, "sentences": [norm(t) for t in sents]}, ensure_ascii=False) + "\n")
    return write_tsv(os.path.join(outdir, name + ".tsv"), [(lab, " ".join(sents)) for lab, sents in paras])


def build_tone(args):
    data = args.data
    mix = args.mix.split("+")
    allowed = {"cb", "un", "synth", "synthpara"}
    if set(mix) - allowed:
        sys.exit("tone --mix must be '+'-joined from %s (got %r)" % (sorted(allowed), args.mix))
    pct = args.heldout_pct

    # ConfliBERT (human, news sentences): CAMEO pentacode -> tone; pentacode 0
    # (statements) is neutral: label "" (no label) when --neutral, else dropped.
    # UN quad class (human, UN documents): same rule, quad 0 (irrelevant) = neutral;
    # with --seed 0 and 20% the split is exactly the staged hash_split column
    # (md5(lower(text)) % 100 < 20 -> test).
    def load(path, neutral):
        tr, ho, val = [], [], []
        for r in read_tsv(path):
            if r["tone"] in TONE_LABELS:
                lab = r["tone"]
            elif r["tone"] == "neutral" and neutral:
                lab = ""
            else:
                continue
            if h100(r["text"].lower()) < pct:
                ho.append((lab, r["text"]))
            elif args.val_pct and h100(r["text"].lower(), "val:") < args.val_pct:
                val.append((lab, r["text"]))
            else:
                tr.append((lab, r["text"]))
        return [dedupe(x) for x in (tr, ho, val)]

    cb_tr_all, cb_ho_all, cb_val_all = load(os.path.join(data, "tone", "conflibert", "penta_train.tsv"), True)
    un_tr_all, un_ho_all, un_val_all = load(os.path.join(data, "tone", "un_quadclass", "quad_all.tsv"), True)
    lab_only = lambda rows: [r for r in rows if r[0]]
    neu_only = lambda rows: [r for r in rows if not r[0]]
    cb_tr, cb_ho, un_tr, un_ho = map(lab_only, (cb_tr_all, cb_ho_all, un_tr_all, un_ho_all))
    if args.neutral:
        # neutral rows (no label) join training, capped per source as a share of it
        def neu(rows, src):
            n = neu_only(rows)
            cap = int(len(lab_only(rows)) * args.neutral_share) if args.neutral_share > 0 else len(n)
            return sorted(n, key=lambda r: hsort(r[1], "neutral" + src))[:cap]
        cb_tr = cb_tr + neu(cb_tr_all, "cb")
        un_tr = un_tr + neu(un_tr_all, "un")

    train = []
    info = []
    if "cb" in mix:
        train += cb_tr * args.cb_repeat
        info.append("conflibert train: %d sentences (x%d)" % (len(cb_tr), args.cb_repeat))
    if "un" in mix:
        train += un_tr
        info.append("un_quadclass train: %d sentences" % len(un_tr))
    # NGEC: SYNTHETIC, machine-generated stories; label = the prompt's event (weak).
    if "synth" in mix:
        rows = [(r["tone"], r["text"]) for r in
                read_tsv(os.path.join(data, "tone", "ngec_synthetic", "synthetic_stories.tsv"))
                if r["tone"] in TONE_LABELS]
        rows = cap_per_label(dedupe(rows), args.synth_cap, "synth")
        train += rows
        info.append("ngec SYNTHETIC stories (weak labels): %d" % len(rows))
    if "synthpara" in mix:
        rows = [(r["story_tone"], r["paragraph"]) for r in
                read_tsv(os.path.join(data, "tone", "ngec_synthetic", "synthetic_paragraphs_weak.tsv"))
                if r["story_tone"] in TONE_LABELS and len(r["paragraph"].split()) >= 8]
        rows = cap_per_label(dedupe(rows), args.synth_cap, "synthpara")
        train += rows
        info.append("ngec SYNTHETIC paragraphs (story label inherited, weak): %d" % len(rows))
    if args.cb_repeat > 1 and "cb" in mix:
        # keep the ConfliBERT repeats (an up-weighting); dedupe everything else
        cb_keys = {key(t) for _, t in cb_tr}
        rest = remove_overlap(dedupe(train), cb_keys)
        train = cb_tr * args.cb_repeat + rest
    else:
        train = dedupe(train)
    train.sort(key=lambda r: hsort(r[1], "tone-order"))

    # UNSCon (expert, UNSC speeches): tense vs no_conflict. no_conflict is NOT
    # cooperative; this file is only for measuring tense detection cross-source
    # (score: predicted tense vs not). All train meetings (test meetings withheld).
    unscon = [(r["label"], detok(r["text"]))
              for r in read_tsv(os.path.join(data, "tone", "unscon", "unscon_train.tsv"))
              if r["label"] in ("tense", "no_conflict")]
    unscon = dedupe(unscon)

    if args.train_paras:
        # pseudo-paragraphs of 2-4 training sentences (one source, one tone, maybe one
        # neutral sentence), added to the sentences: the "train on paragraphs" option
        paras = []
        if "cb" in mix:
            paras += pseudo_paragraphs(cb_tr_all, "trcb")
        if "un" in mix:
            paras += pseudo_paragraphs(un_tr_all, "trun")
        train += [(lab, " ".join(sents)) for lab, sents in paras]
        info.append("pseudo-paragraphs added: %d" % len(paras))

    tkeys = {key(t) for _, t in train}
    cb_ho, un_ho = remove_overlap(cb_ho, tkeys), remove_overlap(un_ho, tkeys)
    neu_ho = remove_overlap(neu_only(cb_ho_all) + neu_only(un_ho_all), tkeys)

    os.makedirs(args.out, exist_ok=True)
    stats = OrderedDict()
    stats["train.tsv"] = write_tsv(os.path.join(args.out, "train.tsv"), train)
    stats["heldout.tsv"] = write_tsv(os.path.join(args.out, "heldout.tsv"), cb_ho + un_ho)
    stats["heldout_conflibert.tsv"] = write_tsv(os.path.join(args.out, "heldout_conflibert.tsv"), cb_ho)
    stats["heldout_un.tsv"] = write_tsv(os.path.join(args.out, "heldout_un.tsv"), un_ho)
    stats["heldout_unscon.tsv"] = write_tsv(os.path.join(args.out, "heldout_unscon.tsv"), unscon)
    # neutral held-out sentences (CB pentacode 0, UN quad 0): empty label = no label
    stats["heldout_neutral.tsv"] = write_tsv(os.path.join(args.out, "heldout_neutral.tsv"), neu_ho)
    # labelled + neutral held-out sentences in their natural proportions (per-label calibration)
    stats["heldout_with_neutral.tsv"] = write_tsv(os.path.join(args.out, "heldout_with_neutral.tsv"),
                                                  sorted(cb_ho + un_ho + neu_ho, key=lambda r: hsort(r[1], "ho")))
    # paragraph-level held-out sets (sentence lists kept in .jsonl for the
    # score-sentences-and-combine comparison)
    ho_paras = pseudo_paragraphs(remove_overlap(cb_ho_all, tkeys), "hocb") + \
        pseudo_paragraphs(remove_overlap(un_ho_all, tkeys), "houn")
    stats["paras_heldout.tsv"] = write_paras(args.out, "paras_heldout", ho_paras)
    stats["paras_unscon.tsv"] = write_paras(args.out, "paras_unscon", unscon_paragraphs(data))
    if args.val_pct:
        stats["val.tsv"] = write_tsv(os.path.join(args.out, "val.tsv"),
                                     remove_overlap(lab_only(cb_val_all + un_val_all), tkeys))
        stats["val_cb.tsv"] = write_tsv(os.path.join(args.out, "val_cb.tsv"),
                                        remove_overlap(lab_only(cb_val_all), tkeys))
        stats["val_neutral.tsv"] = write_tsv(os.path.join(args.out, "val_neutral.tsv"),
                                             remove_overlap(neu_only(cb_val_all + un_val_all), tkeys))
        val_paras = pseudo_paragraphs(cb_val_all, "vacb") + pseudo_paragraphs(un_val_all, "vaun")
        stats["val_paras.tsv"] = write_paras(args.out, "val_paras", val_paras)
    # The full ConfliBERT train split, for cross-source runs whose mix has no "cb"
    # (e.g. train on UN and/or synthetic, test on human-labelled news).
    if "cb" not in mix:
        stats["heldout_conflibert_all.tsv"] = write_tsv(
            os.path.join(args.out, "heldout_conflibert_all.tsv"), remove_overlap(cb_tr + cb_ho, tkeys))
    return info, stats


# ---------------------------------------------------------------- main


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("task", choices=("section", "tone"))
    ap.add_argument("--data", required=True, help="shared data root (has README.md, topic/, tone/)")
    ap.add_argument("--out", required=True, help="output directory (keep it outside the repo)")
    ap.add_argument("--mix", default=None,
                    help="section: bbc plus any of 20ng, reuters, cb, unq (default bbc+20ng+reuters+cb+unq); "
                         "tone: '+'-joined from cb, un, synth, synthpara (default cb+un)")
    ap.add_argument("--heldout-pct", type=int, default=None,
                    help="percent held out by text hash (section 15, tone 20)")
    ap.add_argument("--min-words", type=int, default=8, help="section: min words per BBC paragraph")
    ap.add_argument("--min-words-extra", type=int, default=20, help="section: min words per 20NG/Reuters paragraph")
    ap.add_argument("--max-words", type=int, default=300, help="section: max words per 20NG/Reuters paragraph")
    ap.add_argument("--extra-cap", type=int, default=500,
                    help="section: max 20NG/Reuters paragraphs per label per source "
                         "(default 500; 0 = the smallest BBC class count)")
    ap.add_argument("--cap-20ng", type=int, default=-1,
                    help="section: max 20NG paragraphs per label (default -1 = --extra-cap)")
    ap.add_argument("--cap-reuters", type=int, default=-1,
                    help="section: max Reuters paragraphs (default -1 = --extra-cap)")
    ap.add_argument("--min-words-politics", type=int, default=8,
                    help="section: min words per ConfliBERT / UN sentence")
    ap.add_argument("--politics-cap", type=int, default=500,
                    help="section: max ConfliBERT / UN sentences (as politics) per source")
    ap.add_argument("--bbc-articles", action="store_true", help="section: also train on whole BBC articles")
    ap.add_argument("--bbc-repeat", type=int, default=1, help="section: repeat BBC training rows N times")
    ap.add_argument("--val-pct", type=int, default=0,
                    help="percent of training groups/rows held out as validation (val*.tsv) for tuning")
    ap.add_argument("--variants", default="20ng:usenet,reuters:reuters",
                    help="section: source:variant pairs, e.g. 20ng:usenet,reuters:reuters: label those "
                         "auxiliary rows label~variant (a class of its own, reported as the label)")
    ap.add_argument("--val-outlets", type=int, default=1,
                    help="section with --val-pct: also write val_xoutlet.tsv (20NG/Reuters train documents "
                         "not trained on) and val_wa.tsv (UN items of world_affairs, not in heldout_wa.tsv)")
    ap.add_argument("--xoutlet-cap", type=int, default=1000, help="section: max cross-outlet held-out items per label")
    ap.add_argument("--seed", type=int, default=0,
                    help="salt for the hash splits (0 = canonical split; others only to gauge split variance)")
    ap.add_argument("--cb-repeat", type=int, default=1, help="tone: repeat ConfliBERT rows N times (up-weight news)")
    ap.add_argument("--neutral", type=int, default=1,
                    help="tone: 1 = train with neutral sentences as no-label rows (multi-label head), 0 = binary")
    ap.add_argument("--neutral-share", type=float, default=0,
                    help="tone: max neutral rows per source as a share of its labelled rows (0 = all)")
    ap.add_argument("--train-paras", type=int, default=0, help="tone: 1 = add pseudo-paragraphs of training sentences")
    ap.add_argument("--synth-cap", type=int, default=0, help="tone: max synthetic rows per label (0 = all)")
    args = ap.parse_args(argv)
    if args.mix is None:
        args.mix = "bbc+20ng+reuters+cb+unq" if args.task == "section" else "cb+un"
    global SPLIT_SALT
    SPLIT_SALT = "" if args.seed == 0 else "seed%d:" % args.seed
    if args.heldout_pct is None:
        args.heldout_pct = 15 if args.task == "section" else 20
    if os.path.realpath(args.out).startswith(os.path.realpath(os.path.join(os.path.dirname(__file__), ".."))):
        print("warning: --out is inside the repository; this text must not be committed", file=sys.stderr)

    info, stats = (build_section if args.task == "section" else build_tone)(args)
    lines = ["task=%s mix=%s heldout_pct=%d seed=%d" % (args.task, args.mix, args.heldout_pct, args.seed)] + info
    for name, c in stats.items():
        lines.append("%-28s %6d  %s" % (name, sum(c.values()), " ".join("%s=%d" % kv for kv in sorted(c.items()))))
    with open(os.path.join(args.out, "stats.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
