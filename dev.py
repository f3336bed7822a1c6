#!/usr/bin/env python3
"""The commands of the README, with nothing but Python 3 and git:

    python3 dev.py lab     set up .venv, trust the course notebooks, then open JupyterLab on notebooks/
    python3 dev.py test    set up .venv, then run every test
    python3 dev.py slides  set up .venv, then build an offline reveal.js deck per notebook into slides/
    python3 dev.py execute re-run the course notebooks in place (after changing them or the views)
    python3 dev.py setup   set up .venv and trust the course notebooks, nothing else

Set-up creates a virtual environment inside the repository and installs
pypyteach with everything it needs; it is skipped when pyproject.toml has not
changed since the last install.
"""

import hashlib
import os
import subprocess
import sys
import venv

ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
BIN = os.path.join(VENV, "Scripts" if os.name == "nt" else "bin")
PYTHON = os.path.join(BIN, "python")
STAMP = os.path.join(VENV, ".pypyteach-installed")


def setup():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if os.path.exists(STAMP) and open(STAMP).read() == digest:
        return
    if not os.path.exists(PYTHON):
        print("creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing pypyteach and its dependencies ...", flush=True)
    subprocess.check_call([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    subprocess.check_call([PYTHON, "-m", "pip", "install", "--quiet", "-e", ROOT + "[test]"])
    with open(STAMP, "w") as f:
        f.write(digest)


def course_notebooks():
    folder = os.path.join(ROOT, "notebooks")
    return sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".ipynb"))


def trust():
    """Trust the course notebooks (for this user), so that JupyterLab shows
    their stored outputs (diagrams, the views' HTML) as saved, not as text."""
    notebooks = course_notebooks()
    if notebooks:
        subprocess.check_call([PYTHON, "-m", "jupyter", "trust"] + notebooks, stdout=subprocess.DEVNULL)


def lab(args):
    trust()
    os.execv(PYTHON, [PYTHON, "-m", "jupyter", "lab", os.path.join(ROOT, "notebooks")] + args)


def test(args):
    workers = os.environ.get("PYPYTEACH_TEST_WORKERS", "auto")
    # loadscope: a notebook's cells depend on each other and must run on one worker
    command = [PYTHON, "-m", "pytest", "-n", workers, "--dist", "loadscope", "-p", "no:cacheprovider"] + (args or ["tests"])
    if not args and course_notebooks():
        command += ["--nbval", "notebooks", "--nbval-sanitize-with", os.path.join(ROOT, "notebooks", "sanitize.cfg")]
    os.chdir(ROOT)
    sys.exit(subprocess.call(command))


def slides(args):
    os.chdir(ROOT)
    sys.exit(subprocess.call([PYTHON, "-m", "pypyteach", "slides"] + (args or ["notebooks", "-o", "slides"])))


def execute(args):
    os.chdir(ROOT)
    status = subprocess.call([PYTHON, "-m", "pypyteach.notebooks"] + (args or course_notebooks()))
    trust()
    sys.exit(status)


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("lab", "test", "setup", "slides", "execute"):
        print(__doc__)
        sys.exit(2)
    setup()
    if sys.argv[1] == "lab":
        lab(sys.argv[2:])
    elif sys.argv[1] == "test":
        test(sys.argv[2:])
    elif sys.argv[1] == "slides":
        slides(sys.argv[2:])
    elif sys.argv[1] == "execute":
        execute(sys.argv[2:])
    else:
        trust()


if __name__ == "__main__":
    main()
