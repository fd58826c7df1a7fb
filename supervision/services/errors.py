from portal.workflow import WorkflowError


class ObligationError(WorkflowError):
    """An illegal change of an obligation; the message (already translated) is shown to the user."""
