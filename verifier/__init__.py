"""Diagrams of Thought, per-step verification, critic messages, reports and dataset runs."""

from verifier.check import iter_verify, verify
from verifier.prove import prove

__all__ = ["iter_verify", "prove", "verify"]
