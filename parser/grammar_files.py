"""Locate and read the `.lark` grammars shipped in the `grammars` package.

Grammars are data installed beside the code (in the wheel too); reading them through
`importlib.resources` works for editable installs, wheels and zipped installs alike.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def grammar_text(name: str) -> str:
    """The text of `grammars/<name>` (for example `"fol.lark"`)."""
    return resources.files("veridot.grammars").joinpath(name).read_text(encoding="utf-8")
