"""The builtin types (PyPy's objspace/std): one module per type.

METHOD_TABLES pairs each guest type with the MethodTable declaring its
methods; CONSTRUCTORS says which builtin function runs when a builtin type is
called.  typesetup.py installs both into a fresh space.
"""

from .objectobject import object_methods, type_methods
from .exceptions import exception_methods
from .strobject import str_methods
from .listobject import list_methods
from .tupleobject import tuple_methods
from .numberobject import int_methods, float_methods, bool_methods

METHOD_TABLES = [
    ("object", object_methods),
    ("type", type_methods),
    ("BaseException", exception_methods),
    ("str", str_methods),
    ("list", list_methods),
    ("tuple", tuple_methods),
    ("int", int_methods),
    ("float", float_methods),
    ("bool", bool_methods),
]

CONSTRUCTORS = {}
