"""CSV tables a spreadsheet user can open, and their CSV on the Web (CSVW) metadata ``tablas/csv-metadata.json``.

Files are UTF-8 **with a byte-order mark**: Excel (the spreadsheet most municipal offices use) reads a CSV
without BOM as Windows-1252 and garbles every accent ("Alcaldía" → "AlcaldÃ\xada"); LibreOffice, pandas
(``utf-8-sig``) and CSVW processors (the WHATWG UTF-8 decoder strips a leading BOM) read it either way.
Rows end with CRLF (RFC 4180); rows are sorted by identifier (functions by their order in the source);
cells holding several values separate them with :data:`SEPARATOR`, declared in the metadata.
"""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ..graph import KnowledgeGraph
from ..vocab import ID_BASE, PREFIXES, compact, parse_iri
from .model import Download
from .publisher import read_publisher
from .paths import SAFE_ID

FOLDER = "tablas"
METADATA_FILE = f"{FOLDER}/csv-metadata.json"
SEPARATOR = " | "
_BOM = "\ufeff"


@dataclass(frozen=True)
class Column:
    """One CSV column: machine ``name``, Spanish header ``title``, CSVW datatype and RDF property (if any)."""

    name: str
    title: str
    datatype: str = "string"
    property: str | None = None
    value_url: str | None = None
    lang: str | None = None
    multiple: bool = False
    required: bool = False


@dataclass(frozen=True)
class Table:
    """One CSV file: its rows come from ``rows(graph)`` as lists of cell texts, in column order."""

    name: str
    title: str
    kind: str
    columns: tuple[Column, ...]
    rows: Callable[[KnowledgeGraph], list[list[str]]]

    @property
    def path(self) -> str:
        return f"{FOLDER}/{self.name}.csv"


def _id(term: ox.NamedNode | ox.Literal | ox.BlankNode | None, kind: str | None = None) -> str:
    """The short id of a project IRI of ``kind`` (``unidad/gm`` → ``gm``), else the prefixed name, else the text."""
    if term is None:
        return ""
    if not isinstance(term, ox.NamedNode):
        return term.value
    resource = parse_iri(term.value)
    if kind and resource is not None and resource.kind == kind and resource.ubigeo:
        return resource.id
    return compact(term.value) or term.value


def _joined(values) -> str:
    return SEPARATOR.join(sorted(set(values)))


def _multi(graph: KnowledgeGraph, sparql: str, kind: str | None = None) -> dict[str, list[str]]:
    """``?s → [?v ...]`` for a two-variable SELECT."""
    found: dict[str, list[str]] = defaultdict(list)
    for row in graph.query(sparql):
        found[row["s"].value].append(_id(row["v"], kind))
    return found


def _label(graph: KnowledgeGraph, predicate: str, lang: str) -> dict[str, list[str]]:
    return _multi(graph, f'SELECT ?s ?v WHERE {{ ?s {predicate} ?v FILTER(LANGMATCHES(LANG(?v), "{lang}")) }}')


def _unit_rows(graph: KnowledgeGraph) -> list[list[str]]:
    units = sorted(row["s"].value for row in graph.query("SELECT ?s WHERE { ?s a org:OrganizationalUnit }"))
    name, name_en = _label(graph, "skos:prefLabel", "es"), _label(graph, "skos:prefLabel", "en")
    alt = _label(graph, "skos:altLabel", "es")
    organ_type = _multi(graph, 'SELECT ?s ?v WHERE { ?s a org:OrganizationalUnit ; org:classification/skos:prefLabel ?v '
                               'FILTER(LANGMATCHES(LANG(?v), "es")) }')
    parent = _multi(graph, "SELECT ?s ?v WHERE { ?s a org:OrganizationalUnit ; org:subOrganizationOf ?v }", "unidad")
    description = _label(graph, "dcterms:description", "es")
    return [[_id(ox.NamedNode(u), "unidad"), u, _joined(name[u]), _joined(name_en[u]), _joined(alt[u]),
             _joined(organ_type[u]), _joined(parent[u]), _joined(description[u])] for u in units]


