"""Benchmark: drawing the EPC QR code of an invoice, as segno chose the mask and now.

For --codes payments (random names, amounts and structured references), times
in the same run, --rounds times each:

  baseline  segno.helpers.make_epc_qr (segno tries the eight masks and keeps
            the best-scored one), saved as SVG: the drawing before
  fixed     sif.documents.qr.epc_svg: the same payload, one fixed mask, SVG

and reports the median CPU milliseconds per code and the ratio to the baseline.

    .venv/bin/python benchmarks/bench_qr.py [--codes 300] [--rounds 5]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

import segno.helpers

from sif.documents import ogm
from sif.documents.qr import epc_svg

Payment = tuple[str, str, Decimal, str]


def segno_svg(name: str, iban: str, amount: Decimal, reference: str) -> str:
    """The drawing before: segno's EPC helper, its mask search, SVG."""
    code = segno.helpers.make_epc_qr(
        name=name, iban=iban, amount=amount, reference=ogm.digits(reference)
    )
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, border=2)
    return out.getvalue().decode("ascii")


def per_code(draw: Callable[[str, str, Decimal, str], str], payments: list[Payment]) -> float:
    start = time.process_time()
    for payment in payments:
        draw(*payment)
    return (time.process_time() - start) / len(payments) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(17)
    payments = [
        (
            f"Organisatie {rng.randint(1, 9999)} vzw",
            "BE" + "".join(rng.choice("0123456789") for _ in range(14)),
            Decimal(rng.randint(100, 500_000)) / 100,
            ogm.make(rng.randint(1, 9_999_999_999)),
        )
        for _ in range(args.codes)
    ]
    draws: dict[str, Callable[[str, str, Decimal, str], str]] = {
        "baseline": segno_svg,
        "fixed": epc_svg,
    }
    times: dict[str, list[float]] = {name: [] for name in draws}
    for _ in range(args.rounds):
        for name, draw in draws.items():
            times[name].append(per_code(draw, payments))
    base = statistics.median(times["baseline"])
    print(f"{args.codes} EPC QR codes, {args.rounds} rounds")
    print(f"{'run':<10}{'median CPU ms/code':>20}{'ratio':>8}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<10}{median:>20.2f}{median / base:>8.3f}")


if __name__ == "__main__":
    main()
