"""
The statistics behind reliability's intervals: Student's t quantile, for a
score's interval, and the confidence interval of Cronbach's alpha by
Feldt's method, with the F distribution it rests on.
"""

from __future__ import annotations

import math
from statistics import NormalDist


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


def t_quantile(probability: float, df: int) -> float:
    """
    The *probability* quantile of Student's t distribution with *df*
    degrees of freedom.

    Exact for 1 and 2 degrees of freedom; otherwise by Hill's algorithm
    (Communications of the ACM 13(10), 1970, algorithm 396), within about
    1e-5 of the exact quantile.
    """
    if not 0 < probability < 1 or df < 1:
        raise ValueError(f"there is no {probability} quantile with {df} df")
    if probability < 0.5:
        return -t_quantile(1 - probability, df)
    if df == 1:
        return math.tan(math.pi * (probability - 0.5))
    if df == 2:
        return (2 * probability - 1) / math.sqrt(2 * probability * (1 - probability))
    tails = 2 * (1 - probability)
    a = 1 / (df - 0.5)
    b = 48 / (a * a)
    c = ((20700 * a / b - 98) * a - 16) * a + 96.36
    d = ((94.5 / (b + c) - 3) / b + 1) * math.sqrt(a * math.pi / 2) * df
    start = (d * tails) ** (2 / df)
    if start > 0.05 + a:
        # Hill's expansion about the normal quantile, for all but far tails.
        x = NormalDist().inv_cdf(tails / 2)
        if df < 5:
            c += 0.3 * (df - 4.5) * (x + 0.6)
        c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
        x2 = x * x
        y = (((((0.4 * x2 + 6.3) * x2 + 36) * x2 + 94.5) / c - x2 - 3) / b + 1) * x
        y = math.expm1(a * y * y)
    else:
        y = 1 / (((df + 6) / (df * start) - 0.089 * d - 0.822) * (df + 2) * 3)
        y = ((y + 0.5 / (df + 4)) * start - 1) * (df + 1) / (df + 2) + 1 / start
    return math.sqrt(df * y)
