"""The math reader: what a step claims, what it defines, and what it leaves alone."""

from __future__ import annotations

from fractions import Fraction

import pytest
from math_reading import read, shown

from veridot.parser.ast import And, Compare, Eq, Formula, Not
from veridot.parser.math.evaluate import evaluate
from veridot.parser.math.reader import MathParser
from veridot.parser.registry import get_semantic_parser
from veridot.parser.semantic import TranslationStatus
from veridot.parser.vocabulary import Vocabulary


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
    # its earlier value is set aside, and the sentence binds it again (issue 10 §2)
    vocabulary = Vocabulary()
    read(r"$n = 3$", vocabulary)
    result = read(r"Solving for \( n \), we get: \[ 10n = 9(n+1) \implies n = 9 \]", vocabulary)
    assert shown(result.definitions) == ["10 * n = 9 * (n + 1)"]
    assert shown(result.claims) == ["n = 9"]
    # inside a case nothing symbolic is asserted, and n is not bound by it
    vocabulary = Vocabulary()
    read(r"$n = 3$", vocabulary)
    case = r"For \( b = 2 \): solving for \( n \), \[ 10n = 9(n+1) \implies n = 9 \]"
    assert read(case, vocabulary).claims == ()
    assert "n" not in vocabulary.bound


def test_capitals_side_by_side_are_one_segment() -> None:
    vocabulary = Vocabulary()
    read(r"$AB = 3$", vocabulary)
    assert shown(read(r"$AB^2 = 9$", vocabulary).claims) == ["AB * AB = 9"]


# ---- integers: congruences and divisibility ----------------------------------------------


# ---- plain text, through the prose reader ------------------------------------------------


# ---- approximations, rounded operands, units ---------------------------------------------


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


def test_a_correction_releases_the_letters_it_reexamines() -> None:
    vocabulary = Vocabulary()
    read(r"$\frac{5 + x}{2} = 7$", vocabulary)
    text = r"We found \(x = 9\). This does not match the means. Therefore, \(x \neq 9\)."
    assert read(text, vocabulary).claims == ()
    assert "x" not in vocabulary.bound


def test_a_variable_set_in_a_procedure_is_rebound_not_claimed() -> None:
    vocabulary = Vocabulary()
    read(r"Start: \(m = 3\) and \(n = m + 1 = 4\).", vocabulary)
    result = read(r"\(m\) is odd (13), so we set \(n = m + 1\). \(n = 13 + 1 = 14\)", vocabulary)
    assert shown(result.claims) == ["13 + 1 = 14"]
