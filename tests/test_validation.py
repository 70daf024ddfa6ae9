"""Validation: every shape on a broken fixture, the exact audit of Pozuzo's data, CPOV-AP, the W3C SHACL suite, CLI."""
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from conftest import SHARED
from pozuzo_kg import load_graph
from pozuzo_kg.cli import main
from pozuzo_kg.errors import InputError, UsageError
from pozuzo_kg.validation import (SHAPES, official_cpov_shapes, read_rdflib, run_pyshacl, run_shacl_test_suite,
                                  shape_set_names, validate, with_message_languages)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
ID = "https://w3id.org/pozuzo-kg/id/190305/"
CPOV_OFFICIAL = "https://semiceu.github.io/CPOV/releases/2.1.2#"
W3C_SHACL = SHARED / "standards" / "w3c-tests" / "shacl" / "manifest.ttl"
V, W = "Violation", "Warning"


def findings_of(result) -> list[tuple[str, str, str]]:
    """(severity, shape without the pzsh namespace, focus node without the id base) of every finding, in order."""
    return [(f.severity, f.shape.removeprefix(SHAPES), f.focus_node.removeprefix(ID)) for f in result.findings]


# ---- Every shape, on a small broken fixture: exactly the intended findings, nothing else -------------------------

CASES = {
    # fixture (= shape name): (shape set, expected findings)
    "UnitOfExactlyOne": ("structure", [(V, "UnitOfExactlyOne", "unidad/suelta")]),
    "UnitSameOrganizationAsParent": ("structure", [(V, "UnitSameOrganizationAsParent", "unidad/a")]),
    "NoHierarchyCycle": ("structure", [(V, "NoHierarchyCycle", "unidad/a"), (V, "NoHierarchyCycle", "unidad/b")]),
    "PostInUnit": ("structure", [(V, "PostInUnit", "puesto/suelto")]),
    "MembershipMember": ("structure", [(V, "MembershipMember", "http://example.org/membresia")]),
    "MembershipOrganization": ("structure", [(V, "MembershipOrganization", "http://example.org/membresia")]),
    "MembershipRole": ("structure", [(V, "MembershipRole", "http://example.org/membresia")]),
    "SubOrganizationInverse": ("structure", [(V, "SubOrganizationInverse", "unidad/c")]),
    "PostInverse": ("structure", [(V, "PostInverse", "http://example.org/puesto-2")]),
    "SpanishPrefLabel": ("quality", [(V, "SpanishPrefLabel", "esquema/x")]),
    "EnglishPrefLabel": ("quality", [(V, "EnglishPrefLabel", "esquema/x")]),
    "OnePrefLabelPerLanguage": ("quality", [(V, "OnePrefLabelPerLanguage", "esquema/x")]),
    "NoPaddedStrings": ("quality", [(V, "NoPaddedStrings", "http://example.org/cosa")]),
    "DescriptionPresent": ("quality", [(W, "DescriptionPresent", "puesto/p")]),
    "ConceptInScheme": ("quality", [(V, "ConceptInScheme", "responsabilidad/r")]),
    "ProvenancePresent": ("quality", [(V, "ProvenancePresent", "puesto/p")]),
    "IriPattern": ("quality", [(V, "IriPattern", "http://example.org/conflicto"), (V, "IriPattern", "conflicto/Mal_Nombre")]),
    "FormalOrganizationIsPublicOrganisation": ("cpov", [(V, "FormalOrganizationIsPublicOrganisation", "organizacion/o")]),
    "UnitOfPublicOrganisation": ("cpov", [(V, "UnitOfPublicOrganisation", "unidad/u")]),
    "PublicOrganisationLabel": ("cpov", [(V, "PublicOrganisationLabel", "organizacion/o")]),
    "PublicOrganisationSpatial": ("cpov", [(V, "PublicOrganisationSpatial", "organizacion/o")]),
    "OrganHasOneType": ("compliance", [(W, "OrganHasOneType", "unidad/u"), (W, "OrganHasOneType", "unidad/v")]),
    "LineOrganUnderAltaDireccion": ("compliance", [(W, "LineOrganUnderAltaDireccion", "unidad/u")]),
    "MaxOrganizationalLevels": ("compliance", [(W, "MaxOrganizationalLevels", "unidad/u")]),
    "UnitDesignation": ("compliance", [(W, "UnitDesignation", "unidad/al")]),
    "GerenteDesignatedByAlcalde": ("compliance", [(V, "GerenteDesignatedByAlcalde", "unidad/gm")]),
    "GerenciaDependsOnConcejo": ("compliance", [(W, "GerenciaDependsOnConcejo", "unidad/gm")]),
    "JudicialDefenceOutsideProcuraduria": ("compliance", [(W, "JudicialDefenceOutsideProcuraduria", "unidad/al")]),
}

