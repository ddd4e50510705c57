"""
Lineages: which trust an organisation is today, following the trusts that
took it over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from medengage._trusts import Trust
from medengage.errors import MedEngageError


def trusts_by_code(
    trusts: Iterable[Trust] | Mapping[str, Trust] | None,
) -> dict[str, Trust]:
    """
    *trusts* by ODS code; those of the bundled catalogue if None.
    """
    if trusts is None:
        from medengage._catalogue import catalogue

        return dict(catalogue().trusts)
    members = trusts.values() if isinstance(trusts, Mapping) else trusts
    known = {}
    for trust in members:
        if not isinstance(trust, Trust):
            raise MedEngageError(f"trusts must be Trust objects, not {trust!r}")
        known[trust.code] = trust
    return known


def checked_follow(
    follow: Mapping[str, str] | None, known: Mapping[str, Trust]
) -> dict[str, str]:
    """
    *follow* as a dict, once each choice it makes is one the trusts allow:
    a trust in *known*, and one of its successors.
    """
    if follow is None:
        return {}
    if not isinstance(follow, Mapping):
        raise MedEngageError(
            "follow must map the ODS code of a trust with several successors to "
            f"the code of the one to follow, like {{'RW6': 'R0A'}}; not {follow!r}"
        )
    for code, chosen in follow.items():
        if code not in known:
            raise MedEngageError(
                f"follow names {code!r}, but the trusts given hold no trust with "
                "that code: pass the trust in trusts, or correct the code"
            )
        options = [succession.trust for succession in known[code].succeeded_by]
        if chosen not in options:
            raise MedEngageError(
                f"follow says to follow {code!r} to {chosen!r}, but "
                f"{_named(known[code])} passed to "
                f"{', '.join(map(repr, options)) or 'no trust'}: choose one of those"
            )
    return dict(follow)


def successor_of(
    code: str, known: Mapping[str, Trust], follow: Mapping[str, str]
) -> str:
    """
    The trust that *code*'s trust is today: itself, or the last trust of its
    lineage. A trust with several successors is followed to the one *follow*
    names for it, or else to its main successor.
    """
    seen = [code]
    while code in known:
        following = _next_in_line(known[code], follow)
        if following is None:
            break
        code = following
        if code in seen:
            raise MedEngageError(
                f"the trusts succeed each other in a circle: {' -> '.join(seen)} "
                f"-> {code}: correct the successors"
            )
        seen.append(code)
    return code


def current_trust(
    codes: Sequence[str], known: Mapping[str, Trust], follow: Mapping[str, str]
) -> str:
    """
    The one trust that each of *codes* is today.

    Raises:
        MedEngageError: If they are more than one.
    """
    current: dict[str, list[str]] = {}
    for code in codes:
        current.setdefault(successor_of(code, known, follow), []).append(code)
    if len(current) > 1:
        named = [_describe_trust(code, was, known) for code, was in current.items()]
        raise MedEngageError(
            f"the assessments are of different trusts: {'; '.join(named)}. "
            "A journey follows one trust: give only its assessments, and those "
            "of the trusts it took over"
        )
    return next(iter(current))


def _next_in_line(trust: Trust, follow: Mapping[str, str]) -> str | None:
    if trust.code in follow:
        return follow[trust.code]
    if trust.successor is not None:
        return trust.successor
    options = trust.succeeded_by
    if len(options) > 1:
        raise MedEngageError(
            f"{_named(trust)} passed to several trusts "
            f"({', '.join(map(str, options))}) and names none as its main "
            f"successor: say which to follow, like follow={{{trust.code!r}: "
            f"{options[0].trust!r}}}"
        )
    return options[0].trust if options else None


def _named(trust: Trust) -> str:
    return f"{trust.name} ({trust.code})"


def _describe_trust(code: str, was: list[str], known: Mapping[str, Trust]) -> str:
    name = _named(known[code]) if code in known else code
    earlier = sorted(set(was) - {code})
    if earlier:
        name += f", which took over {', '.join(earlier)}"
    return name
