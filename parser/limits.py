"""Size limits on numbers: how long a numeral may be, and how big a product may grow.

Z3 decides arithmetic exactly, over rationals of any size, but some of its procedures do
not check for an interrupt while they multiply huge numbers: `x = <3,000 nines>` with the
claim `x*x*x*x*x*x*x*x = y ∧ P(y)` kept Z3 busy for 96 s past a 2 s deadline (issue 11).
Measured with Z3 5.4, the time grows with the size of the numbers the products reach, not
with the number of factors: 16 or 64 factors of a one-digit number and 8 of a 100-digit one
take 0.1-0.2 s per proof, 4 factors of a 300-digit number 0.4 s, 2 of a 1,000-digit one 1 s.
Python, for its part, refuses to convert integers of more than 4,300 digits to text. So
veridot bounds both:

- a numeral may have at most `MAX_NUMBER_DIGITS` digits (the FOL parser rejects a longer one
  with a `TooComplexError` at its position; a longer `Num` built in code makes a check
  `unknown` with reason `too_complex`);
- a product of k non-numeric factors, in a problem whose longest numeral has d digits, can
  reach about k × d digits; a check where that bound exceeds `MAX_PRODUCT_DIGITS` is
  `unknown` (`too_complex`) without calling the solver. A product reached through several
  definitions (`y = x * x`, `z = y * y`) is not bounded here; the hard deadline
  (`veridot.provers.z3_guard`) still stops it.

Only this module's figures define the limits; the README quotes them.
"""

from __future__ import annotations

import math
from fractions import Fraction

MAX_NUMBER_DIGITS = 1000
MAX_PRODUCT_DIGITS = 1000
_LOG10_2 = math.log10(2)


def literal_digits(text: str) -> int:
    """Digits in a numeral as written (`"42.50"` has 4)."""
    return sum(1 for char in text if char.isdigit())


def value_digits(value: Fraction) -> int:
    """Decimal digits of the longer of numerator and denominator (without converting to text)."""
    return max(_int_digits(abs(value.numerator)), _int_digits(value.denominator))


def _int_digits(number: int) -> int:
    if number < 10:
        return 1
    # The bit length gives the digit count or one more; one comparison settles which.
    digits = int(number.bit_length() * _LOG10_2) + 1
    return digits if number >= 10 ** (digits - 1) else digits - 1
