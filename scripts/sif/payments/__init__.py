"""Payments: bank statements in, matched by structured reference, booked in both views."""