REQUIRED_ORGANS = {  # unit removed from municipio-completo.ttl: expected findings
    "concejo": [(W, "RequiresConcejoMunicipal", "organizacion/m")],
    "alcaldia": [(V, "GerenteDesignatedByAlcalde", "unidad/gm"), (W, "RequiresAlcaldia", "organizacion/m")],
    "gm": [(W, "RequiresGerenciaMunicipal", "organizacion/m"), (W, "LineOrganUnderAltaDireccion", "unidad/gds")],
    "oci": [(W, "RequiresOrganoDeControlInstitucional", "organizacion/m")],
    "procuraduria": [(W, "RequiresProcuraduriaPublicaMunicipal", "organizacion/m")],
    "ccld": [(W, "RequiresConsejoCoordinacionLocalDistrital", "organizacion/m")],
    "jdv": [(W, "RequiresJuntaDelegadosVecinales", "organizacion/m")],
}


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_each_shape_fires_exactly_on_its_fixture(fixture):
    shape_set, expected = CASES[fixture]
    result = validate(load_graph([FIXTURES / f"{fixture}.ttl"]), [shape_set])
    assert findings_of(result) == expected
    assert all(f.shape_set == shape_set and f.message for f in result.findings)


def test_complete_municipality_has_no_compliance_finding():
    assert validate(load_graph([FIXTURES / "municipio-completo.ttl"]), ["compliance"]).findings == ()


@pytest.mark.parametrize("organ", sorted(REQUIRED_ORGANS))
def test_each_missing_organ_is_found(organ, tmp_path):
    removed = ox.NamedNode(f"{ID}unidad/{organ}")
    triples = [t for t in ox.parse(path=FIXTURES / "municipio-completo.ttl", format=ox.RdfFormat.TURTLE)
               if removed not in (t.subject, t.object)]
    path = tmp_path / f"sin-{organ}.nt"
    ox.serialize(triples, path, format=ox.RdfFormat.N_TRIPLES)
    assert findings_of(validate(load_graph([path]), ["compliance"])) == REQUIRED_ORGANS[organ]


def test_every_shape_has_a_fixture():
    """Every shape that can produce a result (not a mere holder of sh:property) is covered above."""
    shapes = read_rdflib(sorted((Path(__file__).resolve().parent.parent / "shapes").glob("*.ttl")))
    rows = shapes.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT DISTINCT ?shape WHERE {
          ?shape a ?kind . VALUES ?kind { sh:NodeShape sh:PropertyShape }
          ?shape ?p ?o . FILTER (?p NOT IN (rdf:type, sh:property, sh:targetClass, rdfs:comment))
        }""")
    defined = {str(row.shape).removeprefix(SHAPES) for row in rows}
    covered = {shape for _, expected in CASES.values() for _, shape, _ in expected}
    covered |= {shape for expected in REQUIRED_ORGANS.values() for _, shape, _ in expected}
    assert defined == covered


def test_compliance_shapes_carry_citation_status_remedy_and_messages():
    shapes = read_rdflib([Path(__file__).resolve().parent.parent / "shapes" / "compliance.ttl"])
    rows = list(shapes.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        PREFIX pzo: <https://w3id.org/pozuzo-kg/ontologia#>
        SELECT ?shape ?severity ?status ?basis ?remedy ?comment ?message WHERE {
          ?shape a ?kind . VALUES ?kind { sh:NodeShape sh:PropertyShape }
          ?shape sh:severity ?severity ; pzo:ruleStatus ?status ; pzo:legalBasis ?basis ; pzo:remedy ?remedy ;
                 rdfs:comment ?comment ; sh:message ?message .
        }""" ))
    assert len({row.shape for row in rows}) == 14
    # the message sits on the shape itself (SHACL engines template it for SPARQL constraints too), not on sh:sparql
    assert not list(shapes.query("PREFIX sh: <http://www.w3.org/ns/shacl#> ASK { ?s sh:sparql/sh:message ?m }"))[0]
    for shape in {row.shape for row in rows}:  # a message and a remedy in Spanish and one in English
        assert sorted(m.language for m in shapes.objects(shape, rdflib.URIRef("http://www.w3.org/ns/shacl#message"))) \
            == ["en", "es"], shape
        assert sorted(r.language for r in shapes.objects(shape, rdflib.URIRef(
            "https://w3id.org/pozuzo-kg/ontologia#remedy"))) == ["en", "es"], shape
    for row in rows:
        assert row.comment.language == "en"
        assert str(row.status) in ("confirmada", "por confirmar")
        if str(row.status) == "por confirmar":  # RULES.md: an unconfirmed rule is never a Violation
            assert row.severity.endswith("Warning"), row.shape


