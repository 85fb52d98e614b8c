"""Export the FOL grammar for grammar-constrained decoding: GBNF (llama.cpp) and plain Lark.

Both exports are generated from the grammar Lark compiles (`grammars/fol.lark`), so they follow
it automatically. The rules are Lark's BNF; terminals are its regular expressions, translated
to GBNF character classes and repetitions. Two differences are unavoidable and on purpose
over- or under-approximations, never a second language:

- GBNF has no lexer. Each terminal is followed by an optional space (`ws`) instead of Lark's
  `%ignore`, lookahead assertions in terminals are dropped, and keywords are not reserved.
  A constrained model may therefore still write something the Lark parser rejects (for
  instance a variable named `all`); the LLM parser's repair loop handles that case.
- llama.cpp refuses left recursion, which LALR grammars are full of, so directly
  left-recursive rules `A ::= A x | y` are rewritten as `A ::= (y) (x)*`.

`export_grammar(fmt, start=...)` with `start="answer"` (the default) wraps the formula in the
LLM parser's answer format (`FOL: <formula>` lines, or `NO CLAIM`); `start="formula"` gives
the bare formula grammar.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# sre_parse's home since Python 3.11 (the project's minimum); private but stable in practice.
from re import _constants as sre_c
from re import _parser as sre_parse
from typing import Any, Literal

from lark import Lark

from parser.grammar_files import grammar_text
from parser.llm.prompt import ANSWER_PREFIX, NO_CLAIM_ANSWER

GrammarFormat = Literal["gbnf", "lark"]
StartRule = Literal["answer", "formula"]


class GrammarExportError(ValueError):
    """The grammar uses a construct that has no faithful translation."""


@dataclass(frozen=True, slots=True)
class _Bnf:
    """A grammar in plain BNF: rules (name -> alternatives of symbol lists) and terminals."""

    start: str
    rules: dict[str, list[list[tuple[str, bool]]]]  # symbol: (name, is_terminal)
    terminals: dict[str, tuple[str, str, frozenset[str]]]  # name -> (kind, value, flags)


def _load(text: str) -> _Bnf:
    lark = Lark(text, parser="lalr")
    rules: dict[str, list[list[tuple[str, bool]]]] = {}
    for rule in lark.rules:
        expansion = [(sym.name, bool(sym.is_term)) for sym in rule.expansion]
        rules.setdefault(rule.origin.name, []).append(expansion)
    used = {name for alts in rules.values() for alt in alts for name, term in alt if term}
    terminals = {
        t.name: (type(t.pattern).__name__, t.pattern.value, frozenset(t.pattern.flags))
        for t in lark.terminals
        if t.name in used  # ignored-only terminals (whitespace) are handled by each format
    }
    return _Bnf(lark.options.start[0], rules, terminals)


# --- regular expressions -> GBNF -----------------------------------------------------------


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


def _literal(text: str) -> str:
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
                raise GrammarExportError(f"unsupported character-class item {kind}")
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
            parts.append(_literal("".join(run)))
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
            raise GrammarExportError(f"unsupported regular-expression construct {op}")
    if run:
        parts.append(_literal("".join(run)))
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
            raise GrammarExportError(f"unsupported regular-expression construct {op}")
    return "".join(out)


def regex_without_lookaround(pattern: str, *, ignore_case: bool = False) -> str:
    """`pattern` rewritten without lookarounds, anchors or \\w/\\d shorthands (portable)."""
    flags = re.IGNORECASE if ignore_case else 0
    return _sre_to_regex(sre_parse.parse(pattern, flags), ignore_case)


def regex_to_gbnf(pattern: str, *, ignore_case: bool = False) -> str:
    """A GBNF expression for the Python regular expression `pattern`."""
    flags = re.IGNORECASE if ignore_case else 0
    return _sre_to_gbnf(sre_parse.parse(pattern, flags), ignore_case)


# --- rules ---------------------------------------------------------------------------------


def _gbnf_name(name: str, is_terminal: bool) -> str:
    core = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "rule"
    return f"t-{core}" if is_terminal else f"r-{core}"


def _alternative(expansion: list[tuple[str, bool]]) -> str:
    return " ".join(_gbnf_name(name, term) for name, term in expansion)


def _rule_body(name: str, alternatives: list[list[tuple[str, bool]]]) -> str:
    """GBNF alternatives for one rule, with direct left recursion turned into repetition."""
    recursive = [alt[1:] for alt in alternatives if alt and alt[0] == (name, False)]
    others = [alt for alt in alternatives if not (alt and alt[0] == (name, False))]
    nullable = any(not alt for alt in others)
    base_alts = [_alternative(alt) for alt in others if alt]
    if not base_alts:
        raise GrammarExportError(f"rule {name} derives nothing without recursion")
    base = " | ".join(base_alts)
    if nullable:
        base = f"({base})?"
    tails = [_alternative(alt) for alt in recursive if alt]
    if not tails:
        return base
    return f"({base}) ({' | '.join(tails)})*"


def _left_corners(bnf: _Bnf) -> dict[str, set[str]]:
    return {
        name: {alt[0][0] for alt in alts if alt and not alt[0][1] and alt[0][0] != name}
        for name, alts in bnf.rules.items()
    }


def _check_no_indirect_left_recursion(bnf: _Bnf) -> None:
    corners = _left_corners(bnf)
    for name in bnf.rules:
        seen: set[str] = set()
        stack = list(corners[name])
        while stack:
            current = stack.pop()
            if current == name:
                raise GrammarExportError(f"rule {name} is indirectly left-recursive")
            if current not in seen:
                seen.add(current)
                stack.extend(corners.get(current, ()))


def _terminal_gbnf(kind: str, value: str, flags: frozenset[str]) -> str:
    fold = "i" in flags
    if kind == "PatternStr":
        return regex_to_gbnf(re.escape(value), ignore_case=fold) if fold else _literal(value)
    return regex_to_gbnf(value, ignore_case=fold)


def to_gbnf(grammar: str, *, start: StartRule = "answer", source: str = "grammar") -> str:
    """The Lark grammar text `grammar` as a llama.cpp GBNF grammar (root rule `root`)."""
    bnf = _load(grammar)
    _check_no_indirect_left_recursion(bnf)
    formula = _gbnf_name(bnf.start, False)
    lines = [
        f"# GBNF generated by veridot from {source}",
        "# regenerate with: veridot grammar --format gbnf",
        "# Terminals carry their own trailing optional space (GBNF has no %ignore).",
    ]
    if start == "answer":
        prefix = _literal(ANSWER_PREFIX + " ")
        lines.append(f'root ::= ({prefix} {formula} "\\n")+ | {_literal(NO_CLAIM_ANSWER)}')
    else:
        lines.append(f"root ::= ws {formula}")
    for name, alternatives in bnf.rules.items():
        lines.append(f"{_gbnf_name(name, False)} ::= {_rule_body(name, alternatives)}")
    for name, (kind, value, flags) in sorted(bnf.terminals.items()):
        lines.append(f"{_gbnf_name(name, True)} ::= {_terminal_gbnf(kind, value, flags)} ws")
    lines.append('ws ::= " "?')
    return "\n".join(lines) + "\n"


# --- plain Lark ----------------------------------------------------------------------------


def _lark_name(name: str, is_terminal: bool) -> str:
    core = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_") or "x"
    return f"T_{core.upper()}" if is_terminal else f"r_{core.lower()}"


def _lark_terminal(kind: str, value: str, flags: frozenset[str]) -> str:
    suffix = "i" if "i" in flags else ""
    if kind == "PatternStr":
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"{suffix}'
    portable = regex_without_lookaround(value, ignore_case="i" in flags)
    return "/" + portable.replace("/", "\\/") + "/"


def to_lark(grammar: str, *, start: StartRule = "answer", source: str = "grammar") -> str:
    """A self-contained plain-BNF Lark grammar (no imports, templates or tree shaping).

    This is the form guided-decoding backends that read Lark syntax accept (vLLM with the
    outlines or guidance backends, llguidance, OpenAI-compatible servers built on them).
    """
    bnf = _load(grammar)
    formula = _lark_name(bnf.start, False)
    lines = [
        f"// Lark grammar generated by veridot from {source}; regenerate with: "
        "veridot grammar --format lark",
    ]
    if start == "answer":
        lines += [
            "start: answer_line+ | NO_CLAIM",
            f"answer_line: ANSWER_PREFIX {formula} NEWLINE",
            f"ANSWER_PREFIX: {_lark_terminal('PatternStr', ANSWER_PREFIX, frozenset())}",
            f"NO_CLAIM: {_lark_terminal('PatternStr', NO_CLAIM_ANSWER, frozenset())}",
            "NEWLINE: /\\n/",
        ]
    else:
        lines.append(f"start: {formula}")
    for name, alternatives in bnf.rules.items():
        alts = [" ".join(_lark_name(n, t) for n, t in alt) for alt in alternatives if alt]
        body = "\n    | ".join(alts)
        if len(alts) < len(alternatives):  # an empty alternative: the rule is optional
            body = f"({body})?"
        lines.append(f"{_lark_name(name, False)}: {body}")
    for name, (kind, value, flags) in sorted(bnf.terminals.items()):
        lines.append(f"{_lark_name(name, True)}: {_lark_terminal(kind, value, flags)}")
    # Spaces and tabs only: a newline ends an answer line.
    lines += ["WS_INLINE: /[ \\t]+/", "%ignore WS_INLINE"]
    return "\n".join(lines) + "\n"


def export_grammar(
    fmt: GrammarFormat, *, start: StartRule = "answer", grammar_file: str = "fol.lark"
) -> str:
    """The FOL grammar (`grammars/<grammar_file>`) exported as `fmt` ("gbnf" or "lark")."""
    text = grammar_text(grammar_file)
    source = f"grammars/{grammar_file}"
    if fmt == "gbnf":
        return to_gbnf(text, start=start, source=source)
    if fmt == "lark":
        return to_lark(text, start=start, source=source)
    raise GrammarExportError(f"unknown grammar format {fmt!r}; choose gbnf or lark")


__all__: Sequence[str] = (
    "GrammarExportError",
    "export_grammar",
    "regex_to_gbnf",
    "regex_without_lookaround",
    "to_gbnf",
    "to_lark",
)
