"""parse_fol: the three dialects, every operator, precedence, minus, scoping, spans, terms."""

from __future__ import annotations

from fractions import Fraction

import pytest

from veridot.parser.ast import (
    And,
    Arith,
    Bool,
    Compare,
    Const,
    Eq,
    Exists,
    Forall,
    Formula,
    Func,
    Iff,
    Implies,
    Not,
    Num,
    Or,
    Pred,
    Var,
    Xor,
)
from veridot.parser.errors import ParseError
from veridot.parser.fol import FolParser, is_name, parse_fol, parse_fol_term
from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary

A, B, C, D = Pred("A"), Pred("B"), Pred("C"), Pred("D")
x, y = Var("x"), Var("y")


def P(*args: object) -> Pred:
    return Pred("P", tuple(args))  # type: ignore[arg-type]


def Q(*args: object) -> Pred:
    return Pred("Q", tuple(args))  # type: ignore[arg-type]


# --- dialects and operators -------------------------------------------------------------

ALL_X = Forall(x, Implies(P(x), Not(Q(x))))


@pytest.mark.parametrize(
    "text",
    [
        "∀x (P(x) → ¬Q(x))",
        "∀x(P(x)→¬Q(x))",
        "all x. (P(x) -> -Q(x))",
        "all x.(P(x) -> -Q(x))",
        "forall x. (P(x) implies not Q(x))",
        "forall x: P(x) => ~Q(x)",
        "∀x. P(x) ⇒ !Q(x)",
        "All x. (P(x) -> -Q(x))",
        "ForAll x. P(x) → not Q(x)",
        "all x. (P(x) → ¬Q(x))",  # mixed
    ],
)
def test_universal_in_every_dialect(text: str) -> None:
    assert parse_fol(text) == ALL_X


@pytest.mark.parametrize(
    "text",
    [
        "∃x ∃y R(x, y)",
        "exists x y. R(x, y)",
        "exists x. exists y. R(x, y)",
        "∃x, y: R(x, y)",
        "Exists x y. R(x, y)",
        "exist x. ∃y R(x,y)",
    ],
)
def test_existential_and_multi_variable(text: str) -> None:
    assert parse_fol(text) == Exists(x, Exists(y, Pred("R", (x, y))))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A ∧ B", And((A, B))),
        ("A & B", And((A, B))),
        ("A && B", And((A, B))),
        ("A and B", And((A, B))),
        ("A ∨ B", Or((A, B))),
        ("A | B", Or((A, B))),
        ("A || B", Or((A, B))),
        ("A or B", Or((A, B))),
        ("A ⊕ B", Xor(A, B)),
        ("A xor B", Xor(A, B)),
        ("A ⊻ B", Xor(A, B)),
        ("A → B", Implies(A, B)),
        ("A -> B", Implies(A, B)),
        ("A implies B", Implies(A, B)),
        ("A ↔ B", Iff(A, B)),
        ("A <-> B", Iff(A, B)),
        ("A ⟷ B", Iff(A, B)),
        ("A <=> B", Iff(A, B)),
        ("A iff B", Iff(A, B)),
        ("A ⟺ B", Iff(A, B)),
        ("A ⟶ B", Implies(A, B)),
        ("A ⟹ B", Implies(A, B)),
        ("∼A", Not(A)),
        ("!A", Not(A)),
        ("¬A", Not(A)),
        ("-A", Not(A)),
        ("~A", Not(A)),
        ("not A", Not(A)),
        ("⊤", Bool(True)),
        ("true", Bool(True)),
        ("⊥ ∨ false", Or((Bool(False), Bool(False)))),
    ],
)
def test_connectives(text: str, expected: Formula) -> None:
    assert parse_fol(text) == expected


