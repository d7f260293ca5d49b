"""REST API (DRF), scoped through the selectors."""


def register(router) -> None:
    """Add this app's viewsets to the project router."""
