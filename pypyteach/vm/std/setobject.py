"""set: an open-addressing hash table in the heap (to be completed)."""

from .. import layout as L
from ..gateway import MethodTable

set_methods = MethodTable("set")

TYPE_TABLES = [("set", set_methods)]
TYPE_CONSTRUCTORS = {}
