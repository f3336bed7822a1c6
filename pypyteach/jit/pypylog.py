"""``--log jit-log-noopt,jit-log-opt,jit-summary:FILE``: what PYPYLOG writes.

The categories are PyPy's: ``jit-log-opt`` (each loop and bridge as
compiled), ``jit-log-noopt`` (as recorded, before the optimizer),
``jit-summary`` (the counts at the end); ``jit-log`` means the first two.
"""

from .logger import Logger

CATEGORIES = ("jit-log-opt", "jit-log-noopt", "jit-summary", "jit-log")


class LogSpecError(ValueError):
    pass


def parse_log_spec(text):
    """'jit-log-opt,jit-summary:out.log' -> (set of categories, file name)."""
    categories, sep, filename = text.partition(":")
    if not sep or not filename:
        raise LogSpecError("--log needs CATEGORIES:FILE, as PYPYLOG (e.g. jit-log-opt,jit-summary:jit.log)")
    chosen = set(filter(None, (c.strip() for c in categories.split(","))))
    unknown = chosen - set(CATEGORIES)
    if unknown or not chosen:
        raise LogSpecError("unknown log categories %s (known: %s)"
                           % (", ".join(sorted(unknown)) or "(none)", ", ".join(CATEGORIES)))
    if "jit-log" in chosen:
        chosen |= {"jit-log-opt", "jit-log-noopt"}
    return chosen, filename


class PyPyLog:
    """Collects a run's JIT log; ``finish(record)`` returns the whole text."""

    def __init__(self, categories):
        sections = tuple(s for s in ("noopt", "opt") if "jit-log-" + s in categories)
        self.categories = categories
        self.logger = Logger(sections=sections)

    def log_trace(self, trace):
        self.logger.log_trace(trace)

    def finish(self, record):
        if "jit-summary" in self.categories:
            self.logger.log_summary(record.summary())
        return self.logger.text()
