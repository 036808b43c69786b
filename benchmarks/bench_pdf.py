"""Benchmark: one invoice as PDF with WeasyPrint (HTML/CSS) and with Typst.

Both renderers get the same one-page invoice of the demo books (October 2026)
through the same view (sif.documents.pdf.view: the words, numbers and EPC QR
code as SVG), so only the layout engine differs: Typst renders the project's
template, WeasyPrint an HTML/CSS page with the same content. After one warm-up
each, they alternate --rounds times; the report gives the median wall-clock
milliseconds per PDF, the ratio, and the month-end estimate (1,500 PDFs on 2
cores). --batch then really renders that many documents with Typst in
--workers processes and reports the wall-clock time.

WeasyPrint is not a dependency of sif: it is used here only if installed
(`.venv/bin/pip install weasyprint`; it needs Debian's libpango-1.0-0 and
libpangoft2-1.0-0). Without it the script measures Typst alone.

    .venv/bin/python benchmarks/bench_pdf.py [--rounds 30] [--batch 1500] [--workers 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import html
import importlib
import multiprocessing
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from sif.documents import ogm
from sif.documents.compute import draft_month
from sif.documents.model import INVOICE, Document
from sif.documents.pdf import labels, render_pdf, view
from sif.documents.qr import epc_qr
from sif.ledger.books import Books, load_books
from sif.model.period import Month

ROOT = Path(__file__).resolve().parents[1]
MONTH = "2026-10"

CSS = """
@page { size: A4; margin: 15mm 18mm 20mm 18mm;
  @bottom-left { content: var(--footer); font-size: 7.5pt; color: #555; } }
body { font-family: serif; font-size: 9.5pt; line-height: 1.3; }
.head { display: flex; justify-content: space-between; }
.issuer { color: #1f4e79; font-size: 14pt; font-weight: bold; }
.title { font-size: 20pt; font-weight: bold; text-align: right; }
.top { display: grid; grid-template-columns: 1fr 1fr 1.25fr; gap: 5mm; margin-top: 3mm; }
.small { font-size: 7.5pt; color: #555; }
.info { background: #eef3f8; padding: 7pt; border-radius: 3pt;
  display: grid; grid-template-columns: 1fr 1fr; gap: 6pt; }
table { width: 100%; border-collapse: collapse; margin-top: 4mm; }
th { background: #eef3f8; text-align: left; font-size: 8.5pt; }
td, th { padding: 3.5pt 4pt; vertical-align: top; }
td.n, th.n { text-align: right; }
.boxes { display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; margin-top: 5mm; }
.sif { background: #eef3f8; padding: 8pt; border-radius: 3pt; }
.pay { border: 0.5pt solid #aaa; padding: 8pt; border-radius: 3pt; }
.qr svg { width: 26mm; height: 26mm; }
"""


def invoice(books: Books) -> Document:
    """The demo month's first invoice, numbered: one page."""
    docs = draft_month(
        books.entries, books.community, Month.parse(MONTH), datetime.date(2026, 11, 3)
    )
    doc = next(d for d in docs if d.kind == INVOICE)
    return dataclasses.replace(doc, number="F2026-00001", reference=ogm.make(2610000001))


def as_html(doc: Document, books: Books) -> str:
    """The same content as the Typst template, as an HTML page for WeasyPrint."""
    v: dict[str, Any] = view(doc, books.community, labels(doc.language, ROOT / "templates"))
    e = html.escape

    def party(p: dict[str, Any]) -> str:
        rows = "<br>".join(e(x) for x in [*p["lines"], *p["ids"]])
        return f'<div><span class="small">{e(p["heading"])}</span><br><b>{e(p["name"])}</b><br>{rows}</div>'

    def cells(row: list[str], tag: str = "td") -> str:
        return "".join(
            f'<{tag} class="{"n" if i > 2 else ""}">{e(x)}</{tag}>' for i, x in enumerate(row)
        )

    info = "".join(
        f'<div><span class="small">{e(k)}</span><br><b>{e(x)}</b></div>' for k, x in v["info"]
    )
    lines = "".join(f"<tr>{cells(row)}</tr>" for row in v["lines"])
    vat = "".join(f"<tr>{''.join(f'<td>{e(x)}</td>' for x in row)}</tr>" for row in v["vat"])
    totals = "".join(f"<tr><td>{e(k)}</td><td class='n'>{e(x)}</td></tr>" for k, x in v["totals"])
    details = "".join(
        f"<tr><td>{e(k)}</td><td><b>{e(x)}</b></td></tr>" for k, x in v["payment_details"]
    )
    sif = "".join(f"<p>{e(p)}</p>" for p in v["sif_text"])
    return f"""<!doctype html><html lang="{v["language"]}"><head><meta charset="utf-8">
<style>{CSS}</style></head><body>
<div class="head"><div class="issuer">{e(v["issuer"])}</div><div class="title">{e(v["title"])}</div></div>
<div class="top">{party(v["seller"])}{party(v["buyer"])}<div class="info">{info}</div></div>
<table><tr>{cells(v["columns"], "th")}</tr>{lines}</table>
<p class="small" style="text-align:right">{e(v["amounts_note"])}</p>
<div class="boxes"><table>{vat}</table><table>{totals}
<tr><td><b>{e(v["total"][0])}</b></td><td class="n"><b>{e(v["total"][1])}</b></td></tr></table></div>
<div class="boxes"><div class="sif"><b>{e(v["sif_title"])}</b>{sif}</div>
<div class="pay"><b>{e(v["payment_title"])}</b><p>{e(v["payment"])}</p><table>{details}</table>
<div class="qr">{epc_qr(doc)}</div><span class="small">{e(v["scan"])}</span></div></div>
</body></html>"""


def timed(render: Callable[[], bytes]) -> float:
    start = time.perf_counter()
    render()
    return time.perf_counter() - start


def _render_many(numbers: range) -> int:
    """Render documents `numbers` of a month-end (cycling through the demo month)."""
    books = load_books(ROOT)
    docs = draft_month(
        books.entries, books.community, Month.parse(MONTH), datetime.date(2026, 11, 3)
    )
    for n in numbers:
        doc = dataclasses.replace(
            docs[n % len(docs)],
            number=f"F2026-{n + 1:05d}",
            reference=ogm.make(2610000000 + n + 1),
        )
        render_pdf(doc, books.community)
    return len(numbers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--batch", type=int, default=1500, help="0 to skip the month-end run")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    books = load_books(ROOT)
    doc = invoice(books)
    renderers: dict[str, Callable[[], bytes]] = {"typst": lambda: render_pdf(doc, books.community)}
    try:
        weasyprint = importlib.import_module("weasyprint")
        renderers["weasyprint"] = lambda: weasyprint.HTML(string=as_html(doc, books)).write_pdf()
    except (ImportError, OSError) as error:
        print(f"WeasyPrint not available ({error}): measuring Typst alone")
    times: dict[str, list[float]] = {name: [] for name in renderers}
    for render in renderers.values():
        timed(render)  # warm-up: font loading, template compilation
    for _ in range(args.rounds):
        for name, render in renderers.items():
            times[name].append(timed(render))

    print(f"one-page invoice {doc.number} ({len(doc.lines)} lines), median of {args.rounds} runs:")
    median = {name: statistics.median(values) for name, values in times.items()}
    for name, seconds in median.items():
        month_end = 1500 * seconds / 2
        print(
            f"  {name:<10} {seconds * 1000:8.1f} ms per PDF"
            f"   1,500 PDFs on 2 cores: ~{month_end:5.1f} s"
        )
    if "weasyprint" in median:
        print(f"  ratio weasyprint / typst: {median['weasyprint'] / median['typst']:.1f}x")

    if args.batch:
        chunks = [
            range(i, min(i + args.batch // args.workers + 1, args.batch))
            for i in range(0, args.batch, args.batch // args.workers + 1)
        ]
        start = time.perf_counter()
        # "spawn": a process forked after Typst started its threads can hang.
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(args.workers, mp_context=spawn) as pool:
            done = sum(pool.map(_render_many, chunks))
        elapsed = time.perf_counter() - start
        print(
            f"month-end with Typst: {done} PDFs in {elapsed:.1f} s on {args.workers} processes "
            "(including loading the books in each)"
        )


if __name__ == "__main__":
    main()
