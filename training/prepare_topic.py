#!/usr/bin/env python3
"""Build training and held-out files for tenor's multi-label `topic` model.

Two stages (training/build.sh topic runs both, with tenor in between):

    prepare_topic.py --data D --out W            # stage 1: core.tsv, weak.jsonl, pool.jsonl, held-out
    tenor train --output W/core --ngrams 1 W/core.tsv
    tenor classify --model W/core --format jsonl W/weak.jsonl > W/weak.out   (same for pool)
    prepare_topic.py --data D --out W --finish   # stage 2: train.tsv

Standard library only, deterministic: every split and sample is a function of an MD5
hash, and tenor's training is deterministic for a given seed.

The core is world_affairs/labels.tsv (12 topics, GUIDELINES.md). Items are grouped by
source document (a BBC article with its duplicates and near-duplicates, a Reuters
story, the news article a NewsMTSC sentence comes from, a UNSC speech; UN and
ConfliBERT sentences stand alone) and whole documents are split by hash:

    md5("topic:" + document) % 100 < 20   held-out (heldout.tsv, heldout_random.tsv):
                                          never trained on, never used for choices
    the rest                              training; with --dev K it is split again into
                                          3 document folds by md5("fold:" + document) % 3

With --dev K (0, 1, 2), core.tsv = the other two folds and val.tsv = fold K, and no
held-out file is written: the mix and settings were chosen on the mean over the
three folds, never on the held-out documents.

Additions (--mix):
  weak labels   another corpus's own category gives one topic for sure (bbc-tech ->
                technology, bbc-bus -> economy, ...; see MIX_HELP). A single weak label
                would teach that such a paragraph is about nothing else, so the core
                model's own predictions are added to it (labels = weak label U predicted).
  self          self-training: unlabelled BBC, Reuters and NewsMTSC paragraphs (pool.jsonl)
                labelled by the core model; kept when the top label has P >= --self-p,
                at most --self-cap per top label, labels = every label over threshold.
Additions never include a document that has an item in world_affairs (any split) nor
a text equal to one.

Output lines are `label1,label2<TAB>text` (empty label field = no topic), text
whitespace-collapsed with backslashes escaped. The data is research-use only: write
outside the repository, never commit it.
"""

import argparse
import csv
import hashlib
import json
import os
import re
import sys
from collections import Counter

csv.field_size_limit(1 << 30)

TOPICS = ("diplomacy", "trade", "economy", "security", "technology", "crime", "law",
          "politics", "health", "environment", "society", "sport")

DEFAULT_MIX = "wa+bbc-tech+bbc-bus+self"  # chosen on the 3 validation folds (training/README.md)

# ---------------------------------------------------------------- helpers


# One definition of the text keys, TSV reading and the prose filter, in prepare.py.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from prepare import key, norm, prose_ok, read_tsv  # noqa: E402


def md5(s):
    return hashlib.md5(s.encode("utf-8")).hexdigest()


def h100(s, salt):
    return int(md5(salt + s), 16) % 100


def write_tsv(path, rows):
    """rows: (labels tuple, text). Returns per-label counts."""
    counts = Counter()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for labels, text in rows:
            f.write("%s\t%s\n" % (",".join(labels), norm(text).replace("\\", "\\\\")))
            counts.update(labels or ("(none)",))
    return counts



def sample(rows, cap, salt):
    """At most cap rows, chosen by hash order (deterministic)."""
    rows = sorted(rows, key=lambda r: md5(salt + key(r[1])))
    return rows[:cap] if cap and cap > 0 else rows


# ---------------------------------------------------------------- world_affairs


