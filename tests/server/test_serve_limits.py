"""The limits hold: a query past its deadline is stopped with a message naming the setting while others answer, one
client cannot hold every worker, a full server says 503, long answers are cut and say so."""
import json
import threading
import time
from urllib.parse import quote

import pytest

from .serving import assert_clean, request, start

NEVER_ENDS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = "ASK { ?s a org:OrganizationalUnit }"


def query_url(server, text: str) -> str:
    return f"{server.url}sparql?query={quote(text)}"


def wait_until_running(server, count: int) -> None:
    for _ in range(400):
        if json.loads(request(server.url + "health").body)["running"] >= count:
            return
        time.sleep(0.025)
    raise AssertionError("the slow query never started")


@pytest.fixture
def small_server():
    """Two workers (so one client may run one query at once), nothing queued, a 2 s deadline, 5 rows; one per test,
    as a query stopped at its deadline may leave its worker to be replaced."""
    running = start("--workers", "2", "--setting", "max_queued_queries=0", "--setting", "query_timeout=2",
                    "--setting", "max_returned_rows=5")
    yield running
    running.stop()


def test_deadline_fairness_and_saturation(small_server):
    slow: dict[str, object] = {}
    thread = threading.Thread(target=lambda: slow.update(reply=request(query_url(small_server, NEVER_ENDS))))
    thread.start()
    wait_until_running(small_server, 1)
    # The same client already holds its share (one of two workers) and nothing may wait: 503 at once.
    busy = request(query_url(small_server, QUICK))
    assert busy.status == 503 and busy.headers["retry-after"] == "1"
    assert_clean(busy)
    assert busy.text.startswith("el servidor está ocupado")
    # Another client still gets the other worker, while the slow query runs.
    other = request(query_url(small_server, QUICK), source="127.0.0.2")
    assert other.status == 200 and json.loads(other.body)["boolean"] is True
    thread.join(30)
    reply = slow["reply"]
    assert reply.status == 400
    assert_clean(reply)
    assert reply.text == ("la consulta tardó más de 2 s y se detuvo (el límite lo fija el ajuste query_timeout)\n")


@pytest.mark.parametrize(("asked", "given"), [("0.5", "0.5 s"), ("300", "2 s")])
def test_a_request_may_lower_the_deadline_never_raise_it(small_server, asked, given):
    reply = request(query_url(small_server, NEVER_ENDS) + f"&timeout={asked}")
    assert reply.status == 400 and f"más de {given} " in reply.text


def test_long_answers_are_cut_at_max_returned_rows_and_say_so(small_server):
    select = request(query_url(small_server, "SELECT * WHERE { ?s ?p ?o }"), source="127.0.0.5",
                     headers={"Accept": "text/tab-separated-values"})
    assert select.status == 200
    assert select.headers["pozuzo-truncated"] == "5"
    assert len(select.text.splitlines()) == 6  # header and 5 rows
    construct = request(query_url(small_server, "CONSTRUCT WHERE { ?s ?p ?o }"), source="127.0.0.5",
                        headers={"Accept": "application/n-triples"})
    assert construct.headers["pozuzo-truncated"] == "5" and len(construct.text.splitlines()) == 5
    short = request(query_url(small_server, "SELECT ?p WHERE { ?p a org:Post }"), source="127.0.0.5")
    assert short.status == 200 and "pozuzo-truncated" not in short.headers
