"""Keys of what the pages keep in Django's cache (the review pages' content, a section's inputs): a digest of
everything the kept value was made from, so that a change to any of it finds nothing and renders anew."""

import hashlib


def key_of(prefix: str, *parts) -> str:
    """``prefix`` and a digest of ``parts`` (plain values, compared by their ``repr``)."""
    return f"{prefix}:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def stored_fields(instance) -> tuple:
    """Every stored field of a model instance, for a key that must change with any of them."""
    return tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields)