def _post_rows(graph: KnowledgeGraph) -> list[list[str]]:
    posts = sorted(row["s"].value for row in graph.query("SELECT ?s WHERE { ?s a org:Post }"))
    name = _label(graph, "skos:prefLabel", "es")
    unit = _multi(graph, "SELECT ?s ?v WHERE { ?s a org:Post ; org:postIn ?v }", "unidad")
    role = _multi(graph, "SELECT ?s ?v WHERE { ?s a org:Post ; org:role ?v }")
    reports = _multi(graph, "SELECT ?s ?v WHERE { ?s a org:Post ; org:reportsTo ?v }", "puesto")
    designated = _multi(graph, "SELECT ?s ?v WHERE { ?s a org:Post ; pzo:designatedBy ?v }", "puesto")
    description = _label(graph, "dcterms:description", "es")
    return [[_id(ox.NamedNode(p), "puesto"), p, _joined(name[p]), _joined(unit[p]), _joined(role[p]), _joined(reports[p]),
             _joined(designated[p]), _joined(description[p])] for p in posts]


def _function_rows(graph: KnowledgeGraph) -> list[list[str]]:
    query = """SELECT ?s ?order WHERE { ?s a pzo:Function OPTIONAL { ?s pzo:order ?order } }"""
    functions = sorted(((int(r["order"].value) if r["order"] else 0, r["s"].value) for r in graph.query(query)))
    text, text_en = _label(graph, "skos:prefLabel", "es"), _label(graph, "skos:prefLabel", "en")
    unit = _multi(graph, "SELECT ?s ?v WHERE { ?v pzo:hasFunction ?s }", "unidad")
    return [[_id(ox.NamedNode(f), "funcion"), f, str(order) if order else "", _joined(unit[f]), _joined(text[f]),
             _joined(text_en[f])] for order, f in functions]


def _responsibility_rows(graph: KnowledgeGraph) -> list[list[str]]:
    items = sorted(row["s"].value for row in graph.query("SELECT ?s WHERE { ?s a pzo:Responsibility }"))
    name, name_en = _label(graph, "skos:prefLabel", "es"), _label(graph, "skos:prefLabel", "en")
    unit = _multi(graph, "SELECT ?s ?v WHERE { ?v pzo:hasResponsibility ?s }", "unidad")
    broader = _multi(graph, "SELECT ?s ?v WHERE { ?s a pzo:Responsibility ; skos:broader ?v }", "responsabilidad")
    return [[_id(ox.NamedNode(r), "responsabilidad"), r, _joined(name[r]), _joined(name_en[r]), _joined(unit[r]),
             _joined(broader[r])] for r in items]


def _source_rows(graph: KnowledgeGraph) -> list[list[str]]:
    query = """SELECT ?s ?v WHERE { ?s a ?class . ?class rdfs:subClassOf* pzo:Source ; rdfs:label ?v
                 FILTER(LANGMATCHES(LANG(?v), "es"))
                 FILTER NOT EXISTS { ?sub rdfs:subClassOf+ ?class . ?s a ?sub FILTER(?sub != ?class) } }"""
    kind = _multi(graph, query)
    identifier = _multi(graph, "SELECT ?s ?v WHERE { ?s dcterms:identifier ?v }")
    title = _label(graph, "dcterms:title", "es")
    description = _label(graph, "dcterms:description", "es")
    return [[_id(ox.NamedNode(s), "fuente"), s, _joined(kind[s]), _joined(identifier[s]), _joined(title[s]),
             _joined(description[s])] for s in sorted(kind)]


_CLAIM_QUERY = """
SELECT ?claim ?subject ?predicate ?object ?source ?file ?line ?article ?quote ?note WHERE {
  ?claim a pzo:Claim .
  OPTIONAL { ?claim rdf:subject ?subject } OPTIONAL { ?claim rdf:predicate ?predicate }
  OPTIONAL { ?claim rdf:object ?object } OPTIONAL { ?claim prov:wasDerivedFrom ?source }
  OPTIONAL { ?claim prov:wasDerivedFrom/dcterms:identifier ?file . ?claim prov:wasDerivedFrom/a pzo:InstitutionalDocument }
  OPTIONAL { ?claim pzo:sourceLine ?line } OPTIONAL { ?claim pzo:article ?article }
  OPTIONAL { ?claim pzo:quote ?quote } OPTIONAL { ?claim skos:note ?note }
}"""


