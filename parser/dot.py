"""DoT transcript text to raw blocks and records with line numbers (grammar: `dot.lark`).

This is the syntax layer only: it finds the role-tagged blocks (`<problem>`, `<proposer>`,
`<critic>`, `<summarizer>`, tags possibly inline), splits each block body into free-text
lines and `@` record lines, and parses each record line into its name, `key=value` fields
and (for `@prop`) the formula text. It decides nothing about the protocol: ids, edges and
statuses are checked by `veridot.verifier.dot_rules`, which turns this into a `Diagram`.

`@@len=N@@` escapes the next N bytes (UTF-8) as raw free text, even text that looks like a
tag or a record; they are cut out before the grammar runs and restored in the text, and
line numbers always refer to the original transcript.

Errors: a block structure that cannot be read (unclosed, nested or stray closing tags, a
closing tag of another role, a bad escape) raises `ParseError` with line, column and a caret
context. A malformed record line is not an exception: it comes back as `RawBadRecord` so
the validator can report every violation with its line and go on.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from lark import Lark, Token, Tree, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

from veridot.parser.errors import ParseError
from veridot.parser.grammar_files import grammar_text

ROLES = ("problem", "proposer", "critic", "summarizer")

_ESCAPE = re.compile(r"@@len=(\d+)@@")
_PH_OPEN, _PH_CLOSE = "\ue000", "\ue001"  # private-use sentinels around an escape's index
_PLACEHOLDER = re.compile(f"{_PH_OPEN}(\\d+){_PH_CLOSE}")
_TAG = re.compile(r"<(/?)(problem|proposer|critic|summarizer)>")


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One well-formed record line: `name` without the `@`, fields in order, `@prop` formula."""

    name: str
    fields: tuple[tuple[str, str], ...]
    formula: str | None
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class RawBadRecord:
    """A line starting with `@` that is not a record; `message` says what the grammar expected."""

    line: int
    text: str
    message: str


@dataclass(frozen=True, slots=True)
class RawBlock:
    """One role block: its tag's role and position, free text, and record lines in order."""

    role: str
    line: int
    column: int
    end_line: int
    text: str
    records: tuple[RawRecord | RawBadRecord, ...]


@dataclass(frozen=True, slots=True)
class RawTranscript:
    """The blocks in order plus any non-blank text outside blocks, as (line, text)."""

    blocks: tuple[RawBlock, ...]
    outside: tuple[tuple[int, str], ...]

    @property
    def has_records(self) -> bool:
        """True when any block holds a record line: the transcript is v2, else v1."""
        return any(b.records for b in self.blocks)


@cache
def _parser() -> Lark:
    return Lark(
        grammar_text("dot.lark"),
        parser="lalr",
        start=["transcript", "record"],
        maybe_placeholders=False,
    )


