"""Reports: typed rows computed once from loaded books, for every window on them.

One module per report (balances, documents, month-end, services, the check's
summary). Each returns frozen rows; the CLI, Fava's pages, the site and the
statements only format them, so a figure is computed in one place and reads
the same everywhere.
"""