a, b = Const("a"), Const("b")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a = b", Eq(a, b)),
        ("a ≠ b", Not(Eq(a, b))),
        ("a != b", Not(Eq(a, b))),
        ("a < b", Compare("<", a, b)),
        ("a <= b", Compare("<=", a, b)),
        ("a ≤ b", Compare("<=", a, b)),
        ("a > b", Compare(">", a, b)),
        ("a >= b", Compare(">=", a, b)),
        ("a ≥ b", Compare(">=", a, b)),
        ("a ∈ b", Pred("∈", (a, b))),
        ("a in b", Pred("∈", (a, b))),
        ("a ∉ b", Not(Pred("∈", (a, b)))),
        ("age(tom) ≥ 18", Compare(">=", Func("age", (Const("tom"),)), Num(Fraction(18)))),
        ("price = 48 / 2", Eq(Const("price"), Arith("/", Num(Fraction(48)), Num(Fraction(2))))),
        ("a × 2 ÷ 3 = b", Eq(Arith("/", Arith("*", a, Num(Fraction(2))), Num(Fraction(3))), b)),
        ("36 - 10 = 26", Eq(Arith("-", Num(Fraction(36)), Num(Fraction(10))), Num(Fraction(26)))),
        ("a + 1.25 = b", Eq(Arith("+", a, Num(Fraction(5, 4))), b)),
    ],
)
def test_relations_and_arithmetic(text: str, expected: Formula) -> None:
    assert parse_fol(text) == expected


def test_numbers_are_exact_rationals() -> None:
    eq = parse_fol("v = 0.1")
    assert isinstance(eq, Eq)
    assert eq.right == Num(Fraction(1, 10))


def test_predicates_of_any_arity() -> None:
    assert parse_fol("Raining") == Pred("Raining", ())
    assert parse_fol("Raining()") == Pred("Raining", ())
    assert parse_fol("Between(a, b, c)") == Pred("Between", (a, b, Const("c")))
    assert parse_fol("Likes(fatherOf(tom), x)") == Pred(
        "Likes", (Func("fatherOf", (Const("tom"),)), Const("x"))
    )


def test_names_from_real_annotations() -> None:
    assert parse_fol("Companies’Stocks(kO)") == Pred("Companies’Stocks", (Const("kO"),))
    assert parse_fol("V(y42.3billion)") == Pred("V", (Const("y42.3billion"),))
    assert parse_fol("Hosted(b, 2008SummerOlympics)") == Pred(
        "Hosted", (Const("b"), Const("2008SummerOlympics"))
    )
    assert parse_fol("StreamingService(1984)") == Pred("StreamingService", (Num(Fraction(1984)),))
    assert parse_fol("V(yale, 42.3billion)") == Pred("V", (Const("yale"), Const("42.3billion")))


@pytest.mark.parametrize("text", ["y = 2x", "y = 3x + 1", "x = 2e5", "P(1920s)"])
def test_no_implicit_multiplication(text: str) -> None:
    # A number directly followed by one lower-case letter is not a name and not a product.
    with pytest.raises(ParseError) as info:
        parse_fol(text)
    assert info.value.label == "missing operator"