class _Source:
    """The transcript with escapes cut out, and the maps back to original lines and bytes."""

    def __init__(self, text: str) -> None:
        self.original = text
        bad = re.search(f"[{_PH_OPEN}{_PH_CLOSE}]", text)
        if bad:
            raise self._error("reserved character U+E000/U+E001 in transcript", bad.start())
        self.raw: list[str] = []
        parts: list[str] = []
        self._cuts: list[tuple[int, int]] = []  # (offset in cut text, newlines removed so far)
        removed, pos, length = 0, 0, 0
        for match in _ESCAPE.finditer(text):
            if match.start() < pos:
                continue  # inside an earlier escape's raw bytes
            before = text[pos : match.start()]
            raw, pos = self._take(match)
            holder = f"{_PH_OPEN}{len(self.raw)}{_PH_CLOSE}"
            parts += [before, holder]
            length += len(before) + len(holder)
            self.raw.append(raw)
            removed += raw.count("\n")
            self._cuts.append((length, removed))
        parts.append(text[pos:])
        self.text = "".join(parts)
        self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self._cut_offsets = [c[0] for c in self._cuts]

    def _take(self, match: re.Match[str]) -> tuple[str, int]:
        """The escape's N raw bytes as text and the offset just after them."""
        want, start = int(match.group(1)), match.end()
        # N bytes are at most N characters: encode only that much, not the whole rest.
        data = self.original[start : start + want].encode("utf-8")
        if want > len(data):
            raise self._error(
                f"escape @@len={want}@@ wants {want} bytes but only {len(data)} follow",
                match.start(),
            )
        try:
            raw = data[:want].decode("utf-8")
        except UnicodeDecodeError:
            raise self._error(
                f"escape @@len={want}@@ ends inside a multi-byte character", match.start()
            ) from None
        return raw, start + len(raw)

    def line_of(self, offset: int) -> int:
        """The original 1-based line of an offset into the cut text."""
        line = bisect.bisect_right(self._starts, offset)
        k = bisect.bisect_right(self._cut_offsets, offset)
        return line + (self._cuts[k - 1][1] if k else 0)

    def column_of(self, offset: int) -> int:
        """The 1-based column of an offset into the cut text (within its cut line)."""
        return offset - self._starts[bisect.bisect_right(self._starts, offset) - 1] + 1

    def restore(self, text: str) -> str:
        """`text` with each escape placeholder replaced by its raw bytes."""
        return _PLACEHOLDER.sub(lambda m: self.raw[int(m.group(1))], text)

    def _error(self, message: str, offset: int, *, label: str = "") -> ParseError:
        """A ParseError at an offset into the original text, with a caret context."""
        line = self.original.count("\n", 0, offset) + 1
        start = self.original.rfind("\n", 0, offset) + 1
        end = self.original.find("\n", offset)
        row = self.original[start : end if end >= 0 else len(self.original)]
        column = offset - start + 1
        context = f"{row}\n{' ' * (column - 1)}^"
        return ParseError(message, line=line, column=column, context=context, label=label)

    def error_at(
        self, message: str, offset: int, *, label: str = "", expected: tuple[str, ...] = ()
    ) -> ParseError:
        """A ParseError at an offset into the cut text."""
        line, column = self.line_of(offset), self.column_of(offset)
        rows = self.original.split("\n")
        row = rows[line - 1] if 0 < line <= len(rows) else ""
        context = f"{row}\n{' ' * (column - 1)}^"
        return ParseError(
            message, line=line, column=column, context=context, label=label, expected=expected
        )


def parse_transcript(text: str) -> RawTranscript:
    """The blocks and records of a DoT transcript; ParseError if its tags do not nest."""
    source = _Source(text)
    try:
        tree = _parser().parse(source.text, start="transcript")
    except UnexpectedInput as err:
        raise _structure_error(source, err) from None
    blocks: list[RawBlock] = []
    outside: list[tuple[int, str]] = []
    for item in tree.children:
        assert isinstance(item, Tree)
        if item.data == "outside":
            tok = item.children[0]
            assert isinstance(tok, Token)
            if tok.strip():
                first = (tok.start_pos or 0) + len(tok) - len(tok.lstrip())
                outside.append((source.line_of(first), source.restore(tok).strip()))
            continue
        blocks.append(_block(source, item))
    return RawTranscript(tuple(blocks), tuple(outside))


def parse_record_line(text: str, line: int = 1) -> RawRecord | RawBadRecord:
    """One `@` record line (already stripped) as a RawRecord, or RawBadRecord saying why not."""
    try:
        tree = _parser().parse(text, start="record")
    except UnexpectedInput as err:
        col = getattr(err, "column", 0)
        where = f" at column {col}" if isinstance(col, int) and col > 0 else ""
        expected = _expected(err)
        hint = f"; expected {expected}" if expected else ""
        return RawBadRecord(line, text, f"malformed record{where}{hint}")
    if tree.data == "prop_record":
        tokens = [t for t in tree.children if isinstance(t, Token)]
        formula = next((t.strip() for t in tokens if t.type == "FORMULA"), None)
        return RawRecord("prop", (("id", _unquote(tokens[0])),), formula, line, text)
    name, *fields = tree.children
    assert isinstance(name, Token)
    pairs: list[tuple[str, str]] = []
    for f in fields:
        assert isinstance(f, Tree)
        key, value = f.children
        pairs.append((str(key), _unquote(str(value))))
    return RawRecord(name[1:], tuple(pairs), None, line, text)


