"""Re-executing the course notebooks, so that what they store is what a
reader sees before running anything.

    python3 dev.py execute [NOTEBOOK ...]      (default: every course notebook)
    python -m pypyteach.notebooks NOTEBOOK ...

Each notebook runs top to bottom in a fresh kernel (as ``jupyter nbconvert
--execute --inplace`` does); then the outputs of the views keep their
kernel-free HTML fragment and their text, and lose the reference to a live
widget (``application/vnd.jupyter.widget-view+json``), and no widget state
is stored.  A saved widget has no kernel behind it: JupyterLab would draw it
from the saved state and its buttons would do nothing, and RISE and decks
cannot draw it at all; the fragment steps everywhere.  Running a cell again
in JupyterLab shows the live widget as usual.
"""

import os
import sys

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_widget_views(notebook):
    """Drop the live-widget references from outputs that have another face;
    returns how many were dropped."""
    dropped = 0
    for cell in notebook.get("cells", ()):
        for output in cell.get("outputs", ()):
            data = output.get("data", {})
            if WIDGET_VIEW in data and set(data) - {WIDGET_VIEW, "text/plain"}:
                del data[WIDGET_VIEW]
                dropped += 1
    notebook.get("metadata", {}).pop("widgets", None)
    return dropped


def execute(path, timeout=600):
    """Run notebook ``path`` in a fresh kernel and store its outputs."""
    import nbformat
    from nbclient import NotebookClient
    notebook = nbformat.read(path, as_version=4)
    folder = os.path.dirname(os.path.abspath(path))
    NotebookClient(notebook, timeout=timeout, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": folder}}).execute()
    strip_widget_views(notebook)
    nbformat.write(notebook, path)


def main(argv=None):
    paths = sys.argv[1:] if argv is None else argv
    if not paths:
        print(__doc__)
        return 2
    for path in paths:
        print("executing %s ..." % path, flush=True)
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
