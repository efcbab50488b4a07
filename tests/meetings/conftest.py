"""API clients for the personas, as in tests/api."""

from ..api.conftest import api_client  # noqa: F401