def _block(source: _Source, tree: Tree[Token]) -> RawBlock:
    """One parsed block: check the closing tag, split the body into text and record lines."""
    open_tag, body, close_tag = tree.children
    assert isinstance(open_tag, Token)
    assert isinstance(close_tag, Token)
    assert isinstance(body, Tree)
    role, closing = open_tag[1:-1], close_tag[2:-1]
    start = open_tag.start_pos or 0
    if closing != role:
        raise source.error_at(
            f"</{closing}> closes the <{role}> block opened at line {source.line_of(start)}",
            close_tag.start_pos or 0,
            label="mismatched tag",
            expected=(f"</{role}>",),
        )
    offset = open_tag.end_pos or 0
    content = source.text[offset : close_tag.start_pos]
    texts: list[str] = []
    records: list[RawRecord | RawBadRecord] = []
    for row in content.split("\n"):
        stripped = row.strip()
        if stripped.startswith("@"):
            record = parse_record_line(stripped, source.line_of(offset))
            records.append(_restored(source, record))
        else:
            texts.append(source.restore(row))
        offset += len(row) + 1
    return RawBlock(
        role=role,
        line=source.line_of(start),
        column=source.column_of(start),
        end_line=source.line_of(close_tag.start_pos or 0),
        text="\n".join(texts).strip(),
        records=tuple(records),
    )


def _restored(source: _Source, record: RawRecord | RawBadRecord) -> RawRecord | RawBadRecord:
    """The record with escape placeholders in its values replaced by their raw text."""
    if isinstance(record, RawBadRecord):
        return RawBadRecord(record.line, source.restore(record.text), record.message)
    if not source.raw:
        return record
    return RawRecord(
        record.name,
        tuple((k, source.restore(v)) for k, v in record.fields),
        None if record.formula is None else source.restore(record.formula),
        record.line,
        source.restore(record.text),
    )


def _structure_error(source: _Source, err: UnexpectedInput) -> ParseError:
    """A friendly ParseError for the three ways tags can fail to nest."""
    offset = len(source.text) if isinstance(err, UnexpectedEOF) else (err.pos_in_stream or 0)
    if isinstance(err, UnexpectedCharacters):  # TEXT matches any character; kept for safety
        return source.error_at("unexpected character", offset)
    opened = _open_block_before(offset, source.text)
    # Classify by the text at the error, not the token type: on an error Lark's contextual
    # lexer may re-lex the tag with a terminal of the record rule.
    tag = _TAG.match(source.text, offset)
    token = tag.group(0) if tag else ""
    if tag and not tag.group(1) and opened is not None:
        role, at = opened
        return source.error_at(
            f"{token} inside the <{role}> block opened at line {source.line_of(at)}; "
            f"close it with </{role}> first",
            offset,
            label="nested tag",
            expected=(f"</{role}>",),
        )
    if tag and tag.group(1):
        return source.error_at(f"{token} without a matching opening tag", offset, label="stray tag")
    if opened is not None:
        role, at = opened
        return source.error_at(
            f"<{role}> is never closed", at, label="unclosed tag", expected=(f"</{role}>",)
        )
    return source.error_at("unreadable transcript", offset)


def _open_block_before(offset: int, text: str) -> tuple[str, int] | None:
    """(role, offset) of the block still open at `offset`, by scanning the tags before it."""
    opened: tuple[str, int] | None = None
    for match in _TAG.finditer(text, 0, offset):
        opened = None if match.group(1) else (match.group(2), match.start())
    return opened


def _expected(err: UnexpectedInput) -> str:
    """The expected tokens of a Lark error, in words."""
    names = sorted(getattr(err, "expected", None) or getattr(err, "allowed", None) or ())
    words = {
        "EQUAL": "'='",
        "KEY": "a key=value field",
        "VALUE": "a value",
        "RECORD_NAME": "a record name such as @node",
        "PROP": "@prop",
        "ID": "'id='",
        "FORMULA": "a formula",
        "_SP": "a space",
    }
    return ", ".join(dict.fromkeys(words.get(n, n) for n in names if n != "$END"))


def _unquote(value: str) -> str:
    """A field value without its surrounding double quotes, if it had them."""
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
