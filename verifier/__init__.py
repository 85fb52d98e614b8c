"""Diagrams of Thought, per-step verification, critic messages, reports and dataset runs."""
