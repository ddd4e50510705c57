"""
The example notebook, docs/notebooks/walkthrough.ipynb, runs from top to
bottom in a kernel of this test environment, and shows what it says.
"""

from __future__ import annotations

import base64
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


ROOT = Path(__file__).parents[1]
NOTEBOOK = ROOT / "docs" / "notebooks" / "walkthrough.ipynb"
#: The kernel the notebook runs in: this interpreter, whatever kernels the
#: machine has installed.
KERNEL = "medengage-tests"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """
    The notebook, run in a fresh folder; and the folder.
    """
    folder = tmp_path_factory.mktemp("notebook")
    return run(NOTEBOOK, folder), folder


def run(path: Path, folder: Path) -> Any:
    """
    The notebook at *path*, run in *folder* by a kernel of this
    interpreter.
    """
    _register_kernel(folder / "jupyter")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(folder / "jupyter"))
        # Jupyter's own folders as they will be, without a warning about it.
        patch.setenv("JUPYTER_PLATFORM_DIRS", "1")
        import nbclient
        import nbformat

        # nbformat is untyped: name what reading gives.
        read: Callable[..., Any] = nbformat.read
        notebook = read(path, as_version=4)
        nbclient.NotebookClient(
            notebook,
            kernel_name=KERNEL,
            timeout=120,
            resources={"metadata": {"path": str(folder)}},
        ).execute()
    return notebook


def _register_kernel(path: Path) -> None:
    """
    A kernel spec for this interpreter, under *path*.
    """
    spec = path / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [
                    sys.executable,
                    "-m",
                    "ipykernel_launcher",
                    "-f",
                    "{connection_file}",
                ],
                "display_name": "medengage tests",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )


def _outputs(notebook: Any) -> list[dict[str, Any]]:
    return [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    ]


def test_the_committed_notebook_holds_no_outputs() -> None:
    """
    The notebook is kept without outputs, so that its diffs stay readable.
    """
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))

    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code
    assert all(cell["outputs"] == [] for cell in code)
    assert all(cell["execution_count"] is None for cell in code)


def test_every_cell_runs(executed: tuple[Any, Path]) -> None:
    """
    No cell fails, nor writes to standard error.
    """
    notebook, _ = executed

    outputs = _outputs(notebook)
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"]


def test_the_notebook_shows_its_tables_and_charts(executed: tuple[Any, Path]) -> None:
    """
    The withheld groups, the journey's summary and each chart (once, as an
    image) are shown, and the chart saved for the board paper is written.
    """
    import matplotlib.image

    notebook, folder = executed

    outputs = _outputs(notebook)
    text = "".join(
        "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
        for o in outputs
    )
    assert "'foundation doctor'" in text
    assert "Northwold Valley NHS Foundation Trust (fictional) (ZNW)" in text
    assert "Overall:" in text
    images = [
        o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})
    ]
    assert len(images) == 4
    for image in images:
        pixels = matplotlib.image.imread(io.BytesIO(base64.b64decode(image)))
        assert pixels[..., :3].std() > 0.05
    saved = matplotlib.image.imread(folder / "profile-by-year.png")
    assert saved.shape[1] == 8 * 150
