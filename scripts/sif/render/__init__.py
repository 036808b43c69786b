"""Rendering helpers for every printed or mailed output: Typst, labels, formats.

`sif.documents` (invoices) and `sif.statements` (monthly statements) both
render through these: the labels files staff can edit (`templates`), numbers
and dates written in a language's style (`formats`), and Typst compiling a
template into a PDF (`pdf`).
"""