# --- precedence and associativity -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¬A ∧ B", And((Not(A), B))),
        ("A ∧ B ∨ C", Or((And((A, B)), C))),
        ("A ∨ B ∧ C", Or((A, And((B, C))))),
        ("A ∨ B → C", Implies(Or((A, B)), C)),
        ("A → B ↔ C", Iff(Implies(A, B), C)),
        ("A ↔ B → C", Iff(A, Implies(B, C))),
        ("A → B → C", Implies(A, Implies(B, C))),
        ("(A → B) → C", Implies(Implies(A, B), C)),
        ("A ↔ B ↔ C", Iff(Iff(A, B), C)),
        ("A ⊕ B ⊕ C", Xor(Xor(A, B), C)),
        ("A ∨ B ∨ C", Or((A, B, C))),
        ("A ∧ B ∧ C", And((A, B, C))),
        ("(A ∧ B) ∧ C", And((And((A, B)), C))),
        ("A ∨ (B ∨ C)", Or((A, Or((B, C))))),
        ("A ∨ B ⊕ C", Xor(Or((A, B)), C)),
        ("A ⊕ B ∨ C", Or((Xor(A, B), C))),
        ("A ∨ B ⊕ C ∨ D", Or((Xor(Or((A, B)), C), D))),
        ("¬¬A", Not(Not(A))),
        ("¬a = b", Not(Eq(a, b))),
        ("not A and B or C implies D", Implies(Or((And((Not(A), B)), C)), D)),
    ],
)
def test_precedence_and_associativity(text: str, expected: Formula) -> None:
    assert parse_fol(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("∀x P(x) ∧ Q(x)", Forall(x, And((P(x), Q(x))))),
        ("∀x (P(x)) → Q(x)", Forall(x, Implies(P(x), Q(x)))),
        ("(∀x P(x)) → Q(x)", Implies(Forall(x, P(x)), Q(Const("x")))),
        ("A ∧ ∀x P(x) ∨ Q(x)", And((A, Forall(x, Or((P(x), Q(x))))))),
        ("¬∀x P(x) ∧ B", Not(Forall(x, And((P(x), B))))),
        ("∀x ∃y P(x, y) ↔ B", Forall(x, Exists(y, Iff(P(x, y), B)))),
    ],
)
def test_quantifier_scope_extends_right(text: str, expected: Formula) -> None:
    assert parse_fol(text) == expected


def test_arithmetic_precedence() -> None:
    one, two, three = Num(Fraction(1)), Num(Fraction(2)), Num(Fraction(3))
    assert parse_fol_term("1 + 2 * 3") == Arith("+", one, Arith("*", two, three))
    assert parse_fol_term("(1 + 2) * 3") == Arith("*", Arith("+", one, two), three)
    assert parse_fol_term("1 - 2 - 3") == Arith("-", Arith("-", one, two), three)
    assert parse_fol_term("1 / 2 / 3") == Arith("/", Arith("/", one, two), three)
    assert parse_fol("(a + b) * 2 < 3") == Compare("<", Arith("*", Arith("+", a, b), two), three)


# --- minus: negation before a formula, subtraction between terms ------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-Flies(pingu)", Not(Pred("Flies", (Const("pingu"),)))),
        ("-(A & B)", Not(And((A, B)))),
        ("--A", Not(Not(A))),
        ("-(a = b)", Not(Eq(a, b))),
        ("A -> -B", Implies(A, Not(B))),
        ("36 - 10 = 26", Eq(Arith("-", Num(Fraction(36)), Num(Fraction(10))), Num(Fraction(26)))),
        ("a > -5", Compare(">", a, Num(Fraction(-5)))),
        ("a > - 5", Compare(">", a, Num(Fraction(-5)))),
        ("(-5) < a", Compare("<", Num(Fraction(-5)), a)),
        ("a - -5 = b", Eq(Arith("-", a, Num(Fraction(-5))), b)),
        ("a = 2 * -b", Eq(a, Arith("*", Num(Fraction(2)), Arith("-", Num(Fraction(0)), b)))),
        ("P(-1)", P(Num(Fraction(-1)))),
        ("a-b = 1", Eq(Arith("-", a, b), Num(Fraction(1)))),
    ],
)
def test_minus_is_negation_or_subtraction(text: str, expected: Formula) -> None:
    assert parse_fol(text) == expected


