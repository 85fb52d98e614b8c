"""Test helper: read the GBNF that `veridot.parser.gbnf` writes back as a Lark Earley grammar.

The exported GBNF uses a small, regular subset (rule names, string literals, character
classes, groups, `|` and the postfix operators), so it maps one to one onto Lark syntax; a
character-level Earley parser then tells whether the GBNF admits a string. This is how the
tests check the exported language without llama.cpp.
"""

from __future__ import annotations

import re

from lark import Lark

_TOKEN = re.compile(
    r'\s*(?:(?P<name>[a-z][a-z0-9-]*)|(?P<str>"(?:\\.|[^"\\])*")|(?P<cls>\[(?:\\.|[^\]\\])*\])'
    r"|(?P<rep>\{\d+(?:,\d*)?\})|(?P<op>[()|*+?]))"
)


def _convert_body(body: str) -> str:
    out: list[str] = []
    pos = 0
    while pos < len(body):
        if not body[pos:].strip():
            break
        match = _TOKEN.match(body, pos)
        assert match, f"unreadable GBNF at {body[pos:]!r}"
        pos = match.end()
        if match["name"]:
            out.append(match["name"].replace("-", "_"))
        elif match["str"]:
            out.append(match["str"] if match["str"] != '""' else "")
        elif match["cls"]:
            out.append("/" + match["cls"].replace("/", "\\/") + "/")
        elif match["rep"]:
            low, _, high = match["rep"][1:-1].partition(",")
            out.append(f"~ {low}..{high}" if high else f"~ {low}")
        else:
            out.append(match["op"])
    return " ".join(part for part in out if part)


def gbnf_to_lark(gbnf: str) -> Lark:
    """A Lark Earley parser accepting exactly the strings the GBNF grammar admits."""
    rules = []
    for line in gbnf.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, body = line.partition("::=")
        assert body, f"not a rule: {line!r}"
        rules.append(f"{name.strip().replace('-', '_')}: {_convert_body(body)}")
    return Lark("\n".join(rules), start="root", parser="earley", lexer="dynamic")


def admits(parser: Lark, text: str) -> bool:
    try:
        parser.parse(text)
    except Exception:
        return False
    return True
