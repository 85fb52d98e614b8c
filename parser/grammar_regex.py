"""Regular expressions rewritten for grammar-constrained decoding: GBNF, and portable regex.

Lark terminals are Python regular expressions; llama.cpp's GBNF has no regex, and the regex
engines of guided-decoding backends (Rust `regex`, DFA-based lexers) have no lookarounds. This
module walks Python's own parse of a pattern (`re._parser`) and writes it back as GBNF
(`regex_to_gbnf`) or as a lookaround-free regex (`regex_without_lookaround`).

Where a construct cannot be expressed the result is narrower, never wider: `\\w` becomes
ASCII word characters, and an optional piece guarded by a lookaround is dropped. A wider
terminal would let a lexer-based backend start a token that can never end.
"""

from __future__ import annotations

import re

# sre_parse's home since Python 3.11 (the project's minimum); private but stable in practice.
from re import _constants as sre_c
from re import _parser as sre_parse
from typing import Any


class RegexExportError(ValueError):
    """A regular-expression construct with no faithful translation (a backreference...)."""


def _class_char(code: int) -> str:
    """One character inside `[...]`, valid in GBNF, Python and Rust regex classes alike."""
    ch = chr(code)
    if ch in "]\\[":
        return "\\" + ch
    # llama.cpp knows no backslash-minus or backslash-caret escape; \xHH reads the same everywhere.
    if ch in "-^" or code < 0x20 or code == 0x7F:
        return f"\\x{code:02X}"
    if ch.isprintable():
        return ch  # raw UTF-8: some GBNF readers mis-handle \u escapes
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def gbnf_literal(text: str) -> str:
    """A GBNF string literal for `text`."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_REPEATS = tuple(
    op
    for op in (
        sre_c.MAX_REPEAT,
        sre_c.MIN_REPEAT,
        getattr(sre_c, "POSSESSIVE_REPEAT", sre_c.MAX_REPEAT),
    )
)

_CATEGORIES: dict[Any, tuple[bool, list[tuple[int, int]]]] = {
    sre_c.CATEGORY_DIGIT: (False, [(48, 57)]),
    sre_c.CATEGORY_NOT_DIGIT: (True, [(48, 57)]),
    sre_c.CATEGORY_SPACE: (False, [(9, 13), (32, 32)]),
    sre_c.CATEGORY_NOT_SPACE: (True, [(9, 13), (32, 32)]),
    # \w is approximated by ASCII word characters: a constrained model then writes ASCII
    # identifiers, which the grammar accepts (an under-approximation, never a wider language).
    sre_c.CATEGORY_WORD: (False, [(48, 57), (65, 90), (95, 95), (97, 122)]),
    sre_c.CATEGORY_NOT_WORD: (True, [(48, 57), (65, 90), (95, 95), (97, 122)]),
}


def _char_class(ranges: list[tuple[int, int]], negate: bool, fold: bool) -> str:
    if fold:
        extra = []
        for lo, hi in ranges:
            for code in range(lo, min(hi, lo + 256) + 1):
                ch = chr(code)
                if ch.isascii() and ch.isalpha():
                    extra.append((ord(ch.swapcase()), ord(ch.swapcase())))
        ranges = ranges + extra
    body = "".join(
        _class_char(lo) if lo == hi else f"{_class_char(lo)}-{_class_char(hi)}" for lo, hi in ranges
    )
    return f"[{'^' if negate else ''}{body}]"


# Codepoints a class with categories is evaluated over: printable ASCII plus any literal the
# class names. Outside that universe the export is narrower than Lark (never wider).
_ASCII = range(0x20, 0x7F)


def _in_class(items: Any, fold: bool) -> str:
    """A GBNF class for an sre `IN` item list (negation and \\w-style categories included)."""
    negate = any(kind is sre_c.NEGATE for kind, _ in items)
    simple = all(kind in (sre_c.LITERAL, sre_c.RANGE, sre_c.NEGATE) for kind, _ in items)
    ranges: list[tuple[int, int]] = []
    if simple or not negate:
        for kind, value in items:
            if kind is sre_c.LITERAL:
                ranges.append((value, value))
            elif kind is sre_c.RANGE:
                ranges.append(value)
            elif kind is sre_c.CATEGORY:
                cat_negated, cat_ranges = _CATEGORIES[value]
                if cat_negated:
                    return _in_class([(sre_c.NEGATE, None), *items], fold)  # evaluate below
                ranges.extend(cat_ranges)
            elif kind is not sre_c.NEGATE:
                raise RegexExportError(f"unsupported character-class item {kind}")
        return _char_class(ranges, negate, fold)
    # A negated class mixing categories ([^\\W\\d]): enumerate the members it accepts.
    universe = set(_ASCII)
    for kind, value in items:
        if kind is sre_c.LITERAL:
            universe.add(value)
    members = sorted(code for code in universe if _class_accepts(items, chr(code)))
    return _char_class(_compress(members), False, fold)


def _class_accepts(items: Any, ch: str) -> bool:
    hit = False
    for kind, value in items:
        if kind is sre_c.LITERAL:
            hit = hit or ord(ch) == value
        elif kind is sre_c.RANGE:
            hit = hit or value[0] <= ord(ch) <= value[1]
        elif kind is sre_c.CATEGORY:
            cat_negated, cat_ranges = _CATEGORIES[value]
            inside = any(lo <= ord(ch) <= hi for lo, hi in cat_ranges)
            hit = hit or (inside != cat_negated)
    negate = any(kind is sre_c.NEGATE for kind, _ in items)
    return hit != negate


def _compress(codes: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


def _has_assertion(items: Any) -> bool:
    """Whether an sre item list contains a lookaround anywhere (recursively)."""
    for op, av in items:
        if op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
            return True
        if op is sre_c.BRANCH and any(_has_assertion(alt) for alt in av[1]):
            return True
        if op is sre_c.SUBPATTERN and _has_assertion(av[-1]):
            return True
        if op in _REPEATS and _has_assertion(av[2]):
            return True
    return False


def _drop_guarded(items: Any) -> list[Any]:
    """Remove the optional pieces (`(...)?`, `(...)*`) that carry a lookaround.

    A lookaround cannot be expressed, and dropping only the assertion would widen the
    terminal, which breaks the lexers of guided-decoding backends (`x.` would start a name
    that can never end). Dropping the guarded optional piece narrows it instead: a
    constrained model can then write fewer names, never an invalid one.
    """
    kept: list[Any] = []
    for op, av in items:
        if op in _REPEATS and av[0] == 0 and _has_assertion(av[2]):
            continue
        kept.append((op, av))  # nested pieces are handled when the converter recurses
    return kept


def _sre_to_gbnf(items: Any, fold: bool) -> str:
    parts: list[str] = []
    run: list[str] = []  # consecutive plain characters become one string literal
    for op, av in _drop_guarded(items):
        if op is sre_c.LITERAL and not (fold and chr(av).isascii() and chr(av).isalpha()):
            run.append(chr(av))
            continue
        if run:
            parts.append(gbnf_literal("".join(run)))
            run = []
        if op is sre_c.LITERAL:
            parts.append(_char_class([(av, av)], False, True))
        elif op is sre_c.NOT_LITERAL:
            parts.append(_char_class([(av, av)], True, fold))
        elif op is sre_c.ANY:
            parts.append("[^\\x0A]")
        elif op is sre_c.IN:
            parts.append(_in_class(av, fold))
        elif op is sre_c.CATEGORY:
            negated, cat_ranges = _CATEGORIES[av]
            parts.append(_char_class(cat_ranges, negated, False))
        elif op is sre_c.BRANCH:
            parts.append("(" + " | ".join(_sre_to_gbnf(alt, fold) for alt in av[1]) + ")")
        elif op is sre_c.SUBPATTERN:
            group_flags = av[1] | av[2]  # add / remove flags of an inline (?i:...) group
            inner_fold = fold or bool(group_flags & re.IGNORECASE)
            parts.append("(" + _sre_to_gbnf(av[-1], inner_fold) + ")")
        elif op in _REPEATS:
            low, high, sub = av
            body = "(" + _sre_to_gbnf(sub, fold) + ")"
            if high is sre_c.MAXREPEAT:
                suffix = "*" if low == 0 else "+" if low == 1 else f"{{{low},}}"
            elif (low, high) == (0, 1):
                suffix = "?"
            else:
                suffix = f"{{{low},{high}}}" if low != high else f"{{{low}}}"
            parts.append(body + suffix)
        elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue  # anchors and lookarounds: no GBNF equivalent (see module docstring)
        elif op is getattr(sre_c, "ATOMIC_GROUP", None):
            parts.append("(" + _sre_to_gbnf(av, fold) + ")")
        else:
            raise RegexExportError(f"unsupported regular-expression construct {op}")
    if run:
        parts.append(gbnf_literal("".join(run)))
    return " ".join(parts) if parts else '""'


def _sre_to_regex(items: Any, fold: bool) -> str:
    """Regenerate a plain regex without lookarounds or anchors (for the Lark export)."""
    out: list[str] = []
    for op, av in _drop_guarded(items):
        if op is sre_c.LITERAL:
            ch = chr(av)
            if fold and ch.isascii() and ch.isalpha():
                out.append(f"[{ch.lower()}{ch.upper()}]")
            else:
                out.append(re.escape(ch))
        elif op is sre_c.NOT_LITERAL:
            out.append(_char_class([(av, av)], True, fold))
        elif op is sre_c.ANY:
            out.append("[^\\n]")
        elif op is sre_c.IN:
            out.append(_in_class(av, fold))
        elif op is sre_c.CATEGORY:
            negated, cat_ranges = _CATEGORIES[av]
            out.append(_char_class(cat_ranges, negated, False))
        elif op is sre_c.BRANCH:
            out.append("(?:" + "|".join(_sre_to_regex(alt, fold) for alt in av[1]) + ")")
        elif op is sre_c.SUBPATTERN:
            inner_fold = fold or bool((av[1] | av[2]) & re.IGNORECASE)
            out.append("(?:" + _sre_to_regex(av[-1], inner_fold) + ")")
        elif op in _REPEATS:
            low, high, sub = av
            body = "(?:" + _sre_to_regex(sub, fold) + ")"
            if high is sre_c.MAXREPEAT:
                out.append(body + ("*" if low == 0 else "+" if low == 1 else f"{{{low},}}"))
            else:
                out.append(body + ("?" if (low, high) == (0, 1) else f"{{{low},{high}}}"))
        elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        elif op is getattr(sre_c, "ATOMIC_GROUP", None):
            out.append("(?:" + _sre_to_regex(av, fold) + ")")
        else:
            raise RegexExportError(f"unsupported regular-expression construct {op}")
    return "".join(out)


def regex_without_lookaround(pattern: str, *, ignore_case: bool = False) -> str:
    """`pattern` rewritten without lookarounds, anchors or \\w/\\d shorthands (portable)."""
    flags = re.IGNORECASE if ignore_case else 0
    return _sre_to_regex(sre_parse.parse(pattern, flags), ignore_case)


def regex_to_gbnf(pattern: str, *, ignore_case: bool = False) -> str:
    """A GBNF expression for the Python regular expression `pattern`."""
    flags = re.IGNORECASE if ignore_case else 0
    return _sre_to_gbnf(sre_parse.parse(pattern, flags), ignore_case)
