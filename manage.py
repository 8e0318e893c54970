#!/usr/bin/env python
"""Kept for habit: ``psyboost`` is the same command."""

from psyboost.__main__ import main

if __name__ == "__main__":
    main()
