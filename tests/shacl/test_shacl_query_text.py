"""SPARQL-based constraints read as tokens: what keeps a query off the engine, and the query that runs instead."""
import pytest

from pozuzo_kg.shacl.query_text import analyse, rewrite, tokenize

FOCUS = "{ SELECT DISTINCT ?this WHERE { ?this a <http://example.org/C> } }"


def test_tokens_keep_strings_iris_and_comments_apart():
    tokens = tokenize('SELECT $this # MINUS in a comment\nWHERE { $this <http://x/VALUES> "MINUS {" . }')
    assert [(t.kind, t.text) for t in tokens] == [
        ("name", "SELECT"), ("var", "$this"), ("name", "WHERE"), ("punct", "{"), ("var", "$this"),
        ("iri", "<http://x/VALUES>"), ("string", '"MINUS {"'), ("punct", "."), ("punct", "}")]
    assert tokenize("SELECT $this WHERE { ` }") is None


@pytest.mark.parametrize("query, reason", [
    ("SELECT $this WHERE { $this ?p ?o MINUS { $this a ?c } }", "MINUS in the query"),
    ("SELECT $this WHERE { VALUES ?o { 1 } $this ?p ?o }", "VALUES in the query"),
    ("SELECT $this WHERE { GRAPH ?g { $this ?p ?o } }", "GRAPH in the query"),
    ("SELECT $this WHERE { $this ?p ?o } LIMIT 1", "LIMIT or OFFSET (per focus node, not over all of them)"),
    ("SELECT $this WHERE { ?s ?p ?o BIND (?s AS ?this) }", "$this rebound with AS"),
    ("SELECT (COUNT(?o) AS ?n) WHERE { $this ?p ?o }", "aggregates not grouped by $this"),
    ("SELECT $this WHERE { { ?x ?p ?o FILTER (?x = $this) } }",
     "$this read in a FILTER or BIND of a nested group that does not bind it"),
    ("SELECT $this WHERE { $this ?p ?o { SELECT ?o WHERE { ?o ?q ?r } } }",
     "a sub-select that does not project every potentially pre-bound variable"),
    ("SELECT $this ?v WHERE { $this ?p ?o . ?o ?q $shapesGraph }", "$shapesGraph in the query"),
])
def test_what_keeps_a_query_off_the_engine(query, reason):
    assert analyse(query, frozenset({"currentShape"}), frozenset({"shapesGraph"})) == reason


def test_accepted_queries_where_this_is_bound_before_it_is_read():
    accepted = [
        "SELECT $this WHERE { FILTER NOT EXISTS { $this ?p ?o } }",
        "SELECT $this ?v WHERE { { $this ?p ?v FILTER (?v != $this) } UNION { $this ?q ?v } }",
        "SELECT $this ?n WHERE { { SELECT $this (COUNT(?o) AS ?n) WHERE { $this ?p ?o } GROUP BY $this } }",
        'SELECT $this WHERE { $this ?p "VALUES" } # MINUS',
    ]
    assert [type(analyse(query, frozenset())).__name__ for query in accepted] == ["Analysis"] * 4


def test_the_rewrite_binds_this_first_and_turns_a_not_exists_on_this_into_minus():
    query = ("SELECT $this WHERE {\n  $this ?p ?o .\n"
             "  FILTER NOT EXISTS { ?claim <http://x/subject> $this ; $PATH ?line }\n}")
    text = rewrite(analyse(query, frozenset()), {"ex": "http://example.org/"}, FOCUS, {"PATH": "(<http://x/line>)"},
                   ["param"])
    assert text == ("PREFIX ex: <http://example.org/>\n"
                    "SELECT DISTINCT $this ?param WHERE { " + FOCUS + " \n  $this ?p ?o .\n  \n"
                    " MINUS {  ?claim <http://x/subject> $this ; (<http://x/line>) ?line  } }")


def test_a_not_exists_sharing_other_variables_stays_a_filter():
    query = "SELECT $this ?v WHERE { $this ?p ?v FILTER NOT EXISTS { ?v ?q $this } }"
    text = rewrite(analyse(query, frozenset()), {}, FOCUS, {}, [])
    assert "MINUS" not in text and "FILTER NOT EXISTS { ?v ?q $this }" in text


def test_parameters_are_written_in_and_sub_selects_on_this_run_lateral():
    query = ("SELECT $this ?n WHERE { { SELECT $this $limit (COUNT(?o) AS ?n) WHERE { $this ?p ?o } "
             "GROUP BY $this $limit } FILTER (?n > $limit) }")
    analysis = analyse(query, frozenset({"limit"}))
    text = rewrite(analysis, {}, FOCUS, {"limit": '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'}, [])
    assert text == ("SELECT DISTINCT $this ?n WHERE { " + FOCUS + "  LATERAL { SELECT $this $limit (COUNT(?o) AS ?n) "
                    "WHERE { $this ?p ?o } GROUP BY $this $limit } "
                    'FILTER (?n > "3"^^<http://www.w3.org/2001/XMLSchema#integer>)  }')
