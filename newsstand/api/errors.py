"""The API's one error shape: {"error": what went wrong, "field": where, or ""}."""


class ApiError(Exception):
    """A request the API refuses: answered with `status` and the error body, never a page."""

    def __init__(self, status: int, error: str, field: str = "") -> None:
        self.status = status
        self.error = error
        self.field = field
        super().__init__(error)
