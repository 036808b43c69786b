"""Rendering documents, on every core for a large run.

Each document becomes its UBL file with the PDF inside, and the PDF
(`render`). A run of `PARALLEL_FROM` documents or more renders in worker
processes, one per core; each keeps its own Typst compiler, fonts loaded once
(`sif.render.pdf`), and gets the community once, when it starts.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

from sif.documents.model import Document
from sif.model.community import Community

Renderer = Callable[[Document, Community], tuple[bytes, bytes]]

#: Below this many documents, starting worker processes costs more than it saves.
PARALLEL_FROM = 64


def render(doc: Document, community: Community) -> tuple[bytes, bytes]:
    """(UBL, PDF) of a document; the PDF is embedded in the UBL file."""
    from sif.documents.pdf import render_pdf  # noqa: PLC0415 (Typst loads only when rendering)
    from sif.documents.ubl import to_ubl  # noqa: PLC0415

    pdf = render_pdf(doc, community)
    return to_ubl(doc, pdf), pdf


_WORKER_COMMUNITY: list[Community] = []


def _init_worker(community: Community) -> None:
    _WORKER_COMMUNITY.append(community)


def _render_in_worker(doc: Document) -> tuple[bytes, bytes]:
    return render(doc, _WORKER_COMMUNITY[0])


def render_all(
    docs: list[Document], community: Community, renderer: Renderer | None = None
) -> Iterator[tuple[Document, bytes, bytes]]:
    """(document, UBL, PDF) for each document, in order.

    A large run renders on every core. Worker processes are started with
    "spawn": a process forked after Typst has started its threads can hang.
    """
    cores = os.cpu_count() or 1
    if renderer is not None or len(docs) < PARALLEL_FROM or cores < 2:
        for doc in docs:
            xml, pdf = (renderer or render)(doc, community)
            yield doc, xml, pdf
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(cores, context, _init_worker, (community,)) as pool:
        rendered = pool.map(_render_in_worker, docs, chunksize=8)
        for doc, (xml, pdf) in zip(docs, rendered, strict=True):
            yield doc, xml, pdf
