"""The one-way flow of the design, checked on the source: vm produces code and
runs it, jit records and compiles, emu executes, viz only reads records.

Every import of every module is found (top level, inside functions, and
module names written in strings, which importlib could load), resolved to a
pypyteach module, and checked against the rules below.  A failure names the
file, the line and the rule broken.
"""

import ast
import pathlib
import re

import pytest

import pypyteach

PACKAGE = pathlib.Path(pypyteach.__file__).parent

# (importing package, forbidden prefixes, allowed exceptions, why)
RULES = [
    ("vm", ["jit", "emu", "viz", "run", "steprecorder", "measure", "cli"], [],
     "vm/ produces code and runs it: it knows nothing of the JIT, the emulator, the views or the drivers"),
    ("vm.compiler", ["vm.memory", "vm.objspace", "vm.interpreter"], [],
     "the compiler turns source into code objects: no heap, no objects, no interpreter"),
    ("vm.memory", ["vm.compiler", "vm.objspace", "vm.interpreter"], [],
     "memory is the bottom room: the heap, layouts, the collector and the ll layer"),
    ("vm.objspace", ["vm.interpreter"], [],
     "the object space never calls into the interpreter (the interpreter calls it)"),
    ("jit", ["viz", "run", "steprecorder", "measure", "cli"], [],
     "jit records and compiles: it never draws, and the drivers sit above it"),
    ("emu", ["jit", "viz", "run", "steprecorder", "measure", "cli"], [],
     "emu executes machine code: which backend made it is jit/backend's business"),
    ("viz", ["jit.backend", "emu", "vm.interpreter", "vm.objspace", "vm.memory", "run", "steprecorder", "measure",
             "jit.runtime", "jit.tracer", "jit.compile", "jit.optimizer"], ["emu.arch"],
     "viz only reads records: no backend, emulator, interpreter or JIT machinery"),
]


def module_name(path):
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_package(path):
    return path.name == "__init__.py"


def resolve(module, package, level, name):
    """The absolute name (relative to pypyteach) a ``from``-import names."""
    base = module.split(".") if module else []
    if not package:
        base = base[:-1]
    if level > 1:
        base = base[:len(base) - (level - 1)]
    return ".".join(base + (name.split(".") if name else []))


def imports_of(path):
    """[(line, imported module relative to pypyteach)] for one source file."""
    module, package = module_name(path), is_package(path)
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                target = resolve(module, package, node.level, node.module)
            elif node.module and node.module.startswith("pypyteach"):
                target = node.module[len("pypyteach."):] if node.module != "pypyteach" else ""
            else:
                continue
            found.append((node.lineno, target))
            for alias in node.names:     # "from . import layout": layout is a module
                found.append((node.lineno, (target + "." if target else "") + alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("pypyteach."):
                    found.append((node.lineno, alias.name[len("pypyteach."):]))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for match in re.finditer(r"\bpypyteach\.((?:vm|jit|emu|viz)[\w.]*)", node.value):
                if len(node.value.split()) == 1:        # a module name in a string, not prose
                    found.append((node.lineno, match.group(1)))
    return found


def under(name, prefix):
    return name == prefix or name.startswith(prefix + ".")


def all_sources():
    return sorted(PACKAGE.rglob("*.py"))


def test_the_walker_finds_every_kind_of_import(tmp_path):
    assert resolve("vm.objspace.std.dictobject", False, 3, "memory.layout") == "vm.memory.layout"
    assert resolve("vm.objspace", True, 1, "std") == "vm.objspace.std"
    assert resolve("jit.backend", True, 3, "emu.arch") == "emu.arch"
    sample = PACKAGE / "emu" / "machine.py"
    names = {name for _, name in imports_of(sample)}
    assert "emu.arch" in names


@pytest.mark.parametrize("importer, forbidden, allowed, why", RULES, ids=[rule[0] for rule in RULES])
def test_data_flows_one_way(importer, forbidden, allowed, why):
    broken = []
    for path in all_sources():
        module = module_name(path)
        if not under(module, importer):
            continue
        for line, target in imports_of(path):
            if any(under(target, ok) for ok in allowed):
                continue
            if any(under(target, bad) for bad in forbidden) and not under(target, importer):
                broken.append("%s:%d imports pypyteach.%s" % (path.relative_to(PACKAGE.parent), line, target))
    assert not broken, "%s:\n  %s" % (why, "\n  ".join(broken))


def test_drivers_sit_above_vm_and_jit():
    """run.py and steprecorder.py combine vm and jit; nothing below imports them."""
    for name in ("run", "steprecorder"):
        assert (PACKAGE / (name + ".py")).exists()
        assert not (PACKAGE / "vm" / (name + ".py")).exists()


def test_every_vm_room_says_what_it_owns():
    for room in ("compiler", "memory", "objspace", "interpreter"):
        init = PACKAGE / "vm" / room / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert doc and "import" in doc, "vm/%s/__init__.py must say what it owns and may import" % room
