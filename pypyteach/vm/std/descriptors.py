"""staticmethod, classmethod, property and super (to be completed)."""

from .. import layout as L
from ..gateway import MethodTable

TYPE_TABLES = []
TYPE_CONSTRUCTORS = {}
