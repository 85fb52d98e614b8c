"""veridot: check each step of machine reasoning with a theorem prover.

One import name for everything veridot installs: `veridot.parser` (text to formulas),
`veridot.provers` (Z3, cvc5), `veridot.verifier` (diagrams, checks, reports), `veridot.api`
(the command line and the REST service) and `veridot.grammars` (the grammars, as data). The
library's entry points are re-exported here and loaded on first use, so `import veridot` stays
cheap: `from veridot import verify, prove`.

Layout: the repository keeps those five folders at its top level. The wheel maps them under
`veridot/` (pyproject.toml, hatch's `sources`); in a checkout `veridot/<folder>` are symbolic
links to them, so Python, mypy and editors all read `veridot.parser` from `parser/`. Where a
checkout has no links (git on Windows without `core.symlinks` writes each as a small text file;
an unpacked sdist has none), the folders next to this one are searched instead.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from veridot.verifier import iter_verify, prove, verify, verify_each

__all__ = ["iter_verify", "prove", "verify", "verify_each"]

_HERE = os.path.dirname(os.path.abspath(__file__))
_CHECKOUT = os.path.dirname(_HERE)
# Only in a checkout without its links: a wheel has veridot/verifier as a folder, and a
# site-packages directory never holds verifier/ next to veridot/ with a pyproject.toml.
if not os.path.isdir(os.path.join(_HERE, "verifier")) and os.path.isfile(
    os.path.join(_CHECKOUT, "pyproject.toml")
):
    __path__.append(_CHECKOUT)


def __getattr__(name: str) -> object:
    """Import a re-exported function from `veridot.verifier` when it is first asked for."""
    if name not in __all__:
        raise AttributeError(f"module 'veridot' has no attribute {name!r}")
    value = getattr(importlib.import_module("veridot.verifier"), name)
    globals()[name] = value  # later lookups skip this function
    return value