# ---- The audit of Pozuzo's own data -------------------------------------------------------------------------------

POZUZO_FINDINGS = [
    (W, "RequiresConsejoCoordinacionLocalDistrital", "organizacion/mdp"),
    (W, "RequiresOrganoDeControlInstitucional", "organizacion/mdp"),
    (W, "RequiresJuntaDelegadosVecinales", "organizacion/mdp"),
    (W, "RequiresProcuraduriaPublicaMunicipal", "organizacion/mdp"),
    (W, "UnitDesignation", "unidad/al"),
    (W, "JudicialDefenceOutsideProcuraduria", "unidad/al"),
    (W, "GerenciaDependsOnConcejo", "unidad/gm"),
]


@pytest.fixture(scope="module")
def pozuzo_result(kg):
    return validate(kg)


def test_pozuzo_findings_exactly(pozuzo_result):
    assert pozuzo_result.shape_sets == ("compliance", "cpov", "quality", "structure")
    assert findings_of(pozuzo_result) == POZUZO_FINDINGS
    assert pozuzo_result.passed() and not pozuzo_result.passed(strict=True) and not pozuzo_result.conforms
    assert pozuzo_result.violations == () and len(pozuzo_result.warnings) == 7


def test_pozuzo_findings_cite_claims_and_articles(pozuzo_result):
    by_shape = {f.shape.removeprefix(SHAPES): f for f in pozuzo_result.findings}
    tension = by_shape["GerenciaDependsOnConcejo"]
    assert tension.focus_label == "Gerencia Municipal" and tension.value == f"{ID}unidad/concejo"
    assert "afirmacion:gm-depende-concejo, 002_8b167db4ead62e6c.txt, línea 2" in tension.message
    assert (tension.legal_basis, tension.rule_status) == ("Ley 27972, art. 27", "confirmada")
    defence = by_shape["JudicialDefenceOutsideProcuraduria"]
    assert defence.value == f"{ID}responsabilidad/defensa-judicial"
    assert "afirmacion:al-responsabilidad-defensa-judicial, 000_b36cf66eb0458a2d.txt, línea 7" in defence.message
    assert defence.legal_basis == "Ley 27972, art. 29" and defence.remedy.startswith("Asignar")
    oci = by_shape["RequiresOrganoDeControlInstitucional"]
    assert oci.message.startswith("No figura en las fuentes") and oci.focus_label == "Municipalidad Distrital de Pozuzo"


def test_readme_lists_exactly_the_current_findings(pozuzo_result):
    """README "For auditors": the table of current findings is the table report's rows, with the printed basis."""
    from pozuzo_kg.i18n import published_translator
    from pozuzo_kg.reports.summary import citation, compact, severity_label

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For auditors: validation", 1)[1].split("\n## ", 1)[0]
    table = section.split("| severity | node | shape (`pzsh:`) | finding | legal basis |", 1)[1].split("\n\n", 1)[0]
    rows = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in table.strip().splitlines()[1:]]
    spanish = published_translator()
    expected = [[severity_label(f.severity, spanish), f"{f.focus_label} (`{compact(f.focus_node)}`)",
                 f"`{f.shape.removeprefix(SHAPES)}`", citation(f, spanish)] for f in pozuzo_result.findings]
    assert [[row[0], row[1], row[2], row[4]] for row in rows] == expected



def test_readme_documents_the_json_fields_and_the_no_organization_note():
    from dataclasses import fields

    from pozuzo_kg.reports import render
    from pozuzo_kg.validation import Finding

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = " ".join(readme.split("## For auditors: validation", 1)[1].split("\n## ", 1)[0].split())
    result = validate(load_graph([FIXTURES / "sin-organizacion.ttl"]))
    keys = list(json.loads(render(result, "json"))) + [field.name for field in fields(Finding)]
    assert [key for key in keys if f"`{key}`" not in section] == []
    assert len(result.notes) == 1 and f'"{result.notes[0]}"' in section


