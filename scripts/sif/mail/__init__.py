"""E-mail: each member's statement and documents, written to an outbox and sent by SMTP."""
