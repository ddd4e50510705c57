"""
The board-paper notebook, docs/notebooks/board-paper.ipynb, runs from top
to bottom in a kernel of this test environment, and is stored with the
outputs it gives, so that the documentation site shows them.

To refresh the stored outputs after changing the notebook or the code it
shows, run ``python tests/test_board_notebook.py``.
"""

from __future__ import annotations

import base64
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_notebook import _outputs, run


ROOT = Path(__file__).parents[1]
FOLDER = ROOT / "docs" / "notebooks"
NOTEBOOK = FOLDER / "board-paper.ipynb"
#: What the notebook reads, beside it.
INPUTS = ("doctors-survey-2024.csv", "peers")


def execute(folder: Path) -> Any:
    """
    The notebook, run in *folder*, with its inputs copied there.
    """
    for name in INPUTS:
        source = FOLDER / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy(source, folder / name)
    return run(NOTEBOOK, folder)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """
    The notebook, run in a fresh folder; and the folder.
    """
    folder = tmp_path_factory.mktemp("board-paper")
    return execute(folder), folder


def _stored() -> Any:
    import nbformat

    read: Callable[..., Any] = nbformat.read
    return read(NOTEBOOK, as_version=4)


def _printed(notebook: Any) -> list[str]:
    return [
        "".join(output["text"])
        for output in _outputs(notebook)
        if output["output_type"] == "stream"
    ]


def test_the_stored_notebook_holds_its_outputs() -> None:
    """
    Every code cell is stored run, in order, with what it showed: tables
    as HTML, and each chart once, as an image.
    """
    notebook = _stored()

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    assert all(cell.outputs for cell in code)
    outputs = _outputs(notebook)
    assert not [o for o in outputs if o["output_type"] == "error"]
    tables = [o for o in outputs if "text/html" in o.get("data", {})]
    assert len(tables) >= 5
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2


def test_every_cell_runs(executed: tuple[Any, Path]) -> None:
    """
    No cell fails, nor writes to standard error.
    """
    notebook, _ = executed

    outputs = _outputs(notebook)
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"]


def test_the_stored_outputs_are_current(executed: tuple[Any, Path]) -> None:
    """
    What the notebook prints when run is what it is stored with: the
    stored outputs are not left behind by a change to the code.
    """
    notebook, _ = executed

    assert _printed(notebook) == _printed(_stored())
    text = "".join(_printed(notebook))
    assert "289 respondents; 29 questions matched" in text
    assert "Fell significantly: Stable leadership" in text
    assert "kind: ColumnMapping" in text


def test_the_export_is_read_as_a_survey_tool_writes_it() -> None:
    """
    The export has what a survey tool's has (a byte order mark, curly
    apostrophes in its questions, *Don't know*), and the notebook reads it
    by matching prompts, with no mapping made by hand.
    """
    raw = (FOLDER / "doctors-survey-2024.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, _, rest = raw.decode("utf-8-sig").partition("\n")
    assert "\u2019" in header
    assert ",Don't know," in rest
    code = "".join(cell.source for cell in _stored().cells if cell.cell_type == "code")
    assert "match_columns(" in code
    assert 'no_answer=["Don\'t know"]' in code
    assert "item.prompt" not in code


def test_the_board_papers_files_are_written(executed: tuple[Any, Path]) -> None:
    """
    The workbook holds a sheet a table, with a withheld group's scores as
    the text ``withheld``; the chart is saved at print resolution.
    """
    import matplotlib.image
    import openpyxl

    notebook, folder = executed

    workbook = openpyxl.load_workbook(folder / "board-paper.xlsx")
    assert workbook.sheetnames == [
        "Scores 2024",
        "By grade 2024",
        "Reliability 2024",
        "Journey",
    ]
    grades = list(workbook["By grade 2024"].iter_rows(values_only=True))
    header = grades[0]
    scores = {row[header.index("score")] for row in grades[1:]}
    assert "withheld" in scores
    saved = matplotlib.image.imread(folder / "profile-by-grade.png")
    assert saved.shape[1] == 8 * 150
    images = [
        o["data"]["image/png"]
        for o in _outputs(notebook)
        if "image/png" in o.get("data", {})
    ]
    for image in images:
        pixels = matplotlib.image.imread(io.BytesIO(base64.b64decode(image)))
        assert pixels[..., :3].std() > 0.05


def refresh() -> None:
    """
    Run the notebook and store it with its outputs.
    """
    import tempfile

    import nbformat

    with tempfile.TemporaryDirectory() as folder:
        notebook = execute(Path(folder))
    write: Callable[..., None] = nbformat.write
    write(notebook, NOTEBOOK)


if __name__ == "__main__":
    refresh()
