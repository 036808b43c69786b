"""The accountant's side: Intervat files, the account mapping and the period export."""
