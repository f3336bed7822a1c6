"""Memory: the one byte heap every guest object lives in (DESIGN decision 2).

It owns the heap (``heap``: words in the target's byte order), object
layouts with their descrs (``layout``: a type header and fields at fixed
offsets), the mark-and-sweep collector with its nursery (``gc``), and the
low-level operations layer the interpreter is written against
(``lloperation``: read a field, allocate, add with overflow check; run
directly, or recorded as resops while tracing).  It imports nothing else
of vm/ except ``vm.errors``: the layers above are built on it.
"""
