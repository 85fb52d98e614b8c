"""The math reader: what a step claims, what it defines, and what it leaves alone."""

from __future__ import annotations

from fractions import Fraction

import pytest

from parser.ast import And, Compare, Eq, Formula, Not
from parser.math.evaluate import evaluate
from parser.math.reader import MathParser
from parser.printer import to_unicode
from parser.registry import get_semantic_parser
from parser.semantic import Translation, TranslationStatus
from parser.vocabulary import Vocabulary


def read(text: str, vocabulary: Vocabulary | None = None) -> Translation:
    return MathParser().translate(text, vocabulary if vocabulary is not None else Vocabulary())


def shown(formulas: tuple[Formula, ...]) -> list[str]:
    return [to_unicode(f) for f in formulas]


def holds(claim: Formula) -> bool:
    """Exact truth of a ground claim."""
    match claim:
        case Eq(left=left, right=right):
            return evaluate(left) == evaluate(right)
        case And(args=args):
            return all(holds(a) for a in args)
        case Not(body=body):
            return not holds(body)
        case Compare(op=op, left=left, right=right):
            a, b = evaluate(left), evaluate(right)
            return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
    raise AssertionError(claim)


def truths(text: str) -> list[bool]:
    return [holds(c) for c in read(text).claims]


# ---- GSM8K calculator annotations --------------------------------------------------------


def test_annotation_is_a_claim_and_its_prose_copy_agrees() -> None:
    result = read("Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.")
    assert shown(result.claims) == ["16 - 3 - 4 = 9"]
    assert truths("Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.") == [True]


def test_wrong_annotation_is_a_false_claim() -> None:
    assert truths("She has 9*2 = <<9*2=20>>20 eggs.") == [False]


def test_prose_copy_that_disagrees_is_a_second_claim() -> None:
    result = read("They cost 6*2.5 = $<<6*3=18>>18.")
    assert shown(result.claims) == ["6 * 3 = 18", "6 * 2.5 = 18"]
    assert [holds(c) for c in result.claims] == [True, False]


def test_rounded_annotation_result_holds_to_its_places() -> None:
    assert truths("Each gets 10/3 = <<10/3=3.33>>3.33 pies.") == [True]
    assert truths("Each gets 10/3 = <<10/3=3.35>>3.35 pies.") == [False]


def test_final_answer_line_claims_nothing() -> None:
    result = read("#### 18")
    assert result.status is TranslationStatus.NO_CLAIM


# ---- LaTeX with symbols: definitions, then claims ----------------------------------------


def test_binding_equation_is_a_definition_and_later_ones_are_claims() -> None:
    vocabulary = Vocabulary()
    first = read(r"We have \(2x + 3 = 11\).", vocabulary)
    assert first.claims == ()
    assert shown(first.definitions) == ["2 * x + 3 = 11"]
    assert shown(read(r"So \(2x = 8\).", vocabulary).claims) == ["2 * x = 8"]
    assert shown(read(r"Therefore \(x = 5\).", vocabulary).claims) == ["x = 5"]


def test_implication_in_one_step_defines_then_claims() -> None:
    result = read(r"\[ \frac{6}{10} = \frac{y}{8 - y} \Rightarrow y = \frac{8}{5} \]")
    assert shown(result.definitions) == ["6 / 10 = y / (8 - y)"]
    assert shown(result.claims) == ["y = 8 / 5"]


def test_several_new_symbols_bind_none() -> None:
    vocabulary = Vocabulary()
    assert read(r"$a_n = a_1 + (n - 1)d$", vocabulary).claims == ()
    later = read(r"Here $a_1 = 3$ and $d = 2$.", vocabulary)
    assert later.claims == ()
    assert shown(later.definitions) == ["a_1 = 3", "d = 2"]


def test_let_names_a_symbol_without_binding_it() -> None:
    vocabulary = Vocabulary()
    result = read("Let x be the number of apples.", vocabulary)
    assert result.status is TranslationStatus.NO_CLAIM
    assert vocabulary.glosses["x"] == "the number of apples"
    assert read(r"Then $x + 5 = 12$.", vocabulary).claims == ()  # a setup equation


def test_chain_gives_each_neighbour_pair() -> None:
    assert truths(r"$3^2 + 4^2 = 9 + 16 = 25$") == [True, True]
    assert truths(r"$3^2 + 4^2 = 9 + 16 = 26$") == [True, False]


