"""Domain operations of the review, one module per concern: ``panel`` (experts, the panel), ``rubric``,
``phases``, ``conflicts``, ``assignments``, ``scoring``, ``onsite``, ``results`` (ranking), ``selection``.
State changes of the review happen here and nowhere else; each takes plain arguments and writes an audit record."""
