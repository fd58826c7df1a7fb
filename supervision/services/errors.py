class ObligationError(Exception):
    """An illegal change of an obligation; the message is shown to the user (Chinese)."""
