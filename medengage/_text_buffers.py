"""
Columns of text read straight from their Apache Arrow buffers with numpy:
columns of one-byte cells (answers on most scales) and columns of ids
plainly written, each checked a whole column at a time.
"""

from __future__ import annotations

import functools
from array import array
from typing import Any, Literal

from medengage import _validation as v
from medengage._respondent_table import IdText, id_typecode


def short_cells(column: Any) -> tuple[list[str], bytes, bytes] | None:
    """
    A pyarrow column of text (an array, or chunks of one) whose every cell
    is one character of ASCII or empty (answers on most scales), read from
    its buffers: its distinct cells in order of first appearance; each
    row's cell as a byte, its character's (0 for an empty cell); and, for
    each byte, the place of its cell among the cells. None for any other
    column, a NUL character among its cells.
    """
    import numpy as np

    chunks = text_chunks(column)
    if chunks is None:
        return None
    parts = []
    empty = 0
    for offsets, data in chunks:
        lengths = offsets[1:] - offsets[:-1]
        if lengths.max() > 1:
            return None
        cells = data[offsets[0] : offsets[-1]]
        if len(cells) == len(lengths):
            parts.append(cells.tobytes())
        else:
            keys = np.zeros(len(lengths), dtype=np.uint8)
            keys[lengths.astype(bool)] = cells
            parts.append(keys.tobytes())
            empty += len(lengths) - len(cells)
    keys_of_rows = parts[0] if len(parts) == 1 else b"".join(parts)
    if keys_of_rows.count(0) != empty:
        return None
    appearing = _first_appearances(keys_of_rows)
    if max(appearing) >= 0x80:
        return None
    place = bytearray(256)
    for number, key in enumerate(appearing):
        place[key] = number
    cells_of = ["" if key == 0 else chr(key) for key in appearing]
    return cells_of, keys_of_rows, bytes(place)


def _first_appearances(keys: bytes) -> list[int]:
    """
    The distinct bytes of *keys*, in order of first appearance.
    """
    # Almost every byte that appears at all appears early; the others are
    # found by deleting those known, a pass over the bytes each.
    appearing = list(dict.fromkeys(keys[:256]))
    later = []
    rest = keys.translate(None, bytes(appearing))
    while rest:
        later.append(rest[0])
        rest = rest.translate(None, rest[:1])
    appearing += sorted(later, key=lambda key: keys.find(key))
    return appearing


def plain_ids(column: Any) -> IdText | Literal[False] | None:
    """
    The ids of a pyarrow column of text (an array, or chunks of one) whose
    every cell begins and ends with a character of ASCII other than a
    space or an apostrophe (so that it is the id as it stands), read from
    the column's buffers: False if one is repeated or no line of text;
    None for any other column.
    """
    import numpy as np
    import pyarrow.compute as pc

    chunks = text_chunks(column)
    if chunks is None:
        return None
    first, last = _loose(first=True), _loose(first=False)
    parts = []
    for offsets, data in chunks:
        starts, stops = offsets[:-1], offsets[1:]
        if not len(data) or (stops - starts).min() == 0:
            return None
        if first[data[starts]].any() or last[data[stops - 1]].any():
            return None
        parts.append((stops - starts, data[offsets[0] : offsets[-1]].tobytes()))
    lengths = np.concatenate([length for length, _ in parts])
    raw = b"".join(cells for _, cells in parts)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not _distinct(column, lengths, np.frombuffer(raw, dtype=np.uint8)):
        return False
    if v.bad_character(text, multiline=False) is not None:
        return False
    if not text.isascii():
        lengths = pc.utf8_length(column).to_numpy()
    typecode = id_typecode(len(text))
    ends = array(typecode)
    ends.frombytes(np.cumsum(lengths, dtype=typecode).tobytes())
    return IdText(text, ends)


def _distinct(column: Any, lengths: Any, cells: Any) -> bool:
    """
    Whether the cells of the pyarrow column of text *column*, each of
    *lengths* bytes, all of them *cells*, are all different.
    """
    import numpy as np
    import pyarrow.compute as pc

    widest = int(lengths.max())
    if widest > _WIDEST_COMPARED:
        return bool(len(pc.unique(column)) == len(column))
    # Each cell as 64-bit numbers, its bytes in order and NUL after them:
    # cells that differ give different numbers, but for a NUL at the end,
    # which no id may hold.
    width = -(-widest // _WORD) * _WORD
    padded = np.zeros((len(lengths), width), dtype=np.uint8)
    if int(lengths.min()) == widest:
        padded[:, :widest] = cells.reshape(len(lengths), widest)
    else:
        rows = np.repeat(np.arange(len(lengths)), lengths)
        starts = np.cumsum(lengths) - lengths
        padded[rows, np.arange(len(cells)) - np.repeat(starts, lengths)] = cells
    words = padded.view(">u8").astype(np.uint64)
    if _increasing(words):
        return True
    if width > _WORD:
        return bool(len(pc.unique(column)) == len(column))
    numbers = words.ravel()
    numbers.sort()
    return not bool((numbers[1:] == numbers[:-1]).any())


def _increasing(words: Any) -> bool:
    """
    Whether the rows of *words* are in strictly increasing order, compared
    a word at a time as text is, a character at a time.
    """
    import numpy as np

    greater = np.zeros(len(words) - 1, dtype=bool)
    equal = np.ones(len(words) - 1, dtype=bool)
    for word in words.T:
        greater |= equal & (word[1:] > word[:-1])
        equal &= word[1:] == word[:-1]
    return bool(greater.all())


#: The bytes of a cell compared as one number.
_WORD = 8

#: The longest cells compared as numbers; longer ones are hashed by pyarrow.
_WIDEST_COMPARED = 4 * _WORD


@functools.cache
def _loose(*, first: bool) -> Any:
    """
    For each byte, whether a cell beginning (if *first*) or ending with it
    may not be its id as it stands: a space of any kind, an apostrophe
    (which may mark text), or a byte of a character beyond ASCII.
    """
    import numpy as np

    loose = [
        b >= 0x80 or chr(b).isspace() or (first and b == ord("'")) for b in range(256)
    ]
    return np.array(loose, dtype=bool)


def text_chunks(column: Any) -> list[tuple[Any, Any]] | None:
    """
    For each chunk of a pyarrow column of text with no missing cell (an
    array, or chunks of one), its offsets and its UTF-8 bytes, as numpy
    arrays; None for any other column.
    """
    import numpy as np
    import pyarrow as pa

    if pa.types.is_string(column.type):
        offset_type: Any = np.int32
    elif pa.types.is_large_string(column.type):
        offset_type = np.int64
    else:
        return None
    if column.null_count or not len(column):
        return None
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    held = []
    for chunk in chunks:
        if not len(chunk):
            continue
        _, offsets_buffer, data_buffer = chunk.buffers()
        offsets = np.frombuffer(offsets_buffer, dtype=offset_type)
        offsets = offsets[chunk.offset : chunk.offset + len(chunk) + 1]
        data = np.frombuffer(
            b"" if data_buffer is None else data_buffer, dtype=np.uint8
        )
        held.append((offsets, data))
    return held