def test_align_rows_continue_the_chain() -> None:
    text = r"\begin{align*} 2 \cdot 7 + 1 &= 14 + 1 \\ &= 15 \end{align*}"
    assert truths(text) == [True, True]
    assert truths(text.replace("15", "16")) == [True, False]


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (r"$\frac{3}{4} \times 8 = 6$", True),
        (r"$\dfrac{3}{4} \cdot 8 = 7$", False),
        (r"$10,\!000 \div 4 = 2,\!500$", True),
        (r"$1{,}000 - 1 = 998$", False),
        (r"$5! = 120$", True),
        (r"$4! = 25$", False),
        (r"$\binom{5}{2} = 10$", True),
        (r"$\dbinom{6}{3} = 21$", False),
        (r"$\gcd(12, 18) = 6$", True),
        (r"$\lfloor 7/2 \rfloor = 4$", False),
        (r"$\sqrt{16} + 1 = 5$", True),
        (r"$\sqrt[3]{27} = 4$", False),
        (r"$2^{10} = 1024$", True),
        (r"$(-2)^3 = 8$", False),
        (r"$20\%$ of 50: $20\% \times 50 = 10$", True),
        (r"$3 < 2 + 2 < 5$", True),
        (r"$3 < 2 \cdot 3 < 4$", False),
        (r"$\left(\frac{1}{2}\right)^2 = \frac{1}{4}$", True),
        (r"$90^\circ + 45^\circ = 125^\circ$", False),
        (r"$\boxed{2 + 2 = 4}$", True),
    ],
)
def test_latex_notation_true_and_false(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


def test_square_root_of_a_non_square_is_a_fresh_constant() -> None:
    result = read(r"$\sqrt{2} \approx 1.41$")
    assert shown(result.definitions) == ["sqrt_2 * sqrt_2 = 2 ∧ sqrt_2 ≥ 0"]
    (claim,) = result.claims
    assert isinstance(claim, And)


# ---- never a claim that can fail ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        r"\[ \text{Blue shoe boxes} = 7 \]",
        r"$2 \text{ dozen} = 24$",
        r"$60 \text{ minutes} = 1 \text{ hour}$",
        r"Suppose $x = 7$. Then $2x = 15$.",
        r"If $x = 7$, then $2x = 15$.",
        r"$x = 20$ or $x = -4$",
        r"\[ x = 20 \quad \text{or} \quad x = -5 \]",
        r"Is $3 \times 4 = 13$?",
        r"We get $2 + 1 = 4$, which is false.",
        r"$3 \times 4 = 13$. Wait, no: $3 \times 4 = 12$.",
        r"$\pi r^2 = 10$",
        r"$x = \pm 3$",
        r"The solutions are $x = 1, 2, 3$.",
    ],
)
def test_never_flagged(text: str) -> None:
    result = read(text)
    assert all(holds(c) for c in result.claims if not _symbolic(c))
    assert not any(_symbolic(c) for c in result.claims)


def _symbolic(claim: Formula) -> bool:
    try:
        holds(claim)
    except ValueError:
        return True
    return False


def test_correction_withdraws_what_came_before() -> None:
    result = read(r"$3 \times 4 = 13$. Wait, that is wrong. $3 \times 4 = 12$.")
    assert shown(result.claims) == ["3 * 4 = 12"]


def test_label_side_is_dropped_and_the_computation_checked() -> None:
    assert truths(r"\[ \text{Total fruits} = 7 + 5 = 12 \]") == [True]
    assert truths(r"\[ \text{Total fruits} = 7 + 5 = 13 \]") == [False]


def test_unsupported_notation_is_untranslated_with_the_reason() -> None:
    result = read(r"$\sin x = 1$")
    assert result.status is TranslationStatus.UNTRANSLATED
    assert "sin" in result.reason


def test_text_without_mathematics_is_left_to_other_parsers() -> None:
    assert read("All cats are mammals.").status is TranslationStatus.UNTRANSLATED
    assert read("∀x (Cat(x) → Mammal(x))").status is TranslationStatus.UNTRANSLATED


