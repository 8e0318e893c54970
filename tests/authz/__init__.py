"""The authorization matrix: for every URL pattern of the project, what each role is answered.

Read by ``tests/test_authorization_matrix.py`` (the answers) and ``tests/core/test_external_hosts.py`` (the pages).

Layout
------
- ``framework.py``: the vocabulary (roles, answers, ``get``/``post`` cases, ``entry``) and the URL walk.
- ``world.py``: the objects every case can use (a call, unit A and unit B, one user per role, imports, accounts).
- one entry module per URL namespace: ``core.py`` (patterns without a namespace), ``workbench.py``, ``accounts.py``,
  ``calls.py``…; ``django_admin.py`` covers ``admin:*`` by a rule. Every module of this package with an ``ENTRIES``
  list is read, so a new app adds ``tests/authz/<namespace>.py`` and nothing else.

Writing an entry
----------------
::

    entry(
        "calls:staff_detail",
        get(staff_only(OK), kwargs=lambda w: {"year": w.call.year}),
        get(staff_only(NOT_FOUND), "missing year", kwargs=lambda w: {"year": 1999}),
    )

Each case is one request (GET or POST, with optional ``data``) and names the answer for every role in
``framework.ROLES``: ``OK`` (200), ``LOGIN`` (302 to the login page, back to this address), ``FORBIDDEN`` (403),
``NOT_FOUND`` (404), ``NOT_ALLOWED`` (405) or ``redirect(...)`` (302 to an exact address). ``everyone``,
``signed_in``, ``staff_only`` and ``admin_only`` fill in the usual shapes; keyword arguments override single roles.

Object-level cases: the role ``unit`` is a user of ``w.unit_a`` and ``other_unit`` one of ``w.unit_b``. Give
objects that belong to a unit to unit A: ``unit`` then sees its own object and ``other_unit`` somebody else's. A
``kwargs`` (or ``data``) builder may create what the case needs, e.g. an expert's assignment::

    get(answers(..., expert=OK), "assigned expert",
        kwargs=lambda w: {"pk": assign(w.users["expert"], application_of(w.unit_a)).application_id}),
    get(answers(..., expert=FORBIDDEN), "conflicted expert", kwargs=...),

The world is built once per test module; each (pattern, case, role) is its own test in a savepoint inside it, with
the world's objects read back fresh, so a POST that changes state cannot disturb another. A refused request (login,
403, 404, 405) must also leave no audit record behind.
"""
