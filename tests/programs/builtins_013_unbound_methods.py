# Methods of builtin types called through the type with a wrong self: CPython's
# TypeError (a method descriptor's or a slot wrapper's words), not a host crash.
cases = [
    ('float.__add__(1, 2)', lambda: float.__add__(1, 2)),
    ('list.__len__(5)', lambda: list.__len__(5)),
    ('str.join(5, [])', lambda: str.join(5, [])),
    ('dict.__getitem__([], 1)', lambda: dict.__getitem__([], 1)),
    ('list.append()', lambda: list.append()),
    ('int.__add__(1.5, 2)', lambda: int.__add__(1.5, 2)),
    ('tuple.count(5, 1)', lambda: tuple.count(5, 1)),
    ('BaseException.__str__(5)', lambda: BaseException.__str__(5)),
    ('list.append(5, 1)', lambda: list.append(5, 1)),
    ('str.upper(5)', lambda: str.upper(5)),
    ('dict.get([], 1)', lambda: dict.get([], 1)),
    ('list.__getitem__(5, 0)', lambda: list.__getitem__(5, 0)),
    ('float.__round__(5)', lambda: float.__round__(5)),
    ('list.__reversed__(5)', lambda: list.__reversed__(5)),
]
for text, f in cases:
    try:
        print(text, '->', f())
    except Exception as e:
        print(text, '->', type(e).__name__, e)
