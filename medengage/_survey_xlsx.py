"""
Assessments read from and written to .xlsx workbooks, through openpyxl.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from medengage._assessments import Assessment
from medengage._checklists import Checklist
from medengage._column_matching import ColumnMapping
from medengage._extras import require
from medengage._saving import save_atomically
from medengage._scales import Value, format_value
from medengage._sources import read_source
from medengage._survey_dates import survey_date
from medengage._survey_header import Unmatched
from medengage._survey_reading import DEFAULT_MAX_BYTES, FilePlaces
from medengage._survey_rows import assessment_from_rows
from medengage._survey_writing import answer_records
from medengage.errors import (
    DocumentError,
    DocumentTooLargeError,
    MedEngageError,
    NotADocumentError,
    Problem,
    ValidationError,
)


#: How many times larger than the file a workbook may be once unpacked:
#: a workbook is a zip archive, and a hostile one may unpack to far more.
UNPACKED_RATIO = 32
#: The sheet `write_xlsx` writes answers to, unless told otherwise.
ANSWERS_SHEET = "answers"


def read_xlsx(
    source: str | os.PathLike[str] | IO[bytes],
    checklist: Checklist,
    *,
    trust: str,
    date: dt.date | str,
    sheet: str | None = None,
    id_column: str = "id",
    columns: Mapping[str, str] | ColumnMapping | None = None,
    attributes: Iterable[str] = (),
    ignore: Iterable[str] = (),
    no_answer: Iterable[str] = (),
    unmatched: Unmatched = "refuse",
    title: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Assessment:
    """
    An assessment from a survey export saved as an .xlsx workbook, read and
    checked as `medengage.csv.read_csv` reads a CSV file: the first row of
    the sheet is the header, each other row a respondent.

    A cell holds what a CSV cell would (a number is read as its value, a
    date or time as its ISO text); ids and attribute values are taken
    exactly as the workbook holds them, as `write_xlsx` writes them.

    Args:
        source: The workbook's path, or a file open in binary mode.
        sheet: The name of the sheet to read; the first if None.
        max_bytes: Refuse files larger than this many bytes; a workbook
            that unpacks to more than `UNPACKED_RATIO` times its size is
            refused too.

    The other arguments are those of `medengage.csv.read_csv`.

    Raises:
        DocumentError: Listing every problem in the sheet, each with its
            row (as the line) and its column, counted from 1 as the
            spreadsheet counts them; the source names the file and the
            sheet. So too for a file that is not a workbook, or a sheet
            that is not in it.
        DocumentTooLargeError: If the file is larger than *max_bytes*.
        ValidationError: If *date* is not a day in one of the forms taken.
        MissingExtraError: If openpyxl is not installed.
    """
    day = survey_date(date)
    openpyxl = _openpyxl("read_xlsx")
    name, data = _read_bytes(source, max_bytes)
    workbook = _workbook(openpyxl, name, data)
    try:
        names = workbook.sheetnames
        chosen = names[0] if sheet is None else sheet
        if chosen not in names:
            raise DocumentError(
                name,
                [
                    Problem(
                        "",
                        f"no sheet {chosen!r}: name one of "
                        f"{', '.join(map(repr, names))} with sheet=",
                    )
                ],
            )
        places = FilePlaces(
            f"{name}, sheet {chosen!r}", "the sheet is empty: give a header row"
        )
        rows = _rows(workbook[chosen], places)
        header = next(rows, [])
        return assessment_from_rows(
            header,
            _padded(rows, len(header)),
            checklist,
            places,
            trust=trust,
            date=day,
            id_column=id_column,
            columns=columns,
            attributes=attributes,
            ignore=ignore,
            title=title,
            texts_in_cells=list,
            no_answer=no_answer,
            unmatched=unmatched,
        )
    finally:
        workbook.close()


def write_xlsx(
    assessment: Assessment,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    sheet: str = ANSWERS_SHEET,
) -> None:
    """
    Write *assessment*'s answers as an .xlsx workbook of one sheet, laid
    out as `medengage.csv.write_csv` lays out a file: a column ``id``, a
    column for each attribute any respondent has, and a column for each
    item, named by its id; answers as numbers, an empty cell where there
    is none. Text is written as text, never as a formula. `read_xlsx`
    reads it back to an equal assessment, given the attribute columns.

    Saving to a path is atomic, as `medengage.dump` is.

    Args:
        assessment: The answers to write.
        target: A path, or a file open in binary mode.
        sheet: The name of the sheet.

    Raises:
        ValidationError: If an attribute is named ``id`` or like an item,
            or *sheet* is not a name a workbook can give a sheet; nothing
            is written.
        MissingExtraError: If openpyxl is not installed.
    """
    openpyxl = _openpyxl("write_xlsx")
    from openpyxl.cell import WriteOnlyCell

    header, records = answer_records(assessment)
    workbook = openpyxl.Workbook(write_only=True)
    try:
        worksheet = workbook.create_sheet(sheet)
    except ValueError as error:
        raise ValidationError.single("sheet", f"{sheet!r}: {error}") from None

    def text(value: str) -> Any:
        # Every text medengage holds is free of the control characters a
        # workbook cannot hold.
        cell = WriteOnlyCell(worksheet, value=value)
        # Text is text, however it begins: never a formula.
        cell.data_type = "s"
        return cell

    worksheet.append([text(name) for name in header])
    for record in records:
        worksheet.append(
            [
                text(cell) if isinstance(cell, str) else _number(cell, text)
                for cell in record
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    _write_bytes(buffer.getvalue(), target)


def _number(value: Value | None, text: Callable[[str], Any]) -> Any:
    """
    *value* as a workbook holds it: as a number where 16 significant digits,
    which is what openpyxl writes (and more than Excel keeps), hold it
    exactly; otherwise as its text, which `read_xlsx` reads exactly.
    """
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        return text(format_value(value))
    return value


def _openpyxl(needed_by: str) -> Any:
    require("openpyxl", "excel", f"medengage.excel.{needed_by}")
    import openpyxl

    return openpyxl


def _read_bytes(
    source: str | os.PathLike[str] | IO[bytes], max_bytes: int
) -> tuple[str, bytes]:
    name, data = read_source(source, max_bytes, reader="read_xlsx")
    if not isinstance(data, bytes):
        raise NotADocumentError(
            "read_xlsx reads a workbook's bytes: open the file in binary mode "
            "('rb'), or give its path"
        )
    if len(data) > max_bytes:
        raise _too_large(name, f"the file is over {max_bytes} bytes")
    return name, data


def _workbook(openpyxl: Any, name: str, data: bytes) -> Any:
    """
    The workbook in *data*, opened to read its cells' values row by row.
    """
    unreadable = DocumentError(
        name,
        [
            Problem(
                "",
                "cannot read the file as an .xlsx workbook: save it from the "
                "spreadsheet as an Excel Workbook (.xlsx), or export it as CSV "
                "UTF-8 and use read_csv",
                1,
                1,
            )
        ],
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise unreadable from None
    limit = UNPACKED_RATIO * max(len(data), 1)
    if unpacked > limit:
        raise _too_large(
            name,
            f"the workbook unpacks to {unpacked} bytes, over {UNPACKED_RATIO} "
            "times its size: it is not an export a survey tool makes",
        )
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # openpyxl raises whatever its parts do on a bad file.
    except Exception:  # noqa: BLE001
        raise unreadable from None


def _rows(worksheet: Any, places: FilePlaces) -> Iterator[list[str]]:
    """
    The rows of *worksheet* as text, as a CSV file would give them, empty
    cells at the ends of rows left out.
    """
    try:
        for row in worksheet.iter_rows(values_only=True):
            cells = [_text(cell) for cell in row]
            while cells and not cells[-1]:
                cells.pop()
            yield cells
    except MedEngageError:
        raise
    # A part of the archive that does not parse.
    except Exception:  # noqa: BLE001
        raise DocumentError(
            places.source,
            [Problem("", "cannot read the sheet: save the workbook again", 1, 1)],
        ) from None


def _padded(rows: Iterator[list[str]], width: int) -> Iterator[Sequence[str]]:
    """
    *rows*, each with an empty cell for each column it leaves out at its end.
    """
    for row in rows:
        if len(row) < width:
            row += [""] * (width - len(row))
        yield row


def _text(cell: object) -> str:
    """
    What *cell* says, as a CSV file would say it.
    """
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, (dt.date, dt.time)):
        return cell.isoformat()
    return str(cell)


def _write_bytes(data: bytes, target: str | os.PathLike[str] | IO[bytes]) -> None:
    if isinstance(target, (str, os.PathLike)):
        save_atomically(Path(target), data)
    elif callable(getattr(target, "write", None)):
        try:
            target.write(data)
        except TypeError:
            raise NotADocumentError(
                "write_xlsx writes a workbook's bytes: open the file in binary "
                "mode ('wb'), or give its path"
            ) from None
    else:
        raise MedEngageError(
            f"cannot write a workbook to {target!r}: give a path or a file open "
            "in binary mode"
        )


def _too_large(name: str, what: str) -> DocumentTooLargeError:
    return DocumentTooLargeError(
        name, [Problem("", f"{what}: pass a larger max_bytes if it is trusted", 1, 1)]
    )