def _claim_rows(graph: KnowledgeGraph) -> list[list[str]]:
    cells: dict[str, list[set[str]]] = defaultdict(lambda: [set() for _ in range(9)])
    kinds = (None, None, None, "fuente", None, None, None, None, None)
    names = ("subject", "predicate", "object", "source", "file", "line", "article", "quote", "note")
    for row in graph.query(_CLAIM_QUERY):
        for i, name in enumerate(names):
            if row[name] is not None:
                cells[row["claim"].value][i].add(_id(row[name], kinds[i]))
    return [[_id(ox.NamedNode(c), "afirmacion"), c, *(_joined(values) for values in cells[c])] for c in sorted(cells)]


_IRI = Column("iri", "IRI", "anyURI")
"""Every table's second column: the row's full IRI (the metadata derives it from ``id``, so it is not output)."""

TABLES: tuple[Table, ...] = (
    Table("unidades", "Unidades orgánicas", "unidad", (
        Column("id", "Identificador", required=True), _IRI,
        Column("nombre", "Nombre", property="skos:prefLabel", lang="es", required=True),
        Column("nombre_en", "Nombre en inglés", property="skos:prefLabel", lang="en"),
        Column("otras_denominaciones", "Otras denominaciones", property="skos:altLabel", lang="es", multiple=True),
        Column("tipo_de_organo", "Tipo de órgano", multiple=True),
        Column("depende_de", "Depende de", property="org:subOrganizationOf", value_url="unidad", multiple=True),
        Column("descripcion", "Descripción", property="dcterms:description", lang="es", multiple=True),
    ), _unit_rows),
    Table("puestos", "Puestos", "puesto", (
        Column("id", "Identificador", required=True), _IRI,
        Column("nombre", "Nombre", property="skos:prefLabel", lang="es", required=True),
        Column("unidad", "Unidad", property="org:postIn", value_url="unidad", multiple=True),
        Column("rol", "Rol", multiple=True),
        Column("reporta_a", "Reporta a", property="org:reportsTo", value_url="puesto", multiple=True),
        Column("designado_por", "Designado por", property="pzo:designatedBy", value_url="puesto", multiple=True),
        Column("descripcion", "Descripción", property="dcterms:description", lang="es", multiple=True),
    ), _post_rows),
    Table("funciones", "Funciones", "funcion", (
        Column("id", "Identificador", required=True), _IRI,
        Column("orden", "Orden", "integer", property="pzo:order"),
        Column("unidad", "Unidad", multiple=True),
        Column("texto", "Texto", property="skos:prefLabel", lang="es", required=True),
        Column("texto_en", "Texto en inglés", property="skos:prefLabel", lang="en"),
    ), _function_rows),
    Table("responsabilidades", "Responsabilidades", "responsabilidad", (
        Column("id", "Identificador", required=True), _IRI,
        Column("nombre", "Nombre", property="skos:prefLabel", lang="es", required=True),
        Column("nombre_en", "Nombre en inglés", property="skos:prefLabel", lang="en"),
        Column("unidades", "Unidades", multiple=True),
        Column("mas_amplia", "Responsabilidad más amplia", property="skos:broader", value_url="responsabilidad",
               multiple=True),
    ), _responsibility_rows),
    Table("fuentes", "Fuentes", "fuente", (
        Column("id", "Identificador", required=True), _IRI,
        Column("tipo", "Tipo", multiple=True),
        Column("identificador", "Identificador de la fuente", property="dcterms:identifier", multiple=True),
        Column("titulo", "Título", property="dcterms:title", lang="es"),
        Column("descripcion", "Descripción", property="dcterms:description", lang="es", multiple=True),
    ), _source_rows),
    Table("afirmaciones", "Afirmaciones de las fuentes", "afirmacion", (
        Column("id", "Identificador", required=True), _IRI,
        Column("sujeto", "Sujeto", multiple=True),
        Column("predicado", "Predicado", multiple=True),
        Column("objeto", "Objeto", multiple=True),
        Column("fuente", "Fuente", property="prov:wasDerivedFrom", value_url="fuente", multiple=True),
        Column("archivo", "Archivo fuente", multiple=True),
        Column("linea", "Línea", "integer", property="pzo:sourceLine"),
        Column("articulo", "Artículo", property="pzo:article"),
        Column("cita", "Cita textual", property="pzo:quote", lang="es", multiple=True),
        Column("nota", "Nota", property="skos:note", lang="es", multiple=True),
    ), _claim_rows),
)
"""The published tables, in the order people see them."""


