"""Shared fixtures: the project's graph (loaded once), the source documents, and a known language."""
from pathlib import Path

import pytest
from reliability import FAULT_SEED, FUZZ_SEED, Figures

from pozuzo_kg import KnowledgeGraph, i18n, load_graph

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DOC_ORGANIZACION = "000_b36cf66eb0458a2d.txt"
DOC_GERENCIA = "002_8b167db4ead62e6c.txt"


ENGLISH = {"LANG": "en_US.UTF-8"}
"""The environment of a user who reads English (``LANGUAGE``, ``LC_ALL`` and ``LC_MESSAGES`` unset)."""


@pytest.fixture(scope="session", autouse=True)
def _no_locale_in_session():
    """No test depends on the machine's locale: the variables that choose the language are unset for the session
    (also for the session- and module-scoped fixtures, and the subprocesses tests start)."""
    with pytest.MonkeyPatch.context() as patch:
        for variable in i18n.LOCALE_VARIABLES:
            patch.delenv(variable, raising=False)
        yield


@pytest.fixture(autouse=True)
def spanish_by_default(monkeypatch):
    """Every test starts in the default language, Spanish: no locale variable set, no cached catalogue."""
    for variable in i18n.LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    i18n.translations.cache_clear()
    yield
    i18n.translations.cache_clear()


@pytest.fixture
def english(monkeypatch):
    """The test reads English messages, as a user with ``LANG=en_US.UTF-8`` does (subprocesses included)."""
    for variable, value in ENGLISH.items():
        monkeypatch.setenv(variable, value)


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The project's knowledge graph (ontology + data), loaded once per test session."""
    return load_graph()


@pytest.fixture(scope="session")
def seed_lines() -> dict[str, list[str]]:
    """Lines of each source document, by file name (line N is index N-1)."""
    return {name: (SEEDS / name).read_text(encoding="utf-8").split("\n") for name in (DOC_ORGANIZACION, DOC_GERENCIA)}


def select(kg: KnowledgeGraph, sparql: str, **bindings: str | tuple[str, str]) -> list[dict[str, str]]:
    """Runs a SELECT (bound variables must be projected) and returns rows of plain string values.

    A binding is an IRI string, or a ``(text, language)`` pair for a language-tagged literal.
    """
    import pyoxigraph as ox

    terms = {k: ox.Literal(v[0], language=v[1]) if isinstance(v, tuple) else ox.NamedNode(v) for k, v in bindings.items()}
    result = kg.query(sparql, terms)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


@pytest.fixture
def url_trap():
    """A loopback HTTP server that records every request (answering 200): tests assert nothing was fetched.

    Yields ``(base_url, requests)``; ``requests`` lists the paths asked for.
    """
    import http.server
    import threading

    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"secreto")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Selenium through Debian's chromedriver (never a downloaded driver).

    Under ``CI=true`` a missing browser fails the test (CI must install it, see ``.ci/run``); elsewhere it skips.
    Size the viewport with :func:`set_viewport`.
    """
    import os
    import shutil
    import tempfile

    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    if missing:
        message = f"headless browser not installed: {', '.join(missing)} (Debian: apt-get install chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    os.environ["SE_OFFLINE"] = "true"  # selenium-manager, were it ever asked, must not download a driver or browser
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="pozuzo-kg-chromium-")  # a fresh profile: nothing from earlier runs
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--disable-background-networking", "--disable-component-update", "--no-first-run",
                     f"--user-data-dir={profile}", "--hide-scrollbars", "--lang=es", "--window-size=1400,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(30)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def set_viewport(driver, width: int, height: int = 900) -> None:
    """Emulates a screen ``width`` CSS pixels wide (a phone below 600: touch, device-width viewport honoured)."""
    phone = width < 600
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": phone})
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": phone})


_FIGURES = Figures()


def pytest_runtest_logreport(report) -> None:
    """Counts each test's outcome into the reliability figures (``tests/reliability.py``)."""
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        outcome = "xfailed" if hasattr(report, "wasxfail") else report.outcome
        _FIGURES.count(report.nodeid, outcome)


def pytest_report_header(config) -> str:
    return (f"reliability seeds: POZUZO_KG_FUZZ_SEED={FUZZ_SEED} POZUZO_KG_FAULT_SEED={FAULT_SEED} "
            "(set them to replay this run's fuzzing and fault trials)")


def pytest_sessionfinish(session) -> None:
    _FIGURES.write()


def pytest_terminal_summary(terminalreporter) -> None:
    """Prints the reliability figures of the run (seeds and counts of fuzzing and fault trials included)."""
    lines = _FIGURES.summary()
    if lines:
        terminalreporter.section("reliability figures")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def reliability_figures():
    """``record(name, **figures)``: figures a test measured, for the README's reliability table."""
    return _FIGURES.record
