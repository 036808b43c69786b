"""Matching members in debt with the open questions their expertise can answer."""
