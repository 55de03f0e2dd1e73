"""Reading real web pages: crossread's article for each page against human gold, beside
trafilatura's and htmldate's defaults in the same run.

    .venv/bin/python bench/pages.py            # writes bench/results/pages.md
    .venv/bin/python bench/pages.py --list     # also prints per-page rows (refusals, dates, outlets)

Data: ../shared/eval_data/pages/ (its README): pages/*.html and gold.jsonl, the development half of
scrapinghub's article-extraction-benchmark (human article bodies) and adbar/htmldate's test set
(human publication dates, many languages). Never copied here.

Scoring (the article-extraction-benchmark's own method, re-implemented): tokens are ``\\w+``
runs, shingles are 4-token windows; per page tp/fp/fn over shingle counts are normalised to sum 1;
precision is the mean over pages that output something, recall the mean over pages with a gold
body, F1 their harmonic mean. A refused page outputs nothing (recall 0).

- pages refused: crossread gives no article for the file (``crossread.read([path])``, the public
  read path, as a user reads a saved page); trafilatura ``extract(bytes)`` returns nothing.
- junk kept: the share of output characters in paragraphs that share no shingle with the gold
  body (whole boxes, menus, captions, related links kept), pooled over pages with a gold body.
- dates right to the day: the article's ``published`` (first 10 characters) equals the gold date,
  over pages with a gold date; htmldate is ``find_date(html)`` with its defaults and trafilatura is
  ``bare_extraction(bytes, with_metadata=True)``'s date.
- outlets: how many outlets are a URL scheme, contain a photo-credit slash, equal the page title,
  or are longer than 6 words; and how many name the gold URL's site (its host, or the known outlet
  for that host).
- pages/s: whole pages per second of wall time, each tool over the same files in the same run.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "eval_data" / "pages"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def tp_fp_fn(gold: str, pred: str) -> tuple[float, float, float]:
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def prf(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    def prec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def rec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    ps = [prec(*r) for r in rows if r[0] + r[1] > 0]
    rs = [rec(*r) for r in rows if r[0] + r[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def junk_chars(gold: str, pred: str) -> tuple[int, int]:
    """(characters of output paragraphs sharing no shingle with the gold, all output characters)"""
    g = shingles(gold)
    junk = total = 0
    for para in re.split(r"\n+", pred or ""):
        para = para.strip()
        if not para:
            continue
        total += len(para)
        if not any(s in g for s in shingles(para)):
            junk += len(para)
    return junk, total


def _host(url: str | None) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url or "").hostname or "").lower().removeprefix("www.")


def _fold(s: str) -> str:
    return re.sub(r"[\W_]", "", s.lower())


def outlet_flags(outlet: str | None, title: str | None, url: str | None) -> tuple[list[str], bool]:
    """(what is wrong with an outlet, whether it names the gold URL's site). ``_fold`` keeps
    letters of every script, so two Arabic names are not 'equal' for having no Latin letters."""
    from crossread.ingest.metadata import outlet_from_url

    if not outlet:
        return [], False
    bad = []
    if outlet.lower().rstrip(":/") in ("http", "https", "www"):
        bad.append("scheme")
    if title and _fold(outlet) == _fold(title):
        bad.append("title")
    if len(outlet.split()) > 6:
        bad.append("long")
    host = _host(url)
    site = outlet_from_url(url) if url else None
    stem = host.split(".")[-2] if host.count(".") >= 1 else host
    names_site = bool(
        host
        and _fold(outlet)
        and (
            _fold(outlet) == _fold(site or "")
            or _fold(outlet) in _fold(host)
            or (len(stem) >= 3 and _fold(stem) in _fold(outlet))
        )
    )
    if "/" in outlet and not names_site:  # 'Chris Helgren/Reuters', not 'Remember 80/90'
        bad.append("credit-slash")
    return bad, names_site


class _PassCounter(logging.Handler):
    """Counts pages whose extraction needed more than one trafilatura pass (logged by html.py)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.pages = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.pages += "extraction modes tried" in record.getMessage()


def run_crossread(paths: list[Path]) -> tuple[dict[str, dict], float]:
    import crossread

    out: dict[str, dict] = {}
    t0 = time.perf_counter()
    for p in paths:
        res = crossread.read([str(p)])
        if res.articles:
            a = res.articles[0]
            out[p.name] = {
                "text": a.text,
                "with_title": (f"{a.title}\n\n" if a.title else "") + a.text,
                "date": a.published,
                "title": a.title,
                "outlet": a.outlet,
                "meta": dict(a.meta),
            }
        else:
            out[p.name] = {"error": "; ".join(res.errors)}
    return out, time.perf_counter() - t0


def run_trafilatura(paths: list[Path]) -> tuple[dict[str, dict], float]:
    import trafilatura

    out: dict[str, dict] = {}
    t0 = time.perf_counter()
    for p in paths:
        text = trafilatura.extract(p.read_bytes())
        out[p.name] = {"text": text} if text else {"error": "no text"}
    return out, time.perf_counter() - t0


def run_trafilatura_dates(paths: list[Path]) -> tuple[dict[str, str | None], float]:
    import trafilatura

    out: dict[str, str | None] = {}
    t0 = time.perf_counter()
    for p in paths:
        doc = trafilatura.bare_extraction(p.read_bytes(), with_metadata=True)
        meta = (doc if isinstance(doc, dict) else doc.as_dict()) if doc is not None else {}
        out[p.name] = meta.get("date")
    return out, time.perf_counter() - t0


def run_htmldate(paths: list[Path]) -> tuple[dict[str, str | None], float]:
    from htmldate import find_date

    out: dict[str, str | None] = {}
    t0 = time.perf_counter()
    for p in paths:
        try:
            out[p.name] = find_date(p.read_bytes())
        except Exception:  # noqa: BLE001 - a peer failing on a page counts as no date
            out[p.name] = None
    return out, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="print per-page rows")
    ap.add_argument("--only", help="only files whose name contains this")
    args = ap.parse_args()
    gold_path = DATA / "gold.jsonl"
    if not gold_path.exists():
        print(f"bench/pages.py: {gold_path} not found", file=sys.stderr)
        return 1
    gold = [json.loads(x) for x in gold_path.read_text("utf-8").splitlines() if x.strip()]
    if args.only:
        gold = [g for g in gold if args.only in g["file"]]
    paths = [DATA / "pages" / g["file"] for g in gold]
    import htmldate  # noqa: F401
    import trafilatura  # noqa: F401

    import crossread.ingest.sources  # noqa: F401 - imports out of the timing

    passes = _PassCounter()
    logging.getLogger("crossread.ingest.html").addHandler(passes)
    logging.getLogger("crossread.ingest.html").setLevel(logging.INFO)
    cr, t_cr = run_crossread(paths)
    tr, t_tr = run_trafilatura(paths)
    hd, t_hd = run_htmldate(paths)
    tr_dates, t_trm = run_trafilatura_dates(paths)

    lines: list[str] = []
    by_set: dict[str, list[dict]] = {}
    for g in gold:
        by_set.setdefault(g["set"], []).append(g)
    n = len(gold)
    refused_cr = [g["file"] for g in gold if "error" in cr[g["file"]]]
    refused_tr = [g["file"] for g in gold if "error" in tr[g["file"]]]
    bodies = [g for g in gold if g.get("body")]

    def body_scores(res: dict[str, dict], key: str) -> tuple[float, float, float, float]:
        rows = [tp_fp_fn(g["body"], res[g["file"]].get(key) or "") for g in bodies]
        junk = [junk_chars(g["body"], res[g["file"]].get(key) or "") for g in bodies]
        j = sum(x for x, _ in junk) / max(1, sum(t for _, t in junk))
        return (*prf(rows), j)

    cr_body = body_scores(cr, "text")
    cr_body_title = body_scores(cr, "with_title")
    tr_body = body_scores(tr, "text")
    dated = [g for g in gold if g.get("date")]

    def date_acc(get) -> tuple[int, int]:
        return sum(1 for g in dated if (get(g["file"]) or "")[:10] == g["date"][:10]), len(dated)

    d_cr = date_acc(lambda f: cr[f].get("date"))
    d_hd = date_acc(lambda f: hd[f])
    d_tr = date_acc(lambda f: tr_dates[f])

    outlet_bad: Counter = Counter()
    names_site = with_outlet = 0
    bad_rows = []
    for g in gold:
        r = cr[g["file"]]
        if "error" in r or not r.get("outlet"):
            continue
        with_outlet += 1
        bad, ok = outlet_flags(r["outlet"], r.get("title"), g.get("url"))
        names_site += ok
        for b in bad:
            outlet_bad[b] += 1
        if bad or not ok:
            bad_rows.append((g["file"], r["outlet"], _host(g.get("url")), ",".join(bad)))
    extraction = Counter(cr[g["file"]].get("meta", {}).get("extraction", "-") for g in gold)

    cmd = "  ".join([".venv/bin/python bench/pages.py", *sys.argv[1:]]).strip()
    lines += [
        "# Reading real web pages (issue 15)",
        "",
        f"Command: `{cmd}`  ",
        f"Data: `../shared/eval_data/pages/` ({n} pages: "
        + ", ".join(f"{k} {len(v)}" for k, v in sorted(by_set.items()))
        + "). Scoring: see the docstring of `bench/pages.py` (article-extraction-benchmark "
        "4-gram shingle F1; dates right to the day).",
        "",
        "| | crossread (`crossread.read`) | trafilatura defaults | htmldate defaults |",
        "|---|---|---|---|",
        f"| pages refused (of {n}) | {len(refused_cr)} | {len(refused_tr)} | |",
        f"| body P / R / F1 ({len(bodies)} pages) | "
        f"{cr_body[0]:.3f} / {cr_body[1]:.3f} / **{cr_body[2]:.3f}** | "
        f"{tr_body[0]:.3f} / {tr_body[1]:.3f} / **{tr_body[2]:.3f}** | |",
        f"| body F1, crossread title + text | {cr_body_title[2]:.3f} | | |",
        f"| junk kept (chars in paragraphs sharing nothing with the gold) | "
        f"{cr_body[3]:.1%} | {tr_body[3]:.1%} | |",
        f"| dates right to the day (of {len(dated)}) | {d_cr[0]} ({d_cr[0] / max(1, d_cr[1]):.3f})"
        f" | {d_tr[0]} ({d_tr[0] / max(1, d_tr[1]):.3f}) | {d_hd[0]} "
        f"({d_hd[0] / max(1, d_hd[1]):.3f}) |",
        f"| pages/s (this 2-core shared machine) | {n / t_cr:.1f} | {n / t_tr:.1f} "
        f"(with metadata and date: {n / t_trm:.1f}) | {n / t_hd:.1f} |",
        "",
        f"Outlets: {with_outlet} articles have one; {names_site} name the page's site (its host "
        "or the known outlet for it); "
        + (
            ", ".join(f"{k}: {v}" for k, v in sorted(outlet_bad.items()))
            or "none is a scheme, a photo credit, the page title or a slogan-length phrase"
        )
        + ".",
        "",
        "Extraction mode crossread used: "
        + ", ".join(f"{k} {v}" for k, v in sorted(extraction.items()))
        + f" ('-' is the first, precision pass); {passes.pages} of {n} pages needed more than "
        "one trafilatura pass.",
        "",
        f"Refused by crossread: {', '.join(refused_cr) or 'none'}  ",
        f"Refused by trafilatura: {', '.join(refused_tr) or 'none'}",
        "",
    ]
    if bad_rows:
        lines += [
            "Outlets that do not name the site or look wrong (file, outlet, host, flags):",
            "",
        ]
        lines += [f"- {f}: `{o}` ({h}) {b}" for f, o, h, b in bad_rows]
        lines.append("")
    text = "\n".join(lines)
    print(text)
    if args.list:
        for g in gold:
            r = cr[g["file"]]
            print(
                g["file"],
                "REFUSED " + r["error"] if "error" in r else "",
                "date",
                r.get("date"),
                "gold",
                g.get("date"),
                "htmldate",
                hd[g["file"]],
                "outlet",
                r.get("outlet"),
                "|",
                (r.get("title") or "")[:60],
            )
    if not args.only:
        (REPO / "bench" / "results" / "pages.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
