def register(router):
    """Register the members viewsets on the API router."""
