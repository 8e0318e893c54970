"""Who did something, as a row stores it."""


def acting_user(actor):
    """The user to store as the author of a change: None for the system (no actor) or an anonymous visitor."""
    return actor if getattr(actor, "pk", None) else None
