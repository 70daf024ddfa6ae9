"""Fixtures of the server tests (helpers in ``serving.py``)."""
import pytest

from .serving import start


@pytest.fixture(scope="session")
def pozuzo_server():
    """``pozuzo-kg serve`` on the project's graph, with the default settings."""
    running = start()
    yield running
    running.stop()