@pytest.mark.parametrize("text", ["-5 < a", "-a = b", "-f(a) >= 3", "(-a + 1) = b"])
def test_ambiguous_minus_is_an_error_not_a_guess(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_fol(text)
    assert info.value.label == "ambiguous minus"


def test_term_minus() -> None:
    assert parse_fol_term("-5") == Num(Fraction(-5))
    assert parse_fol_term("-x + 1") == Arith(
        "+", Arith("-", Num(Fraction(0)), Const("x")), Num(Fraction(1))
    )


# --- variables are what a quantifier binds ---------------------------------------------


def test_variables_by_scope_not_spelling() -> None:
    assert parse_fol("P(x)") == P(Const("x"))
    assert parse_fol("∀Tom P(Tom)") == Forall(Var("Tom"), P(Var("Tom")))
    assert parse_fol("∀x P(x) ∧ (∃y Q(y)) ∧ Q(y)") == Forall(
        x, And((P(x), Exists(y, Q(y)), Q(Const("y"))))
    )
    assert parse_fol("(∀x P(x)) ∧ Q(x)") == And((Forall(x, P(x)), Q(Const("x"))))


def test_shadowing_binds_to_the_innermost_quantifier() -> None:
    parsed = parse_fol("∀x (P(x) ∧ ∃x Q(x))")
    assert parsed == Forall(x, And((P(x), Exists(x, Q(x)))))


def test_variable_in_function_position_is_rejected() -> None:
    with pytest.raises(ParseError) as info:
        parse_fol("∀f P(f(a))")
    assert info.value.label == "variable used as function"
    with pytest.raises(ParseError) as info:
        parse_fol("∀x x")
    assert info.value.label == "variable used as predicate"


# --- spans ----------------------------------------------------------------------------


def test_spans_point_into_the_source() -> None:
    text = "A ∧\n  Likes(tom, x)"
    parsed = parse_fol(text)
    assert isinstance(parsed, And)
    likes = parsed.args[1]
    assert likes.span is not None
    assert (likes.span.line, likes.span.column) == (2, 3)
    assert text[likes.span.start : likes.span.end] == "Likes(tom, x)"
    assert isinstance(likes, Pred)
    tom = likes.args[0]
    assert tom.span is not None
    assert text[tom.span.start : tom.span.end] == "tom"


# --- FolParser ---------------------------------------------------------------------------


def test_fol_parser_translates_and_observes() -> None:
    vocabulary = Vocabulary()
    result = FolParser().translate("∀x (Dog(x) → Animal(x)) ∧ Owns(tom, rex)", vocabulary)
    assert result.status is TranslationStatus.CLAIM
    assert result.parser == "fol"
    assert result.main == parse_fol("∀x (Dog(x) → Animal(x)) ∧ Owns(tom, rex)")
    assert vocabulary.predicates == {"Dog": 1, "Animal": 1, "Owns": 2}
    assert vocabulary.constants == {"tom", "rex"}


def test_fol_parser_reports_syntax_errors_as_untranslated() -> None:
    result = FolParser().translate("P(x) ∧", Vocabulary())
    assert result.status is TranslationStatus.UNTRANSLATED
    assert "line 1, column 6" in result.reason
    assert "dangling operator" in result.reason


def test_parsing_is_thread_safe() -> None:
    # The API serves requests from a thread pool; one parser object serves every thread.
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"∀x (P{i}(x) → Q(x, c{i})) ∧ f(c{i}) > {i}" for i in range(300)]
    texts += [f"P{i}(x) ∧" for i in range(100)]  # errors too: the lexer is shared

    def outcome(text: str) -> object:
        try:
            return parse_fol(text)
        except ParseError as err:
            return (err.label, err.line, err.column)

    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(outcome, texts))
    assert parallel == [outcome(text) for text in texts]
    assert parallel[-1] == ("dangling operator", 1, len("P99(x) ∧"))


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Dog", True),
        ("tom", True),
        ("fatherOf", True),
        ("2008SummerOlympics", True),
        ("Companies’Stocks", True),
        ("x1", True),
        ("all", False),
        ("not", False),
        ("in", False),
        ("x y", False),
        ("2x", False),
        ("_", False),
        ("P(x)", False),
        ("", False),
    ],
)
def test_is_name(text: str, ok: bool) -> None:
    assert is_name(text) is ok
    if ok:  # a name is usable as a constant and a predicate
        assert parse_fol(f"{text}({text})") == Pred(text, (Const(text),))


def test_parse_cache_remembers_short_texts_only() -> None:
    short = "Cached(a) ∧ Cached(b)"
    assert parse_fol(short) is parse_fol(short)  # the same object: remembered
    long = " ∧ ".join(f"Big(c{i})" for i in range(400))
    first = parse_fol(long)
    assert parse_fol(long) == first
    assert parse_fol(long) is not first  # parsed again: not remembered