def bbc_articles(data):
    with open(os.path.join(data, "topic", "bbc", "articles.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def bbc_groups(arts):
    """Union duplicate / near-duplicate BBC articles (same title or a shared paragraph
    of 12+ words). Returns {article id: group key}."""
    parent = list(range(len(arts)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first = {}
    for i, a in enumerate(arts):
        keys = ["T:" + key(a["title"])] + ["P:" + key(p) for p in a["paragraphs"] if len(p.split()) >= 12]
        for k in keys:
            if k in first:
                x, y = find(i), find(first[k])
                if x != y:
                    parent[max(x, y)] = min(x, y)
            else:
                first[k] = i
    return {a["id"]: "bbc:" + arts[find(i)]["id"] for i, a in enumerate(arts)}


def wa_items(data, arts):
    """world_affairs items with a source-document key each."""
    bgroup = bbc_groups(arts)
    mtsc = {}
    for r in read_tsv(os.path.join(data, "tone", "newsmtsc", "newsmtsc_sentences.tsv")):
        # gid: allsides_<a>_<b>_<sent>_... / polusa_v1_<article>_... -> the article
        mtsc[key(r["text"])] = "mtsc:" + "_".join(r["primary_gid"].split("_")[:3])
    unsc = {}
    for r in read_tsv(os.path.join(data, "tone", "unscon", "unscon_train.tsv")):
        unsc[key(r["text"])] = "unsc:%s/%s" % (r["meeting"], r["speech_id"])
    items = []
    for r in read_tsv(os.path.join(data, "world_affairs", "labels.tsv")):
        src, k = r["source"], key(r["text"])
        if src == "bbc":
            doc = bgroup.get(r["id"].split(":")[1], r["id"].rsplit(":", 1)[0])
        elif src == "reu":
            doc = "reu:" + r["id"].split(":")[1]
        elif src == "mtsc":
            doc = mtsc.get(k, "text:" + md5(k))
        elif src == "unsc":
            doc = unsc.get(k, "text:" + md5(k))
        else:
            doc = "text:" + md5(k)
        labels = tuple(t for t in r["topics"].split(",") if t in TOPICS)
        items.append({"id": r["id"], "source": src, "batch": r["batch"], "doc": doc,
                      "labels": labels, "text": norm(r["text"])})
    return items


def split_of(doc):
    if h100(doc, "topic:") < 20:
        return "heldout"
    return "fold%d" % (int(md5("fold:" + doc), 16) % 3)


# ---------------------------------------------------------------- weak labels
# Each component maps another corpus's own category to a topic. Paragraphs of any
# document that has an item in world_affairs are excluded (excl_docs / excl_text).

TRADE_CUE = re.compile(r"\b(tariffs?|trade|exports?|imports?|protectionis\w*|dumping|quotas?|gatt|embargo)\b", re.I)


def bbc_component(arts, section, topic, excl_docs, bgroup):
    rows = []
    for a in arts:
        if a["label"] != section or bgroup[a["id"]] in excl_docs:
            continue
        for p in a["paragraphs"]:
            if prose_ok(p, 12):
                rows.append(((topic,), p))
    return rows


def reuters_component(data, which, excl_docs):
    rows = []
    for r in read_tsv(os.path.join(data, "topic", "reuters21578", "paragraphs.tsv"), escaped=True):
        if r["modapte"] != "train" or "reu:" + r["newid"] in excl_docs:
            continue
        topics = set(r["topics"].split(","))
        p = norm(r["text"])
        if not prose_ok(p, 15, 200, min_lower=0.3, max_digit=0.2):
            continue
        if which == "trade":
            if "trade" in topics and TRADE_CUE.search(p):
                rows.append((("trade", "economy") if re.search(r"\b(deficit|surplus|billion|mln|pct)\b", p) else ("trade",), p))
        elif which == "econ":
            if topics & {"money-fx", "interest", "gnp", "jobs", "cpi", "earn", "acq"} and not topics & {"trade"}:
                rows.append((("economy",), p))
    return rows


QUOTE_RE = re.compile(r"^\s*(>|\||:|\}|[A-Za-z0-9_.-]{1,15}>)")
ATTRIB_RE = re.compile(r"(writes|wrote|says|said)\s*:\s*$|^In article|^In <|^From:|^Subject:|^Archive-name|^Last-modified|^Version:", re.I)
MAILURL_RE = re.compile(r"\S+@\S+|https?://|ftp[:.]|www\.", re.I)

NG_GROUPS = {
    "sport": ("rec.sport.baseball", "rec.sport.hockey"),
    "tech": ("comp.graphics", "comp.os.ms-windows.misc", "comp.sys.ibm.pc.hardware",
             "comp.sys.mac.hardware", "comp.windows.x", "sci.space", "sci.crypt"),
    "med": ("sci.med",),
    "rel": ("soc.religion.christian", "talk.religion.misc"),
}
NG_TOPIC = {"sport": "sport", "tech": "technology", "med": "health", "rel": "society"}


def ng_component(data, which):
    groups = NG_GROUPS[which]
    rows = []
    with open(os.path.join(data, "topic", "20newsgroups", "docs.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["split"] != "train" or d["label"] not in groups:
                continue
            kept = []
            for ln in d["body"].split("\n"):
                if ln.strip() in ("--", "-- ") or ln.startswith("-- "):
                    break
                kept.append("" if QUOTE_RE.match(ln) or ATTRIB_RE.search(ln.strip()) else ln)
            cur = []
            for ln in kept + [""]:
                if ln.strip():
                    cur.append(ln.strip())
                elif cur:
                    p = " ".join(cur)
                    cur = []
                    if not MAILURL_RE.search(p) and prose_ok(p, 20, 300, min_lower=0.4, max_digit=0.15):
                        rows.append(((NG_TOPIC[which],), p))
    return rows


def cameo_component(data, excl_text):
    """Human CAMEO annotation: material conflict (fighting, attacks, coercion) -> security."""
    rows = []
    for r in read_tsv(os.path.join(data, "tone", "conflibert", "penta_train.tsv")):
        if r["penta_name"] == "material_conflict":
            rows.append((("security",), r["text"]))
    for r in read_tsv(os.path.join(data, "tone", "un_quadclass", "quad_all.tsv")):
        if r["quad_name"] == "material_conflict":
            rows.append((("security",), r["text"]))
    return [r for r in rows if key(r[1]) not in excl_text and len(r[1].split()) >= 8]


NGEC_MAP = {"ASSAULT": ("security",), "MOBILIZE": ("security",), "PROTEST": ("society",),
            "CONSULT": ("diplomacy",), "AGREE": ("diplomacy",)}


def ngec_component(data):
    """SYNTHETIC (machine-generated) stories; paragraphs inherit the story's event type."""
    rows = []
    for r in read_tsv(os.path.join(data, "tone", "ngec_synthetic", "synthetic_paragraphs_weak.tsv")):
        t = NGEC_MAP.get(r["story_plover_event"])
        if t and r["para_idx"] == "0" and prose_ok(r["paragraph"], 15):
            rows.append((t, r["paragraph"]))
    return rows


# ---------------------------------------------------------------- self-training


def pool_rows(data, arts, bgroup, excl_docs, excl_text, cap):
    """Unlabelled news paragraphs for self-training: BBC and Reuters paragraphs of
    documents not in world_affairs, and NewsMTSC sentences not in it."""
    rows = []
    for a in arts:
        if bgroup[a["id"]] in excl_docs:
            continue
        rows += [("bbc", p) for p in a["paragraphs"] if prose_ok(p, 12, 250)]
    for r in read_tsv(os.path.join(data, "topic", "reuters21578", "paragraphs.tsv"), escaped=True):
        if r["modapte"] == "train" and "reu:" + r["newid"] not in excl_docs:
            p = norm(r["text"])
            if prose_ok(p, 15, 200, min_lower=0.3, max_digit=0.2):
                rows.append(("reu", p))
    for r in read_tsv(os.path.join(data, "tone", "newsmtsc", "newsmtsc_sentences.tsv")):
        if r["split"] == "train" and key(r["text"]) not in excl_text and len(r["text"].split()) >= 15:
            rows.append(("mtsc", r["text"]))
    seen, out = set(), []
    per_src = []
    for src in ("bbc", "reu", "mtsc"):
        per_src += sample([r for r in rows if r[0] == src], cap // 3, "pool")
    for src, p in sorted(per_src, key=lambda r: md5("pool" + key(r[1]))):
        if key(p) not in seen and key(p) not in excl_text:
            seen.add(key(p))
            out.append((src, norm(p)))
    return out


# ---------------------------------------------------------------- main

COMPONENTS = ("wa", "bbc-sport", "bbc-tech", "bbc-ent", "bbc-pol", "bbc-bus", "reu-trade", "reu-econ",
              "ng-sport", "ng-tech", "ng-med", "ng-rel", "cameo", "ngec", "self")
MIX_HELP = ("plus-separated: wa (required), self, and weak labels bbc-sport/-tech/-ent/-pol/-bus "
            "(BBC section -> sport/technology/society/politics/economy), reu-trade (Reuters trade with a "
            "trade word -> trade), reu-econ (money-fx, interest, gnp, jobs, cpi, earn, acq -> economy), "
            "ng-sport/-tech/-med/-rel (20 Newsgroups -> sport/technology/health/society), cameo "
            "(ConfliBERT + UN QuadClass material conflict -> security), ngec (SYNTHETIC NGEC stories: "
            "ASSAULT/MOBILIZE -> security, PROTEST -> society, CONSULT/AGREE -> diplomacy)")


def weak_component(comp, data, arts, bgroup, excl_docs, excl_text):
    if comp.startswith("bbc-"):
        sec, top = {"sport": ("sport", "sport"), "tech": ("tech", "technology"), "ent": ("entertainment", "society"),
                    "pol": ("politics", "politics"), "bus": ("business", "economy")}[comp[4:]]
        return bbc_component(arts, sec, top, excl_docs, bgroup)
    if comp.startswith("reu-"):
        return reuters_component(data, comp[4:], excl_docs)
    if comp.startswith("ng-"):
        return ng_component(data, comp[3:])
    if comp == "cameo":
        return cameo_component(data, excl_text)
    return ngec_component(data)


def read_classified(path):
    """(id, text, labels over threshold, top label, P(top)) per paragraph of tenor classify jsonl."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            for par in art["paragraphs"]:
                head = par["topic"]
                top = head["label"]
                yield art["id"], par["text"], head["labels"], top, (head["scores"][top] if top else 0.0)


def finish(args):
    """Stage 2: core.tsv + weak labels U predictions + confident pool predictions -> train.tsv."""
    out = args.out
    with open(os.path.join(out, "core.tsv"), encoding="utf-8") as f:
        core = [line.rstrip("\n") for line in f]
    lines, stats = list(core), ["core rows: %d" % len(core)]
    weak_out = os.path.join(out, "weak.out")
    if os.path.exists(weak_out):
        per = Counter()
        for rid, text, pred, _, _ in read_classified(weak_out):
            comp, _, weak = rid.split("|")
            labels = [t for t in TOPICS if t == weak or t in pred]
            lines.append("%s\t%s" % (",".join(labels), norm(text).replace("\\", "\\\\")))
            per.update(labels)
        stats.append("weak labels U predictions: %d rows %s" % (sum(1 for _ in read_classified(weak_out)), dict(sorted(per.items()))))
    pool_out = os.path.join(out, "pool.out")
    if os.path.exists(pool_out):
        by_top = {}
        for rid, text, pred, top, p in read_classified(pool_out):
            if top is not None and pred and p >= args.self_p:
                by_top.setdefault(top, []).append((p, md5(key(text)), [t for t in TOPICS if t in pred], text))
        per = Counter()
        n = 0
        for top in sorted(by_top):
            for p, _, labels, text in sorted(by_top[top], key=lambda r: (-r[0], r[1]))[:args.self_cap]:
                lines.append("%s\t%s" % (",".join(labels), norm(text).replace("\\", "\\\\")))
                per.update(labels)
                n += 1
        stats.append("self-training: %d rows %s" % (n, dict(sorted(per.items()))))
    lines.sort(key=lambda l: md5("order" + l))
    with open(os.path.join(out, "train.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(l + "\n" for l in lines))
    stats.append("train.tsv: %d rows" % len(lines))
    with open(os.path.join(out, "stats.txt"), "a", encoding="utf-8") as f:
        f.write("\n".join(stats) + "\n")
    print("\n".join(stats), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="the shared corpora (../shared/data)")
    ap.add_argument("--out", required=True, help="working directory (outside the repository)")
    ap.add_argument("--mix", default=DEFAULT_MIX, help=MIX_HELP + " (default %(default)s)")
    ap.add_argument("--cap", type=int, default=300, help="max rows per weak-label component (default %(default)s)")
    ap.add_argument("--self-cap", type=int, default=150, help="max self-training rows per top label (default %(default)s)")
    ap.add_argument("--self-p", type=float, default=0.8, help="min top-label probability for self-training (default %(default)s)")
    ap.add_argument("--pool-cap", type=int, default=9000, help="unlabelled paragraphs, a third per source (default %(default)s)")
    ap.add_argument("--dev", type=int, choices=(0, 1, 2), help="validation fold K: core = the other folds, write val.tsv, no held-out")
    ap.add_argument("--finish", action="store_true", help="stage 2: write train.tsv from core.tsv, weak.out and pool.out")
    args = ap.parse_args()
    if args.finish:
        return finish(args)

    mix = args.mix.split("+")
    bad = [c for c in mix if c not in COMPONENTS]
    if bad or "wa" not in mix:
        sys.exit("--mix: " + MIX_HELP + " (got %r)" % args.mix)
    os.makedirs(args.out, exist_ok=True)
    for stale in ("weak.jsonl", "pool.jsonl", "weak.out", "pool.out", "train.tsv", "val.tsv", "heldout.tsv", "heldout_random.tsv"):
        if os.path.exists(os.path.join(args.out, stale)):
            os.remove(os.path.join(args.out, stale))

    data = args.data
    arts = bbc_articles(data)
    bgroup = bbc_groups(arts)
    items = wa_items(data, arts)
    excl_docs = {it["doc"] for it in items}
    excl_text = {key(it["text"]) for it in items}
    dev = args.dev is not None
    folds = tuple("fold%d" % k for k in range(3) if k != args.dev)

    core = [(it["labels"], it["text"]) for it in items if split_of(it["doc"]) in folds]
    stats = ["world_affairs documents per split: %s" % dict(sorted(Counter(split_of(d) for d in excl_docs).items())),
             "world_affairs items per split: %s" % dict(sorted(Counter(split_of(it["doc"]) for it in items).items()))]
    c = write_tsv(os.path.join(args.out, "core.tsv"), core)
    stats.append("core.tsv: %d rows %s" % (len(core), dict(sorted(c.items()))))

    weak = []
    for comp in mix:
        if comp in ("wa", "self"):
            continue
        extra = [r for r in weak_component(comp, data, arts, bgroup, excl_docs, excl_text) if key(r[1]) not in excl_text]
        extra = sample(extra, args.cap, comp)
        stats.append("weak %s: %d rows %s" % (comp, len(extra), dict(Counter(l for r in extra for l in r[0]))))
        weak += [(comp, r[0][0], r[1]) for r in extra]
    if weak:
        with open(os.path.join(args.out, "weak.jsonl"), "w", encoding="utf-8") as f:
            for n, (comp, label, text) in enumerate(weak):
                f.write(json.dumps({"id": "%s:%d|%s|%s" % (comp, n, comp, label), "paragraphs": [norm(text)]}, ensure_ascii=False) + "\n")

    if dev:
        val = [(it["labels"], it["text"]) for it in items if split_of(it["doc"]) == "fold%d" % args.dev]
        c = write_tsv(os.path.join(args.out, "val.tsv"), val)
        stats.append("val.tsv: %d rows %s" % (len(val), dict(sorted(c.items()))))
    else:
        held = [it for it in items if split_of(it["doc"]) == "heldout"]
        c = write_tsv(os.path.join(args.out, "heldout.tsv"), [(it["labels"], it["text"]) for it in held])
        stats.append("heldout.tsv: %d rows %s" % (len(held), dict(sorted(c.items()))))
        rnd = [(it["labels"], it["text"]) for it in held if it["batch"] == "random"]
        write_tsv(os.path.join(args.out, "heldout_random.tsv"), rnd)
        stats.append("heldout_random.tsv: %d rows (the random batch only)" % len(rnd))
    if "self" in mix:
        pool = pool_rows(data, arts, bgroup, excl_docs, excl_text, args.pool_cap)
        with open(os.path.join(args.out, "pool.jsonl"), "w", encoding="utf-8") as f:
            for n, (src, p) in enumerate(pool):
                f.write(json.dumps({"id": "%s:%d" % (src, n), "paragraphs": [p]}, ensure_ascii=False) + "\n")
        stats.append("pool.jsonl: %d paragraphs %s" % (len(pool), dict(sorted(Counter(s for s, _ in pool).items()))))
    with open(os.path.join(args.out, "stats.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(stats) + "\n")
    print("\n".join(stats), file=sys.stderr)


if __name__ == "__main__":
    main()