def test_premise_relations_are_definitions_only() -> None:
    text = r"Given $2x + 3 = 11$ and $3 + 4 = 7$."
    result = MathParser().translate(text, Vocabulary(), role="premise")
    assert result.claims == ()
    assert shown(result.definitions) == ["2 * x + 3 = 11", "3 + 4 = 7"]


def test_auto_reads_annotations_with_the_math_reader() -> None:
    result = get_semantic_parser("auto").translate("48/2 = <<48/2=24>>24 clips", Vocabulary())
    assert result.parser == "math"
    assert result.claims[0] == Eq(
        result.claims[0].left,  # type: ignore[union-attr]
        result.claims[0].right,  # type: ignore[union-attr]
    )
    assert evaluate(result.claims[0].right) == Fraction(24)  # type: ignore[union-attr]


# ---- binding: only an equation that determines a symbol binds it -------------------------


def test_a_root_of_a_quadratic_is_chosen_not_claimed() -> None:
    vocabulary = Vocabulary()
    read(r"We solve $x^2 - x - 72 = 0$.", vocabulary)
    assert "x" in vocabulary.loose
    later = read(r"So $x = 9$.", vocabulary)
    assert later.claims == ()
    assert shown(later.definitions) == ["x = 9"]


def test_a_linear_equation_binds_even_with_the_unknown_in_a_denominator() -> None:
    vocabulary = Vocabulary()
    read(r"$\frac{6}{10} = \frac{x}{8 - x}$", vocabulary)
    assert vocabulary.bound == {"x"}
    assert shown(read(r"Hence $x = 3$.", vocabulary).claims) == ["x = 3"]


def test_several_values_for_one_symbol_are_alternatives() -> None:
    result = read(r"The roots are $x = 9$ and $x = -8$.")
    assert result.claims == ()
    assert result.definitions == ()


@pytest.mark.parametrize(
    "text",
    [
        r"- For \(b = 2\): \[ a = 3 \]",
        r"Solving the second case: \[ 12r - 60 = -13r \implies r = 5 \]",
        r"Third, consider the case where \( A = 5 \).",
    ],
)
def test_cases_bind_and_claim_nothing_symbolic(text: str) -> None:
    vocabulary = Vocabulary()
    read(r"$a + 1 = 3$, $b - 1 = 0$, $r = 1$ and $A = 4$.", vocabulary)
    result = read(text, vocabulary)
    assert result.claims == ()
    assert result.definitions == ()


def test_an_unread_clause_releases_its_letters() -> None:
    vocabulary = Vocabulary()
    read(r"$t = 0$", vocabulary)
    result = read(r"Set \( \pi t = 2\pi \), so \( t = 2 \).", vocabulary)
    assert result.claims == ()
    assert "t" not in vocabulary.bound


def test_solving_for_a_symbol_releases_it() -> None:
    vocabulary = Vocabulary()
    read(r"$n = 3$", vocabulary)
    result = read(r"Solving for \( n \), we get: \[ 10n = 9(n+1) \implies n = 9 \]", vocabulary)
    assert result.claims == (), shown(result.claims)
    assert shown(result.definitions)[0] == "10 * n = 9 * (n + 1)"


def test_capitals_side_by_side_are_one_segment() -> None:
    vocabulary = Vocabulary()
    read(r"$AB = 3$", vocabulary)
    assert shown(read(r"$AB^2 = 9$", vocabulary).claims) == ["AB * AB = 9"]


@pytest.mark.parametrize("text", [r"$i^2 = -1$", r"$e^2 = 7.39$", r"$M = 2019^{1/2019}$"])
def test_constants_and_huge_roots_are_untranslated(text: str) -> None:
    assert read(text).status is TranslationStatus.UNTRANSLATED