def test_validation_leaves_the_graph_untouched(kg, pozuzo_result):
    assert kg.data_size() == 4153 and kg.ontology_size() == 717
    assert len(pozuzo_result.report_graph) > 0


def test_pozuzo_report_messages_are_spanish_and_english_and_deterministic(kg, pozuzo_result):
    """Every result of the report has its message @es and @en (filled-in {?var} templates keep their language);
    the findings carry the Spanish ones, or the English ones when validated for an English reader, in one order."""
    from pozuzo_kg.reports import render

    text = render(pozuzo_result, "turtle")
    report = rdflib.Graph().parse(data=text, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    results = list(report.objects(None, sh.result))
    assert len(results) == 7
    assert all(sorted(m.language for m in report.objects(r, sh.resultMessage)) == ["en", "es"] for r in results)
    messages = {m.language: set() for m in report.objects(None, sh.resultMessage)}
    for message in report.objects(None, sh.resultMessage):
        messages[message.language].add(str(message))
    assert len(list(report.subjects(rdflib.RDF.type, sh.ValidationReport))) == 1
    assert {f.message for f in pozuzo_result.findings} == messages["es"]
    english = validate(kg, language="en")
    assert {f.message for f in english.findings} == messages["en"]
    assert [(f.focus_node, f.shape) for f in english.findings] == [(f.focus_node, f.shape) for f in pozuzo_result.findings]
    assert english.findings[4].message == "The name «Asesoría Legal» does not start with Gerencia, Subgerencia, Oficina or Unidad."
    assert english.findings[4].remedy.startswith("Use an allowed name (Gerencia, Subgerencia, Oficina, Unidad)")
    assert render(validate(kg), "turtle") == text == render(english, "turtle")


def test_message_languages_from_templates_without_touching_pyshacls_report():
    """A filled-in message gets the language of the sh:message it came from (shape or SPARQL constraint, any
    language); a message that matches no template stays untagged; pySHACL's own report graph is left as it was."""
    shapes = rdflib.Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetNode ex:a ;
            sh:message "Nodo {?this} con {$value}"@es, "Node {?this} with {$value}"@en ;
            sh:sparql [ sh:select "SELECT $this ?value WHERE { $this <http://example.org/p> ?value }" ] .
        ex:T a sh:NodeShape ; sh:targetNode ex:a ;
            sh:sparql [ sh:message "Restricción: {?value}"@es ;
                        sh:select "SELECT $this ?value WHERE { $this <http://example.org/p> ?value }" ] .
        ex:U a sh:NodeShape ; sh:targetNode ex:a ; sh:message "Sin idioma: {?value}" ;
            sh:sparql [ sh:select "SELECT $this ?value WHERE { $this <http://example.org/p> ?value }" ] .""")
    data = rdflib.Graph().parse(data="<http://example.org/a> <http://example.org/p> 1 .", format="turtle")
    _, report = run_pyshacl(data, shapes, None)
    before = set(report)
    fixed = with_message_languages(report, shapes)
    sh_message = rdflib.URIRef("http://www.w3.org/ns/shacl#resultMessage")
    assert sorted((str(m), m.language) for m in fixed.objects(None, sh_message)) == [
        ("Node http://example.org/a with 1", "en"), ("Nodo http://example.org/a con 1", "es"),
        ("Restricción: 1", "es"), ("Sin idioma: 1", None)]
    assert set(report) == before and {m.language for m in report.objects(None, sh_message)} == {None}
    assert len(fixed) == len(report)


def test_findings_on_blank_nodes_are_the_same_on_every_load():
    """Each load gives blank nodes new ids; the findings (ids, order, JSON) must not change with them."""
    from pozuzo_kg.reports import render

    runs = [validate(load_graph([FIXTURES / "blank-nodes.ttl"])) for _ in range(2)]
    assert render(runs[0], "json") == render(runs[1], "json")
    labelled = {f.focus_label for f in runs[0].findings if f.focus_node.startswith("_:")}
    assert labelled == {"Municipalidad sin IRI", "Oficina sin IRI", None}
    assert ("Warning", "RequiresConcejoMunicipal") in {(f.severity, f.shape.removeprefix(SHAPES)) for f in runs[0].findings}


def test_validation_leaves_a_graph_with_blank_nodes_untouched():
    graph = load_graph([FIXTURES / "blank-nodes.ttl"])
    before = graph.to_ntriples("all")
    validate(graph)
    assert graph.to_ntriples("all") == before and graph.data_size() == 7


# ---- CPOV-AP 2.1.2: the official shapes, with focus nodes that really exist -----------------------------------------

def test_the_official_cpov_shapes_ship_with_the_package_unchanged():
    from conftest import SHARED

    assert official_cpov_shapes().read_bytes() == (SHARED / "standards" / "cpov-2.1.2" /
                                                   "core-public-organisation-ap-SHACL.ttl").read_bytes()


def test_pozuzo_conforms_to_official_cpov_shapes(kg):
    result = validate(kg, ["cpov"])
    assert result.conforms and result.notes == ()
    from conftest import select
    assert [r["o"] for r in select(kg, "SELECT ?o WHERE { ?o a cv:PublicOrganisation }")] == [f"{ID}organizacion/mdp"]
    units = select(kg, "SELECT ?u WHERE { ?u a org:OrganizationalUnit ; org:unitOf organizacion:mdp }")
    assert len(units) == 8
    assert select(kg, "SELECT ?l WHERE { organizacion:mdp dcterms:spatial ?l . ?l a dcterms:Location }") == [
        {"l": "https://w3id.org/pozuzo-kg/id/lugar/190305"}]
    # sh:uniqueLang of the official shapes applies to the organisation's descriptions and altLabels: one @es each
    assert len(select(kg, "SELECT ?d WHERE { organizacion:mdp dcterms:description ?d }")) == 1


def test_official_cpov_shapes_are_applied():
    result = validate(load_graph([FIXTURES / "CpovOfficialUniqueLang.ttl"]), ["cpov"])
    assert [(f.severity, f.shape.startswith(CPOV_OFFICIAL + "PublicOrganisationShape/"), f.path, f.shape_set)
            for f in result.findings] == [(V, True, "http://purl.org/dc/terms/description", "cpov")]


def test_without_official_cpov_shapes_says_so(kg, monkeypatch):
    monkeypatch.setattr("pozuzo_kg.validation.official_cpov_shapes", lambda: None)
    result = validate(kg, ["cpov"])
    assert result.conforms and len(result.notes) == 1 and "solo con shapes/cpov.ttl" in result.notes[0]


# ---- Errors ---------------------------------------------------------------------------------------------------------

def test_shape_set_names_and_unknown_set():
    assert shape_set_names() == ["compliance", "cpov", "quality", "structure"]
    with pytest.raises(UsageError, match=r"^conjunto de formas desconocido 'nope'; elija entre compliance, cpov, quality, structure$"):
        validate(load_graph(), ["nope"])


def test_malformed_shapes_file_names_file_and_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "shapes").mkdir()
    bad = tmp_path / "shapes" / "structure.ttl"
    bad.write_text((FIXTURES / "malformed.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr("pozuzo_kg.validation.resources.resource_dir", lambda name: tmp_path / name)
    with pytest.raises(InputError, match=rf"^{bad}:4:"):
        validate(load_graph(), ["structure"])
    assert main(["validate", "--shapes", "structure"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"pozuzo-kg: error: {bad}:4:") and err.count("\n") == 1


def test_malformed_data_file_exits_2_with_one_line():
    bad = FIXTURES / "malformed.ttl"
    done = subprocess.run([sys.executable, "-m", "pozuzo_kg", "validate", str(bad)], capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"pozuzo-kg: error: {bad}:4:") and done.stderr.count("\n") == 1


# ---- The command --------------------------------------------------------------------------------------------------

def test_cli_exit_0_on_pozuzo_with_warnings(capsys):
    assert main(["validate", "--shapes", "compliance"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Municipalidad Distrital de Pozuzo (organizacion:mdp)\n  [Advertencia] No figura en las fuentes")
    assert out.rstrip().endswith("0 infracciones, 7 advertencias; conjuntos de formas: cumplimiento legal (compliance).")


def test_cli_strict_fails_on_warnings(capsys):
    assert main(["validate", "--shapes", "compliance", "--strict", "-f", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["counts"] == {"Violation": 0, "Warning": 7, "Info": 0}
    assert (document["passed"], document["passed_strict"]) == (True, False)  # the script can tell both exits apart


def test_cli_exit_1_on_violation(capsys):
    assert main(["validate", str(FIXTURES / "UnitOfExactlyOne.ttl"), "--shapes", "structure", "-f", "table"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Severidad", "Conjunto", "Forma", "Nodo", "Ruta", "Mensaje"]
    assert lines[2].split()[:6] == ["Infracción", "estructura", "(structure)", "pzsh:UnitOfExactlyOne", "unidad:suelta",
                                    "org:unitOf"]


def test_cli_exit_2_on_unknown_shape_set(capsys):
    assert main(["validate", "--shapes", "compliance,nada"]) == 2
    assert capsys.readouterr().err == (
        "pozuzo-kg: error: conjunto de formas desconocido 'nada'; elija entre compliance, cpov, quality, structure\n")


@pytest.mark.parametrize("fmt, start", [("human", "Municipalidad"), ("table", "Severidad"), ("turtle", "@prefix"),
                                        ("json", "{"), ("markdown", "# Informe"), ("html", "<!DOCTYPE html>")])
def test_cli_formats(fmt, start, capsys):
    assert main(["validate", "--shapes", "compliance", "-f", fmt]) == 0
    assert capsys.readouterr().out.startswith(start)


def test_cli_output_file(tmp_path, capsys):
    target = tmp_path / "informe.md"
    assert main(["validate", "--shapes", "compliance", "-f", "markdown", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert "| Advertencia | 7 |" in target.read_text(encoding="utf-8")


# ---- The W3C SHACL test suite, through the same entry point --------------------------------------------------------

KNOWN_FAILURES = {
    "sparql/pre-binding/shapesGraph-001.ttl": "$shapesGraph is not supported (pySHACL neither, so the dispatcher "
                                              "sends it there and it refuses the shapes)",
}
MIN_PASSES = {"core/complex": 2, "core/misc": 5, "core/node": 32, "core/path": 13, "core/property": 38,
              "core/targets": 7, "core/validation-reports": 1, "sparql/component": 3, "sparql/node": 4,
              "sparql/property": 1, "sparql/pre-binding": 13}
needs_w3c = pytest.mark.skipif(not W3C_SHACL.is_file(), reason="../shared/standards/w3c-tests/shacl/ not present")


@needs_w3c
def test_w3c_shacl_suite_pass_counts(reliability_figures):
    outcomes = run_shacl_test_suite(W3C_SHACL)
    passed, total = Counter(o.section for o in outcomes if o.passed), Counter(o.section for o in outcomes)
    print("\nW3C SHACL test suite through pozuzo_kg.validation:")
    for section in sorted(total):
        print(f"  {section:26} {passed[section]:3d} / {total[section]}")
    print(f"  {'total':26} {sum(passed.values()):3d} / {len(outcomes)}")
    reliability_figures("w3c_shacl", passed=sum(passed.values()), total=len(outcomes))
    assert {section: passed[section] for section in total} == MIN_PASSES
    failed = {o.test.split("/shacl/", 1)[1].split("#")[0].rsplit("/", 1)[0] + "/" + o.test.rsplit("/", 1)[1]
              for o in outcomes if not o.passed}
    assert failed == {name.removesuffix(".ttl") for name in KNOWN_FAILURES}
    # the dispatcher's routes: most entries entirely on the SPARQL engine; pySHACL for what it does not compile,
    # and for data the store would hold in another form ("4.0"^^xsd:decimal as "4", oxigraph/oxigraph#526)
    engines = Counter(o.engines for o in outcomes)
    print(f"  engines: {dict(sorted(engines.items()))}")
    assert engines == {"sparql": 98, "mixed": 18, "pyshacl": 4}


@needs_w3c
@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.xfail(reason=reason, strict=True))
                                  for name, reason in KNOWN_FAILURES.items()])
def test_w3c_known_failure(name):
    (outcome,) = run_shacl_test_suite(W3C_SHACL.parent / name)
    assert outcome.passed, outcome.reason


# ---- Files without the project's terms; owl:imports is never followed ----------------------------------------------

def test_data_without_organizations_conforms_with_a_note():
    result = validate(load_graph([FIXTURES / "sin-organizacion.ttl"]))
    assert result.findings == () and result.conforms
    assert result.notes[-1].startswith("los datos no tienen ninguna organización (org:FormalOrganization)")


def test_owl_imports_are_never_fetched(tmp_path, url_trap):
    base, requests = url_trap
    url = f"{base}/ontologia.ttl"
    text = (FIXTURES / "sin-organizacion.ttl").read_text(encoding="utf-8")
    data = tmp_path / "importa.ttl"
    data.write_text(text.replace("http://127.0.0.1:9/no-se-descarga.ttl", url), encoding="utf-8")
    assert url in data.read_text(encoding="utf-8")
    assert validate(load_graph([data])).findings == ()
    # the same file as the ontology graph: pySHACL would follow its owl:imports if asked to
    assert validate(load_graph([data], ontology=[data])).findings == ()
    assert requests == []
