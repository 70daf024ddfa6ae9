"""The W3C SPARQL 1.1 Protocol test suite (``../shared/standards/w3c-tests/sparql-protocol/``) against the live server,
its datasets loaded as named graphs with ``--named``. The server is read-only, so every ``update_*`` test passes
when it is refused with a 4xx (the suite's README says so for a read-only endpoint); the others as the manifest
says: status class, and for 2xx the boolean and the kind of format."""
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from .serving import request, start

SUITE = Path(__file__).resolve().parents[2].parent / "shared" / "standards" / "w3c-tests" / "sparql-protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
FORMATS = {"boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
           "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                       "text/tab-separated-values"),
           "RDF": ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")}


def _tests() -> list[tuple[str, list[dict]]]:
    graph = rdflib.Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest")
    manifest = next(graph.subjects(rdflib.RDF.type, MF.Manifest))
    tests = []
    for entry in rdflib.collection.Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(entry, MF.action)
        steps = []
        for step in rdflib.collection.Collection(graph, graph.value(action, HT.requests)):
            body = graph.value(step, HT.body)
            headers = {}
            listed = graph.value(step, HT.headers)
            for header in rdflib.collection.Collection(graph, listed) if listed else []:
                headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
            response = graph.value(step, HT.resp)
            encoding = str(graph.value(body, CNT.characterEncoding)) if body else "UTF-8"
            steps.append({
                "method": str(graph.value(step, HT.methodName)), "path": str(graph.value(step, HT.absolutePath)),
                "headers": headers,
                "body": str(graph.value(body, CNT.chars)).encode(encoding.lower())
                if body else None,
                "status": sorted(str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus)),
                "boolean": graph.value(response, MF.expectedBoolean),
                "format": graph.value(response, MF.expectedFormat),
            })
        tests.append((str(entry).rsplit("#", 1)[-1], steps))
    return tests


@pytest.fixture(scope="module")
def protocol_server():
    named = [f"--named=http://kasei.us/2009/09/sparql/data/data{n}.rdf={SUITE / f'data{n}.nt'}" for n in (1, 2, 3)]
    running = start(*named)
    yield running
    running.stop()


def _passes(server, name: str, steps: list[dict]) -> tuple[bool, str]:
    for step in steps:
        reply = request(server.url.rstrip("/") + step["path"].replace("/sparql/", "/sparql", 1), step["method"],
                        step["body"], step["headers"])
        if name.startswith("update_"):  # read-only: the update (first request) must be refused with a 4xx
            return reply.status // 100 == 4, f"{reply.status} {reply.body[:80]!r}"
        expected = {code[0] for code in step["status"]}
        if str(reply.status // 100) not in expected:
            return False, f"status {reply.status}, expected {step['status']}: {reply.body[:120]!r}"
        if reply.status // 100 != 2:
            continue
        media_type = reply.headers.get("content-type", "").split(";")[0]
        if step["format"] is not None and media_type not in FORMATS[str(step["format"])]:
            return False, f"format {media_type}, expected {step['format']}"
        if step["boolean"] is not None:
            fmt = ox.QueryResultsFormat.JSON if media_type.endswith("json") else ox.QueryResultsFormat.XML
            if bool(ox.parse_query_results(reply.body, format=fmt)) != step["boolean"].toPython():
                return False, f"boolean {reply.body!r}"
    return True, ""


def test_the_w3c_sparql_protocol_suite_passes_in_full(protocol_server, reliability_figures):
    tests = _tests()
    results = {name: _passes(protocol_server, name, steps) for name, steps in tests}
    failed = {name: why for name, (ok, why) in results.items() if not ok}
    passed = len(results) - len(failed)
    print(f"\nW3C SPARQL 1.1 Protocol tests: {passed} of {len(results)} passed"
          f" ({sum(1 for n in results if n.startswith('update_'))} update tests answered 4xx: read-only)")
    reliability_figures("w3c_sparql_protocol", passed=passed, total=len(results))
    assert len(results) == 34
    assert failed == {}