# ---- integers: congruences and divisibility ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (r"$17 \equiv 2 \pmod{5}$", True),
        (r"$17 \equiv 3 \pmod 5$", False),
        (r"$2^{10} \equiv 1 \pmod{11}$", True),
        (r"$7 \not\equiv 2 \pmod{5}$", False),
        (r"$3 \mid 12$", True),
        (r"$5 \mid 12$", False),
        (r"$5 \nmid 12$", True),
    ],
)
def test_congruence_and_divisibility_between_integers(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


def test_congruence_with_an_unknown_is_untranslated() -> None:
    assert read(r"$x \equiv 2 \pmod{5}$").status is TranslationStatus.UNTRANSLATED


# ---- plain text, through the prose reader ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("3 × 12 = 36 pencils", True),
        ("3 x 12 = 38 pencils", False),
        ("10 ÷ 4 = 2.5 pies", True),
        ("2 · 6 = 14", False),
        ("$5 + $3 = $8", True),
        ("It costs 9,300 + 700 = 10,000 dollars.", True),
        ("It costs 9,300 + 700 = 11,000 dollars.", False),
        ("20% of 50 = 10", True),
        ("20% of 50 = 12", False),
        ("I lost 7 - 10 = -3 points.", True),
        ("0.1 + 0.2 = 0.4", False),
        ("half of 10 = 5", True),
        ("a third of 9 = 4 cups", False),
        ("twice 12 = 24 pages", True),
        ("$105 (lost income) - $90 (fee) = $15", True),
        ("5 (man) + 4 (wife) = 10", False),
    ],
)
def test_plain_text_notation_true_and_false(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


@pytest.mark.parametrize(
    "text",
    ["2 dozen = 24", "A 2 x 4 board is 8 feet long.", "60 minutes = 1 hour", "Blue shoe boxes = 7"],
)
def test_plain_text_never_flagged(text: str) -> None:
    assert read(text).claims == ()


@pytest.mark.parametrize(
    "text",
    [
        "10 pages per day on day 1 * 2 = <<10*2=20>>20 pages per day",
        "Subtract Weeks 3-4 from Weeks 1-2 = 96 - 70 = <<96-70=26>>26",
        "They read 180 pages a day because 14, 400 / 80 = <<14400/80=180>>180",
    ],
)
def test_numbered_items_and_split_numbers_are_not_computations(text: str) -> None:
    found = truths(text)
    assert found
    assert all(found)


# ---- approximations, rounded operands, units ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (r"$\frac{199}{156} \approx 1.279$", True),  # 1.2756: within 1% of the value
        (r"$\frac{199}{156} \approx 1.3$", True),
        (r"$\frac{199}{156} \approx 1.5$", False),
        (r"$x^2 = (2.8284)^2 = 8$", True),  # computed from a rounded square root of 8
        (r"$(2.8284)^2 = 9$", False),
        (r"$2.5 \times 4 = 11$", False),  # short decimals are exact as written
    ],
)
def test_approximations_and_rounded_operands(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


def test_float_print_out_claims_nothing() -> None:
    assert read(r"$\frac{1}{0.259921049894873} \approx 3.848386471827448$").claims == ()


def test_false_equation_between_different_units_claims_nothing() -> None:
    assert read(r"\[ \frac{1}{2} \text{ inch} = 20 \text{ miles} \]").claims == ()
    assert truths(r"\[ 2 \text{ hours} + 3 \text{ hours} = 6 \text{ hours} \]") == [False]
    assert truths(r"\[ 2 \text{ books} \times 2 \text{ pounds} = 4 \text{ pounds} \]") == [True]


def test_locus_and_substitution_free_their_letters() -> None:
    vocabulary = Vocabulary()
    given = MathParser().translate(
        r"The line $x = 2$ meets $y = -x - 1$.", vocabulary, role="premise"
    )
    assert given.definitions == ()
    assert "x" not in vocabulary.bound
    step = read(r"Substituting \( x = 2 \) gives \( y = -(2) - 1 = -3 \).", vocabulary)
    assert shown(step.claims) == ["(-2) - 1 = -3"]
    assert read(r"Then \( x = -3 \) and \( y = 2 \).", vocabulary).claims == ()


def test_an_enumeration_of_solutions_asserts_none() -> None:
    text = r"This gives two separate equations: \(x^3 = 0\) and \(x^2 - x - 72 = 0\)."
    result = read(text)
    assert result.claims == ()
    assert result.definitions == ()


def test_definitions_that_force_different_values_are_alternatives() -> None:
    vocabulary = Vocabulary()
    read(r"$(x - 6)(x - 3) = 0$", vocabulary)
    result = read(
        r"\[ x - 6 = 0 \rightarrow x = 6 \] \[ x - 3 = 0 \rightarrow x = 3 \]", vocabulary
    )
    assert result.claims == ()
    assert result.definitions == ()


def test_formula_parameters_are_freed() -> None:
    vocabulary = Vocabulary()
    read(r"$a + 1 = 6$", vocabulary)
    text = r"By the quadratic formula, where \(a = 4\), \(b = 8\) and \(c = -5\): \(8^2 = 64\)."
    result = read(text, vocabulary)
    assert shown(result.claims) == ["64 = 64"]
    assert "a" not in vocabulary.bound


def test_should_be_not_is_a_correction() -> None:
    text = "We get $0 + 14 \\cdot 71 = 999$. So the first term should be 5, not 0."
    assert read(text).claims == ()


def test_a_range_of_values_asserts_none() -> None:
    text = r"The region from \(r=4\) to \(r=6\) has area \(36 - 16 = 20\)."
    assert shown(read(text).claims) == ["36 - 16 = 20"]


def test_a_value_that_disagrees_with_an_equation_in_the_step_is_a_slip() -> None:
    result = read(r"We have \(2x + 3 = 11\), so \(2x = 8\) and \(x = 5\).")
    assert shown(result.claims) == ["2 * x = 8", "x = 5"]


def test_plain_text_algebra_is_read_like_latex() -> None:
    vocabulary = Vocabulary()
    first = read("Combine the 'x' terms: 2x + 60 = 100.", vocabulary)
    assert shown(first.definitions) == ["2 * x + 60 = 100"]
    later = read("Divide by 2: x = 40 / 2. This gives us: x = 21.", vocabulary)
    assert shown(later.claims) == ["x = 40 / 2", "x = 21"]
    assert read("I have a = 5 apples and a 2 x 4 board.").claims == ()


def test_a_display_announced_as_approximate_claims_nothing() -> None:
    text = "The total is approximately:\n\\[ 11.5098 \\times 720 = 8286.656 \\]"
    assert read(text).claims == ()
    assert read("The total is:\n\\[ 11.5098 \\times 720 = 8286.656 \\]").claims != ()


def test_angles_are_symbols() -> None:
    vocabulary = Vocabulary()
    assert shown(read(r"$m\angle ABD = 30^\circ$", vocabulary).definitions) == ["angle_ABD = 30"]
    assert shown(read(r"So $2 \angle ABD = 60^\circ$.", vocabulary).claims) == [
        "2 * angle_ABD = 60"
    ]


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (r"$\left\lfloor 2.75 \right\rfloor = 2$", True),
        (r"$\left\lceil 2.25 \right\rceil = 2$", False),
        (r"\[ \begin{aligned} 3 + 4 &= 7 \\ 2 \cdot 4 &= 9 \end{aligned} \]", False),
        (r"$\frac{5}{2}(4) = 10$", True),
    ],
)
def test_sizing_inner_environments_and_grouped_fractions(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


def test_an_inline_slash_before_a_letter_is_ambiguous() -> None:
    assert read(r"$5/2c = 5$").status is TranslationStatus.UNTRANSLATED


def test_square_brackets_are_read_only_when_grouping_and_integer_part_agree() -> None:
    assert read(r"$\left[ 22.8 \right] = 22$").claims == ()
    assert truths(r"$2[3 + 4] = 14$") == [True]


def test_a_correction_releases_the_letters_it_reexamines() -> None:
    vocabulary = Vocabulary()
    read(r"$\frac{5 + x}{2} = 7$", vocabulary)
    text = r"We found \(x = 9\). This does not match the means. Therefore, \(x \neq 9\)."
    assert read(text, vocabulary).claims == ()
    assert "x" not in vocabulary.bound


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (r"$\log_2 256 = 8$", True),
        (r"$\log_{10} 1000 = 4$", False),
        (r"$\log_4 2 = \frac{1}{2}$", True),
        (r"$\log_3 \frac{1}{9} = -3$", False),
    ],
)
def test_exact_logarithms_of_numbers(text: str, ok: bool) -> None:
    found = truths(text)
    assert found
    assert all(found) is ok


@pytest.mark.parametrize("text", [r"$\log_2 3 = 1.58$", r"$\log 100 = 2$", r"$\log_2 8^2 = 6$"])
def test_irrational_unstated_or_ambiguous_logarithms_are_untranslated(text: str) -> None:
    assert read(text).status is TranslationStatus.UNTRANSLATED
