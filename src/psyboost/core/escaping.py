"""``escaped``: Django's ``conditional_escape`` for the code that writes HTML in Python (widgets, form rows, long
tables), without the lazy-string wrapper and the ``SafeString`` of every call: a section page escapes about a
thousand values, and the wrapper cost more than the escaping. The output is the same (``html.escape``, as Django's
``escape``; a value with ``__html__`` is already safe)."""

import html


def escaped(value) -> str:
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
