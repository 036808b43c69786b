"""A deterministic generator of a fictional community, for the demo and the benchmarks.

`sif.demo.generate` writes members, concepts and a year and a half of trades
next to a menu card; everything in them is invented (names, numbers,
`*.example` addresses) and the same seed always gives the same bytes.
"""
