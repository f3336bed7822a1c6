"""The docs cannot drift from the code: every file path and every dotted
``pypyteach.`` name a document mentions must exist."""

import importlib
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *ROOT.glob("docs/*.md"), ROOT / "notebooks" / "README.md",
               ROOT / "slides" / "README.md"])
TOP = ("pypyteach", "tests", "benchmarks", "notebooks", "slides", "docs")
PACKAGE_DIRS = ("vm", "jit", "emu", "viz")

# a path-looking word inside backticks: `vm/memory/layout.py`, `jit/backend/`
PATH = re.compile(r"`((?:[\w.-]+/)+[\w.-]*)`")
# ... or a plain-text source file: vm/compiler/liveness.py
PLAIN = re.compile(r"(?<![\w/.])((?:pypyteach|vm|jit|emu|viz|tests|benchmarks)/[\w/.-]*\.py)\b")
DOTTED = re.compile(r"\bpypyteach(?:\.\w+)+")


def candidates(text):
    for match in list(PATH.finditer(text)) + list(PLAIN.finditer(text)):
        word = match.group(1).split("::")[0]
        if "<" in word or "*" in word or word.startswith(("http", "/", "../")):
            continue
        yield word


def exists(word):
    if (ROOT / word).exists():
        return True
    first = word.split("/")[0]
    if first in PACKAGE_DIRS or first in ("run.py", "steprecorder.py"):
        return (ROOT / "pypyteach" / word).exists()
    if first in ("x86", "aarch64", "ppc64", "s390x"):
        return (ROOT / "pypyteach" / "jit" / "backend" / word).exists()
    if first in ("std",):
        return (ROOT / "pypyteach" / "vm" / "objspace" / word).exists()
    return False


def resolves(dotted):
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            thing = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(thing, name):
                return False
            thing = getattr(thing, name)
        return True
    return False


@pytest.mark.parametrize("doc", DOCS, ids=[str(d.relative_to(ROOT)) for d in DOCS])
def test_every_path_a_doc_names_exists(doc):
    text = doc.read_text()
    missing = sorted({word for word in candidates(text)
                      if word.split("/")[0] in TOP + PACKAGE_DIRS + ("x86", "aarch64", "std")
                      and not exists(word)})
    assert not missing, "%s names paths that do not exist: %s" % (doc.name, missing)


@pytest.mark.parametrize("doc", DOCS, ids=[str(d.relative_to(ROOT)) for d in DOCS])
def test_every_dotted_name_a_doc_names_exists(doc):
    missing = sorted({name for name in DOTTED.findall(doc.read_text()) if not resolves(name)})
    assert not missing, "%s names modules or objects that do not exist: %s" % (doc.name, missing)


def test_the_checker_catches_a_stale_path():
    stale_path, stale_module = "/".join(["vm", "layout.py"]), ".".join(["pypyteach", "vm", "run"])
    assert not exists(stale_path) and exists("vm/memory/layout.py")
    assert not resolves(stale_module) and resolves("pypyteach.run.run_source")
