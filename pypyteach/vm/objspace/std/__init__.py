"""The builtin types (PyPy's objspace/std): one module per type.

Each module declares ``TYPE_TABLES``, a list of (guest type name,
MethodTable), and ``TYPE_CONSTRUCTORS``, a dict guest type name ->
BuiltinFunction run when the type is called (``list(...)``, ``int(...)``).
typesetup.py installs them all into a fresh space.
"""

from . import (objectobject, exceptions, strobject, listobject, tupleobject, numberobject,
               dictobject, setobject, iterobject, descriptors, functionobject)

MODULES = [objectobject, exceptions, strobject, listobject, tupleobject, numberobject,
           dictobject, setobject, iterobject, descriptors, functionobject]

METHOD_TABLES = [entry for module in MODULES for entry in getattr(module, "TYPE_TABLES", [])]
CONSTRUCTORS = {}
for _module in MODULES:
    for _name, _builtin in getattr(_module, "TYPE_CONSTRUCTORS", {}).items():
        assert _name not in CONSTRUCTORS, "two constructors for %s" % _name
        CONSTRUCTORS[_name] = _builtin
