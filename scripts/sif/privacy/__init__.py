"""Privacy of the books: forgetting a member, keeping secrets and public remotes out.

The books repository holds members' contact data, balances, private requests and
feedback; it stays private (see docs/operations/private-books.md). This package
sits above the model, the ledger and the documents:

- `forget`: `sif member forget`, remove what no law makes the Fabriek keep;
- `secrets`: credentials that must never be in the books (`sif check` fails);
- `minimal`: personal fields that nothing uses (`sif check` warns);
- `remotes`: Git remotes known to be public (`sif check` warns).
"""
