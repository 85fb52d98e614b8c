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
from typing import Literal

from lark import Lark

from veridot.parser.grammar_files import grammar_text
from veridot.parser.grammar_regex import (
    RegexExportError,
    gbnf_literal,
    regex_to_gbnf,
    regex_without_lookaround,
)
from veridot.parser.llm.prompt import ANSWER_PREFIX, NO_CLAIM_ANSWER

GrammarFormat = Literal["gbnf", "lark"]
StartRule = Literal["answer", "formula"]


class GrammarExportError(RegexExportError):
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


# --- rules ---------------------------------------------------------------------------------


def _gbnf_name(name: str, is_terminal: bool) -> str:
    """A GBNF rule name: lowercase letters and dashes only.

    llama.cpp also takes digits, but other GBNF readers do not; Lark's helper rules end in
    numbers (`__iff_star_0`), so each digit is spelled as `x` plus a letter (0 -> xa).
    """
    core = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "rule"
    core = re.sub(r"[0-9]", lambda m: "x" + chr(ord("a") + int(m.group())), core)
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
        return regex_to_gbnf(re.escape(value), ignore_case=fold) if fold else gbnf_literal(value)
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
        prefix = gbnf_literal(ANSWER_PREFIX + " ")
        lines.append(f'root ::= ({prefix} {formula} "\\n")+ | {gbnf_literal(NO_CLAIM_ANSWER)}')
    else:
        lines.append(f"root ::= ws {formula}")
    names = [_gbnf_name(n, False) for n in bnf.rules] + [_gbnf_name(n, True) for n in bnf.terminals]
    if len(set(names)) != len(names):
        raise GrammarExportError("two grammar symbols map to one GBNF rule name")
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
