"""Exercise checks for the course notebooks.

A learner puts an answer in a variable; the check cell compares it with a
value the notebook computed from what actually ran, and says right or not
yet *without* printing the expected value, so the answer stays the
learner's to find.  A hint may say where to look.
"""

from .render import HTMLText, esc

NO_ANSWER = "no answer yet: put yours in the variable above, run that cell, then this one"


def _normal(value):
    """Strings compare without case and outer spaces; lists and tuples alike;
    sets as sets."""
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, (list, tuple)):
        return tuple(_normal(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(_normal(v) for v in value)
    return value


class CheckResult(HTMLText):
    """``.right`` is True, False, or None when there is no answer yet."""

    def __init__(self, right, text):
        self.right = right
        colour = {True: "#208020", False: "#b03030", None: "#777777"}[right]
        HTMLText.__init__(self, '<div style="color: %s; font-weight: bold;">%s</div>' % (colour, esc(text)), text)


def check(answer, expected, explanation="", hint=""):
    """Compare ``answer`` with ``expected``; the result says "right" (with
    ``explanation``) or "not yet" (with ``hint``), never ``expected``."""
    if answer is None:
        return CheckResult(None, NO_ANSWER)
    if type(answer) is bool or type(expected) is bool:
        same = type(answer) is type(expected) and answer == expected
    else:
        same = _normal(answer) == _normal(expected)
    if same:
        return CheckResult(True, "right" + (": " + explanation if explanation else ""))
    return CheckResult(False, "not yet" + (": " + hint if hint else "") + " (try again)")
