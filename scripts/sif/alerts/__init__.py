"""Alerts for staff: members whose SIF debt is large or old."""
