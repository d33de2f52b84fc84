"""Every notebook in notebooks/ is committed without outputs and runs end to end at a small size."""
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

SRC = Path(os.environ.get("PATHWAYS_SOURCE_DIR", Path(__file__).resolve().parents[2]))
NOTEBOOKS = sorted((SRC / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear outputs before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_end_to_end(path, monkeypatch):
    monkeypatch.setenv("PATHWAYS_NOTEBOOK_REPLICATES", "2")
    monkeypatch.setenv("PATHWAYS_NOTEBOOK_YEARS", "3")
    monkeypatch.setenv("PATHWAYS_SOURCE_DIR", str(SRC))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend draws into the notebook
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    # Each notebook draws at least one figure.
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert images, f"{path.name} drew no figure"
