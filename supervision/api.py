def register(router):
    """Register the supervision viewsets on the API router."""
