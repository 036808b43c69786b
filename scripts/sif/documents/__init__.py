"""Documents from the books: invoices, self-billed documents, credit notes, in EUR."""
