"""Feedback after sessions: recording the surveys, and the reports staff read."""
