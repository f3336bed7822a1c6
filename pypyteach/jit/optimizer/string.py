"""string: virtual strings (PyPy's OptString, optimizeopt/vstring.py).

In PyPy this pass keeps strings built by concatenation or slicing virtual
(``newstr``, ``strsetitem``, ``copystrcontent``, ``strlen`` on a string not
yet allocated), much as the virtualize pass does with objects.  It works on
the low-level string operations the interpreter's string code is made of.

pypyteach's interpreter has no low-level string operations today: every
string operation (concatenation, slicing, formatting, comparison) is host
code reached through a residual ``call_*``.  So this pass recognises
nothing and passes every operation on unchanged.  It stays in the chain,
under its PyPy name and in PyPy's place, so that ``enable_opts`` reads the
same and the notebooks can show where it would act; once the VM grows
``newstr``/``strsetitem``/``strgetitem``/``strlen``-style operations, this
is where their virtual versions belong.
"""

from .optimizer import Optimization


class OptString(Optimization):
    name = "string"