def downloads() -> list[Download]:
    """The CSV files and their CSVW metadata, as offered for download."""
    files = [Download(t.path, f"Tabla: {t.title}", "text/csv", "CSV") for t in TABLES]
    return files + [Download(METADATA_FILE, "Metadatos CSVW de las tablas", "application/csvm+json", "JSON")]


def to_csv(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 CSV with BOM, a header of Spanish titles, CRLF line ends, minimal quoting."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.title for column in columns])
    writer.writerows(rows)
    return (_BOM + buffer.getvalue()).encode("utf-8")


def csvw_metadata(rows: Mapping[str, Sequence[Sequence[str]]], title: str, ubigeo: str | None) -> dict:
    """The CSVW table-group description of :data:`TABLES` (URLs relative to ``tablas/``), given each table's
    rows by table name: the metadata states only what holds for those rows (see :func:`_table_schema`);
    ``ubigeo`` is the municipality whose own resources the ids name (``None``: several or none)."""
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "es"}],
        "dc:title": title,
        "dc:license": {"@id": "https://creativecommons.org/licenses/by/4.0/"},
        "dialect": {"encoding": "utf-8", "lineTerminators": ["\r\n", "\n"], "header": True},
        "tables": [_table_schema(table, rows[table.name], ubigeo) for table in TABLES],
    }


def _table_schema(table: Table, rows: Sequence[Sequence[str]], ubigeo: str | None) -> dict:
    """One table's description. A column is ``required`` only if no row leaves it empty; a link column
    (``valueUrl``) keeps its RDF property only if each of its cells holds at most one project id, since CSVW
    expands a list cell into one single URL; rows are described by their project IRI (``aboutUrl``) only if
    every row is a resource of the municipality ``ubigeo``, else by the ``iri`` column, which is then output."""
    namespace = f"{ID_BASE}{ubigeo}/" if ubigeo else None
    own = bool(namespace) and all(row[1] == f"{namespace}{table.kind}/{row[0]}" and SAFE_ID.fullmatch(row[0])
                                  for row in rows)
    columns = []
    for index, column in enumerate(table.columns):
        cells = [row[index] for row in rows]
        described: dict[str, object] = {"name": column.name, "titles": column.title, "datatype": column.datatype}
        if column.required and all(cells):
            described["required"] = True
        if column.multiple:
            described["separator"] = SEPARATOR
        if column.lang:
            described["lang"] = column.lang
        linked = not column.value_url or bool(namespace) and all(SAFE_ID.fullmatch(cell) for cell in cells if cell)
        if column.property and linked:
            described["propertyUrl"] = PREFIXES[column.property.split(":")[0]] + column.property.split(":")[1]
        if column.value_url and linked:
            described["valueUrl"] = f"{namespace}{column.value_url}/{{{column.name}}}"
        if column.name == "iri" and own:
            described["suppressOutput"] = True
        columns.append(described)
    schema: dict[str, object] = {"columns": columns, "primaryKey": "id"}
    if own:
        schema["aboutUrl"] = f"{namespace}{table.kind}/{{id}}"
    return {"url": f"{table.name}.csv", "dc:title": table.title, "tableSchema": schema}


def build_tables(graph: KnowledgeGraph) -> dict[str, bytes]:
    """Every CSV file and ``tablas/csv-metadata.json``, by relative path."""
    rows = {table.name: table.rows(graph) for table in TABLES}
    files = {table.path: to_csv(table.columns, rows[table.name]) for table in TABLES}
    title = f"Grafo de conocimiento {read_publisher(graph).of_es}: tablas"
    ubigeo = graph.municipalities[0] if len(graph.municipalities) == 1 else None
    metadata = json.dumps(csvw_metadata(rows, title, ubigeo), ensure_ascii=False, indent=2) + "\n"
    files[METADATA_FILE] = metadata.encode("utf-8")
    return files
