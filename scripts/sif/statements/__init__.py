"""Monthly account statements: SIF and EUR side by side, per member, as PDF and HTML."""
