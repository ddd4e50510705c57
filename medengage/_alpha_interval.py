"""
The confidence interval of Cronbach's alpha, by Feldt's method, and the
F distribution it rests on.
"""

from __future__ import annotations

import math


def feldt_interval(
    alpha: float, respondents: int, items: int, level: float = 0.95
) -> tuple[float, float]:
    """
    The *level* confidence interval of Cronbach's *alpha* from
    *respondents* complete cases and *items* items, by Feldt's method:
    ``1 - (1 - alpha) F`` at the upper and lower ``(1 - level) / 2`` points
    of the F distribution with ``n - 1`` and ``(n - 1)(k - 1)`` degrees of
    freedom (Feldt, Woodruff and Salih, 1987, formulas 6 and 7), as
    pingouin's ``cronbach_alpha`` and R's ``cocron`` give it.
    """
    if respondents < 2 or items < 2 or not 0 < level < 1:
        raise ValueError(
            f"no interval from {respondents} respondents, {items} items at {level}"
        )
    first = respondents - 1
    second = first * (items - 1)
    tail = (1 - level) / 2
    return (
        1 - (1 - alpha) * f_quantile(1 - tail, first, second),
        1 - (1 - alpha) * f_quantile(tail, first, second),
    )


def f_quantile(probability: float, first: int, second: int) -> float:
    """
    The *probability* quantile of the F distribution with *first* and
    *second* degrees of freedom, to within about 1e-12 of its value.
    """
    if not 0 < probability < 1 or first < 1 or second < 1:
        raise ValueError(f"there is no {probability} quantile of F({first}, {second})")
    a, b = first / 2, second / 2
    # F = (second x) / (first (1 - x)) where x has the Beta(a, b)
    # distribution: find x by bisection on the regularised incomplete beta.
    low, high = 0.0, 1.0
    for _ in range(200):
        middle = (low + high) / 2
        if _incomplete_beta(middle, a, b) < probability:
            low = middle
        else:
            high = middle
        if high - low < 1e-15:
            break
    x = (low + high) / 2
    return second * x / (first * (1 - x))


def _incomplete_beta(x: float, a: float, b: float) -> float:
    """
    The regularised incomplete beta function ``I_x(a, b)``.
    """
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b)
        - math.lgamma(a)
        - math.lgamma(b)
        + a * math.log(x)
        + b * math.log1p(-x)
    )
    # The continued fraction converges fast on this side of the mean.
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(x, a, b) / a
    return 1 - front * _beta_fraction(1 - x, b, a) / b


def _beta_fraction(x: float, a: float, b: float) -> float:
    """
    The continued fraction of the incomplete beta function, by Lentz's
    method.
    """
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    fraction = d
    for m in range(1, 1000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            fraction *= c * d
        if abs(c * d - 1) < 1e-15:
            break
    return fraction
