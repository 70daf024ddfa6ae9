"""The org chart, drawn from the graph: an SVG (laid out here, no Graphviz needed) and its DOT and Mermaid sources.

Every ``org:OrganizationalUnit`` is a box with its Spanish name, its organ type (``org:classification``: a
caption and a fill and border colour per type, explained in a legend with the types' Spanish labels) and its
posts (``org:postIn``). ``org:subOrganizationOf`` gives the lines. A line is *in conflict* when a
``pzo:Claim`` stating it is a ``pzo:conflictingClaim`` of some ``pzo:Conflict``: it is drawn dashed and red,
labelled with the sources that state it, and its tooltip names the conflict and quotes the sources.

Layout rule: layers by depth in a tree. A unit with several parents is drawn under the first of them, taking
lines not in conflict before lines in conflict, then the parent's Spanish name in alphabetical order (skipping
a parent that would close a cycle); its other lines are drawn straight and dashed. Leaves take consecutive
slots from left to right, siblings in alphabetical order, and each parent is centred over its children.
The output is the same bytes on every run: no clock, no random ids, every iteration sorted.
"""
from __future__ import annotations

import json
import re
import textwrap
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..graph import KnowledgeGraph
from ..vocab import ORG
from .paths import page_id, page_path
from ..provenance import Provenance, read_provenance

SUB_ORGANIZATION_OF = f"{ORG}subOrganizationOf"

_UNITS = """
SELECT ?unit ?label ?anyLabel ?type WHERE {
  ?unit a org:OrganizationalUnit .
  OPTIONAL { ?unit skos:prefLabel ?label FILTER(langMatches(lang(?label), "es")) }
  OPTIONAL { ?unit skos:prefLabel|rdfs:label ?anyLabel }
  OPTIONAL { ?unit org:classification ?type }
}
"""

_TYPES = """
SELECT DISTINCT ?type ?label ?notation WHERE {
  { ?type a pzo:OrganType } UNION { ?unit a org:OrganizationalUnit ; org:classification ?type }
  OPTIONAL { ?type skos:prefLabel ?label FILTER(langMatches(lang(?label), "es")) }
  OPTIONAL { ?type skos:notation ?notation }
}
"""

_POSTS = """
SELECT ?unit ?post ?label WHERE {
  ?post org:postIn ?unit . ?unit a org:OrganizationalUnit .
  OPTIONAL { ?post skos:prefLabel ?label FILTER(langMatches(lang(?label), "es")) }
}
"""

_LINES = """
SELECT ?child ?parent WHERE {
  ?child org:subOrganizationOf ?parent .
  ?child a org:OrganizationalUnit . ?parent a org:OrganizationalUnit .
}
"""

_ORGANIZATION = """
SELECT ?label WHERE {
  ?unit a org:OrganizationalUnit ; org:unitOf ?organization .
  ?organization skos:prefLabel ?label FILTER(langMatches(lang(?label), "es"))
}
"""

_PALETTE = (  # (fill, border) by position of the type in its scheme (skos:notation order)
    ("#dbe9f6", "#1f4e79"), ("#ede1f5", "#6a3d8f"), ("#e6e6e6", "#4d4d4d"), ("#fdebd3", "#9a5b00"),
    ("#e2f2df", "#2e7d32"), ("#fff5c2", "#7f6a00"), ("#d9f0ee", "#00695c"),
)
_UNTYPED = ("#ffffff", "#777777")
CONFLICT_COLOUR = "#c62828"
CONFLICT_DASH = "8 4"
EXTRA_COLOUR = "#555555"
EXTRA_DASH = "3 3"
LINE_COLOUR = "#444444"


@dataclass(frozen=True)
class OrganType:
    """An organ type as the chart shows it: Spanish label and colours."""

    iri: str
    label: str
    fill: str
    stroke: str


@dataclass(frozen=True)
class Unit:
    """A box of the chart."""

    iri: str
    label: str
    type: OrganType | None
    posts: tuple[str, ...]

    @property
    def page(self) -> str:
        return page_path("unidad", self.iri)


@dataclass(frozen=True)
class Line:
    """A reporting line (``child org:subOrganizationOf parent``) and what the sources say about it."""

    child: str
    parent: str
    in_tree: bool
    citations: tuple[str, ...]
    conflicts: tuple[str, ...]
    quotes: tuple[str, ...]

    @property
    def conflicting(self) -> bool:
        return bool(self.conflicts)


@dataclass(frozen=True)
class OrgChart:
    """What the chart shows, renderer-independent: units (alphabetical), lines, the legend's organ types."""

    title: str
    units: tuple[Unit, ...]
    lines: tuple[Line, ...]
    legend: tuple[OrganType, ...]

    def unit(self, iri: str) -> Unit:
        return next(u for u in self.units if u.iri == iri)

    def tree_children(self, iri: str) -> tuple[Unit, ...]:
        return tuple(self.unit(line.child) for line in self.lines if line.in_tree and line.parent == iri)

    def roots(self) -> tuple[Unit, ...]:
        placed = {line.child for line in self.lines if line.in_tree}
        return tuple(u for u in self.units if u.iri not in placed)


def build_orgchart(graph: KnowledgeGraph) -> dict[str, bytes]:
    """The org chart files of the bundle: ``organigrama.svg``, ``organigrama.dot``, ``organigrama.mmd``."""
    chart = read_orgchart(graph)
    return {
        "organigrama.svg": ('<?xml version="1.0" encoding="UTF-8"?>\n' + to_svg(chart)).encode(),
        "organigrama.dot": to_dot(chart).encode(),
        "organigrama.mmd": to_mermaid(chart).encode(),
    }


def read_orgchart(graph: KnowledgeGraph, provenance: Provenance | None = None) -> OrgChart:
    """Reads units, types, posts and reporting lines from ``graph`` and places each unit under one parent."""
    provenance = provenance or read_provenance(graph)
    types = _read_types(graph)
    labels: dict[str, set[str]] = {}
    fallback: dict[str, set[str]] = {}
    unit_types: dict[str, list[OrganType]] = {}
    for row in graph.query(_UNITS):
        iri = row["unit"].value
        labels.setdefault(iri, set()).update([row["label"].value] if row["label"] else [])
        fallback.setdefault(iri, set()).update([row["anyLabel"].value] if row["anyLabel"] else [])
        unit_types.setdefault(iri, []).extend([types[row["type"].value]] if row["type"] else [])
    posts: dict[str, set[str]] = {}
    for row in graph.query(_POSTS):
        posts.setdefault(row["unit"].value, set()).add(row["label"].value if row["label"] else _last_segment(row["post"].value))
    order = list(types)
    units = sorted(
        (Unit(iri=iri, label=min(labels[iri] or fallback[iri], default=_last_segment(iri)),
              type=min(unit_types[iri], key=lambda t: order.index(t.iri), default=None),
              posts=tuple(sorted(posts.get(iri, ()), key=sort_key)))
         for iri in labels),
        key=lambda u: (sort_key(u.label), u.iri),
    )
    by_iri = {u.iri: u for u in units}
    pairs = sorted({(row["child"].value, row["parent"].value) for row in graph.query(_LINES)})
    lines = _place(pairs, by_iri, provenance)
    used = {u.type.iri for u in units if u.type}
    organizations = sorted({row["label"].value for row in graph.query(_ORGANIZATION)})
    title = f"Organigrama — {organizations[0]}" if len(organizations) == 1 else "Organigrama"
    return OrgChart(title=title, units=tuple(units), lines=lines,
                    legend=tuple(t for t in types.values() if t.iri in used))


def sort_key(label: str) -> str:
    """Alphabetical order as Spanish readers expect it: case and accents ignored (Á with A)."""
    decomposed = unicodedata.normalize("NFD", label.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _read_types(graph: KnowledgeGraph) -> dict[str, OrganType]:
    """Organ types in scheme order (notation, then IRI), each with its palette colours."""
    found: dict[str, tuple[set[str], set[str]]] = {}
    for row in graph.query(_TYPES):
        labels, notations = found.setdefault(row["type"].value, (set(), set()))
        labels.update([row["label"].value] if row["label"] else [])
        notations.update([row["notation"].value] if row["notation"] else [])
    ordered = sorted(found, key=lambda iri: (min(found[iri][1], default="\uffff"), iri))
    return {
        iri: OrganType(iri=iri, label=min(found[iri][0], default=_last_segment(iri)),
                       fill=_PALETTE[i % len(_PALETTE)][0], stroke=_PALETTE[i % len(_PALETTE)][1])
        for i, iri in enumerate(ordered)
    }


def _place(pairs: list[tuple[str, str]], units: dict[str, Unit], provenance: Provenance) -> tuple[Line, ...]:
    """Each reporting line with its sources and conflicts; marks the one line per unit that places it."""
    facts = {}
    for child, parent in pairs:
        claims = provenance.stating(child, SUB_ORGANIZATION_OF, parent)
        conflicts = sorted({c.label for claim in claims for c in provenance.conflicts_of(claim)})
        facts[child, parent] = (tuple(sorted({c.citation for c in claims})), tuple(conflicts),
                                tuple(sorted({c.quote for c in claims if c.quote})))
    tree_parent: dict[str, str] = {}
    for child in sorted(units, key=lambda iri: (sort_key(units[iri].label), iri)):
        candidates = sorted((p for c, p in pairs if c == child),
                            key=lambda p: (bool(facts[child, p][1]), sort_key(units[p].label), p))
        for parent in candidates:
            ancestor: str | None = parent
            while ancestor is not None and ancestor != child:
                ancestor = tree_parent.get(ancestor)
            if ancestor is None:
                tree_parent[child] = parent
                break
    return tuple(Line(child, parent, tree_parent.get(child) == parent, *facts[child, parent]) for child, parent in pairs)


def _last_segment(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def line_label(line: Line) -> str:
    """The text written along a line in conflict: the sources that state it."""
    return "según " + "; ".join(line.citations) if line.citations else "sin fuente indicada"


def line_tooltip(chart: OrgChart, line: Line) -> str:
    """The line's tooltip: who depends on whom, per which sources, and the conflicts it takes part in."""
    text = f"{chart.unit(line.child).label} depende de {chart.unit(line.parent).label}"
    if line.conflicting:
        text += f". En discrepancia entre fuentes: {'; '.join(line.conflicts)}"
    text += f". Fuente: {'; '.join(line.citations)}" if line.citations else ". Sin fuente indicada"
    return text + "".join(f". Cita: «{quote}»" for quote in line.quotes)


def unit_tooltip(unit: Unit) -> str:
    """The box's tooltip: name, organ type and posts."""
    parts = [unit.label, f"Tipo de órgano: {unit.type.label}" if unit.type else "Tipo de órgano: sin clasificar"]
    return ". ".join(parts + [f"Puesto: {post}" for post in unit.posts])


# ---- SVG ---------------------------------------------------------------------------------------------

_BOX_W, _H_GAP, _V_GAP, _MARGIN, _TOP = 210, 30, 80, 20, 60
_WRAP_NAME, _WRAP_POST = 25, 30
_CAPTION_H, _NAME_H, _POST_H, _PAD = 14, 16, 15, 8


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    h: float
    caption: str
    name: tuple[str, ...]
    posts: tuple[str, ...]

    @property
    def cx(self) -> float:
        return self.x + _BOX_W / 2


_Placement = tuple[dict[str, tuple[float, int]], dict[int, tuple[float, float]]]
"""(slot, depth) of each box of a subtree, and its contour: (leftmost, rightmost) slot at each depth."""


def _layout(chart: OrgChart) -> dict[str, _Box]:
    """Positions of the boxes: depth in the tree gives the layer; subtrees packed left to right, neighbours one
    slot apart at every depth they share, each parent centred over its first and last child."""
    positions, _ = _pack([_subtree(chart, root) for root in chart.roots()])
    left = min((x for x, _ in positions.values()), default=0)
    texts = {
        u.iri: (u.type.label if u.type else "Sin clasificar",
                _wrapped(u.label),
                tuple(line for post in u.posts for line in textwrap.wrap(f"Puesto: {post}", _WRAP_POST)))
        for u in chart.units
    }
    heights = {iri: _PAD * 2 + _CAPTION_H + _NAME_H * len(name) + (_POST_H * len(posts) + 6 if posts else 0)
               for iri, (_, name, posts) in texts.items()}
    layer_h: dict[int, float] = {}
    for iri, (_, level) in positions.items():
        layer_h[level] = max(layer_h.get(level, 0), heights[iri])
    layer_y = {0: float(_TOP)}
    for level in range(1, max(layer_h, default=0) + 1):
        layer_y[level] = layer_y[level - 1] + layer_h[level - 1] + _V_GAP
    return {iri: _Box(_MARGIN + (x - left) * (_BOX_W + _H_GAP), layer_y[level], heights[iri], *texts[iri])
            for iri, (x, level) in positions.items()}


def _wrapped(label: str) -> tuple[str, ...]:
    """A unit's name in lines short enough for its box (the same breaks in SVG, DOT and Mermaid)."""
    return tuple(textwrap.wrap(label, _WRAP_NAME)) or ("",)


def _subtree(chart: OrgChart, unit: Unit) -> _Placement:
    """The placement of ``unit`` over its packed children (depth 0 is ``unit``)."""
    children = chart.tree_children(unit.iri)
    below, below_contour = _pack([_subtree(chart, child) for child in children])
    positions = {iri: (x, level + 1) for iri, (x, level) in below.items()}
    contour = {d + 1: extent for d, extent in below_contour.items()}
    x = (positions[children[0].iri][0] + positions[children[-1].iri][0]) / 2 if children else 0.0
    positions[unit.iri] = (x, 0)
    contour[0] = (x, x)
    return positions, contour


def _pack(placements: list[_Placement]) -> _Placement:
    """Places subtrees side by side, each as far left as the ones before it allow at every shared depth."""
    positions: dict[str, tuple[float, int]] = {}
    contour: dict[int, tuple[float, float]] = {}
    for sub_positions, sub_contour in placements:
        offset = max((contour[d][1] + 1 - low for d, (low, _) in sub_contour.items() if d in contour), default=0)
        positions.update({iri: (x + offset, level) for iri, (x, level) in sub_positions.items()})
        for d, (low, high) in sub_contour.items():
            old = contour.get(d, (low + offset, high + offset))
            contour[d] = (min(old[0], low + offset), max(old[1], high + offset))
    return positions, contour


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): _n(v) if isinstance(v, (int, float)) else str(v)
                                          for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def to_svg(chart: OrgChart) -> str:
    """The chart as a standalone ``<svg>`` element (no XML declaration), with a viewBox and ``<title>``s."""
    boxes = _layout(chart)
    width = max([b.x + _BOX_W + _MARGIN for b in boxes.values()] + [900])
    chart_bottom = max([b.y + b.h for b in boxes.values()] + [_TOP])
    legend_rows = max(len(chart.legend), len(_line_kinds(chart)))
    height = chart_bottom + 50 + 24 * (legend_rows + 1)
    svg = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {_n(width)} {_n(height)}",
                             "width": _n(width), "height": _n(height), "font-family": "sans-serif"})
    _el(svg, "title", chart.title)
    conflicting = sum(1 for line in chart.lines if line.conflicting)
    _el(svg, "desc", f"{len(chart.units)} unidades orgánicas y {len(chart.lines)} líneas de dependencia, "
                     f"{conflicting} de ellas en discrepancia entre fuentes.")
    _el(svg, "rect", x=0, y=0, width=width, height=height, fill="#ffffff")
    _el(svg, "text", chart.title, x=_MARGIN, y=32, font_size=18, font_weight="bold", fill="#222222")
    edges = _el(svg, "g", class_="lineas")
    labels: list[tuple[float, float, float, float]] = []
    for line in sorted(chart.lines, key=lambda l: (l.conflicting, not l.in_tree, l.child, l.parent)):
        _draw_line(edges, chart, line, boxes, labels)
    units = _el(svg, "g", class_="unidades")
    for unit in chart.units:
        _draw_unit(units, unit, boxes[unit.iri])
    _draw_legend(svg, chart, chart_bottom + 40)
    ET.indent(svg, space=" ")
    return ET.tostring(svg, encoding="unicode") + "\n"


def _draw_unit(parent: ET.Element, unit: Unit, box: _Box) -> None:
    fill, stroke = (unit.type.fill, unit.type.stroke) if unit.type else _UNTYPED
    link = _el(parent, "a", href=unit.page)
    group = _el(link, "g", class_="unidad")
    _el(group, "title", unit_tooltip(unit))
    _el(group, "rect", x=box.x, y=box.y, width=_BOX_W, height=box.h, rx=6, fill=fill, stroke=stroke,
        stroke_width=2 if unit.type else 1)
    y = box.y + _PAD + 10
    _el(group, "text", box.caption, x=box.cx, y=y, text_anchor="middle", font_size=10, fill=stroke)
    for text in box.name:
        y += _NAME_H
        _el(group, "text", text, x=box.cx, y=y, text_anchor="middle", font_size=13, font_weight="bold", fill="#111111")
    if box.posts:
        y += 6
        _el(group, "line", x1=box.x + 12, y1=y - 2, x2=box.x + _BOX_W - 12, y2=y - 2, stroke=stroke, stroke_width=0.5)
    for text in box.posts:
        y += _POST_H
        _el(group, "text", text, x=box.cx, y=y, text_anchor="middle", font_size=12, font_style="italic", fill="#222222")


def _draw_line(parent: ET.Element, chart: OrgChart, line: Line, boxes: dict[str, _Box],
               labels: list[tuple[float, float, float, float]]) -> None:
    up, down = boxes[line.parent], boxes[line.child]
    kind = "en-conflicto" if line.conflicting else "arbol" if line.in_tree else "adicional"
    group = _el(parent, "g", class_=f"linea {kind}")
    _el(group, "title", line_tooltip(chart, line))
    if kind == "arbol":
        mid = down.y - _V_GAP / 2
        _el(group, "path", d=f"M{_n(up.cx)},{_n(up.y + up.h)} V{_n(mid)} H{_n(down.cx)} V{_n(down.y)}",
            fill="none", stroke=LINE_COLOUR, stroke_width=1.5)
        return
    if up.y + up.h <= down.y:
        x1, y1, x2, y2 = up.cx, up.y + up.h, down.cx, down.y
    elif down.y + down.h <= up.y:
        x1, y1, x2, y2 = up.cx, up.y, down.cx, down.y + down.h
    else:
        x1, y1 = (up.x, up.y + up.h / 2) if up.x > down.x else (up.x + _BOX_W, up.y + up.h / 2)
        x2, y2 = (down.x + _BOX_W, down.y + down.h / 2) if up.x > down.x else (down.x, down.y + down.h / 2)
    colour, dash = (CONFLICT_COLOUR, CONFLICT_DASH) if line.conflicting else (EXTRA_COLOUR, EXTRA_DASH)
    _el(group, "path", d=f"M{_n(x1)},{_n(y1)} L{_n(x2)},{_n(y2)}", fill="none", stroke=colour,
        stroke_width=2 if line.conflicting else 1.5, stroke_dasharray=dash)
    if line.conflicting:
        text = line_label(line)
        w = len(text) * 6.1 + 10
        mx, my = _label_spot(x1, y1, x2, y2, w, labels)
        _el(group, "rect", x=mx - w / 2, y=my - 10, width=w, height=18, rx=3, fill="#ffffff", fill_opacity=0.92,
            stroke=colour, stroke_width=0.5)
        _el(group, "text", text, x=mx, y=my + 3, text_anchor="middle", font_size=11, fill=colour)


def _label_spot(x1: float, y1: float, x2: float, y2: float, width: float,
                labels: list[tuple[float, float, float, float]]) -> tuple[float, float]:
    """The centre of a line's label: the first point along it (middle first) where it overlaps no other label."""
    spots = [(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t) for t in (0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6)]
    for x, y in spots:
        box = (x - width / 2, y - 10, x + width / 2, y + 8)
        if not any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in labels):
            labels.append(box)
            return x, y
    labels.append((spots[0][0] - width / 2, spots[0][1] - 10, spots[0][0] + width / 2, spots[0][1] + 8))
    return spots[0]


def _line_kinds(chart: OrgChart) -> list[tuple[str, str, str, str]]:
    """The line styles the chart uses: (class, label, colour, dash)."""
    kinds = []
    if any(l.in_tree and not l.conflicting for l in chart.lines):
        kinds.append(("arbol", "Dependencia", LINE_COLOUR, ""))
    if any(l.conflicting for l in chart.lines):
        kinds.append(("en-conflicto", "Dependencia en discrepancia entre fuentes (según la fuente indicada)",
                      CONFLICT_COLOUR, CONFLICT_DASH))
    if any(not l.in_tree and not l.conflicting for l in chart.lines):
        kinds.append(("adicional", "Otra dependencia de la misma unidad", EXTRA_COLOUR, EXTRA_DASH))
    return kinds


def _draw_legend(svg: ET.Element, chart: OrgChart, top: float) -> None:
    legend = _el(svg, "g", class_="leyenda")
    _el(legend, "title", "Leyenda")
    _el(legend, "text", "Leyenda", x=_MARGIN, y=top, font_size=13, font_weight="bold", fill="#222222")
    y = top
    for organ_type in chart.legend:
        y += 24
        _el(legend, "rect", x=_MARGIN, y=y - 12, width=28, height=16, rx=3, fill=organ_type.fill,
            stroke=organ_type.stroke, stroke_width=2)
        _el(legend, "text", f"Tipo de órgano: {organ_type.label}", x=_MARGIN + 38, y=y + 1, font_size=12, fill="#222222")
    y = top
    for _, label, colour, dash in _line_kinds(chart):
        y += 24
        attrs = {"stroke_dasharray": dash} if dash else {}
        _el(legend, "line", x1=_MARGIN + 340, y1=y - 4, x2=_MARGIN + 380, y2=y - 4, stroke=colour,
            stroke_width=2, **attrs)
        _el(legend, "text", label, x=_MARGIN + 390, y=y + 1, font_size=12, fill="#222222")


# ---- DOT and Mermaid -----------------------------------------------------------------------------------

def _node_ids(chart: OrgChart) -> dict[str, str]:
    """Stable node ids for DOT and Mermaid: ``unidad_<id>``, made unique in alphabetical order."""
    ids: dict[str, str] = {}
    for unit in chart.units:
        base = "unidad_" + re.sub(r"[^A-Za-z0-9_]", "_", page_id("unidad", unit.iri))
        candidate, n = base, 2
        while candidate in ids.values():
            candidate, n = f"{base}_{n}", n + 1
        ids[unit.iri] = candidate
    return ids


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_attrs(**attrs: str) -> str:
    return "[" + ", ".join(f"{k}={_dot_string(v)}" for k, v in attrs.items()) + "]"


def _legend_note(kind: str) -> str:
    return {"arbol": "Línea continua: dependencia",
            "en-conflicto": "Línea discontinua roja: dependencia en discrepancia entre fuentes (según la fuente indicada)",
            "adicional": "Línea discontinua gris: otra dependencia de la misma unidad"}[kind]


def to_dot(chart: OrgChart) -> str:
    """The chart as Graphviz DOT (``dot -Tsvg organigrama.dot``): same boxes, colours, lines and legend."""
    ids = _node_ids(chart)
    out = [f"// {chart.title}. Generado por pozuzo-kg a partir del grafo; dibújelo con: dot -Tsvg organigrama.dot",
           "digraph organigrama {",
           f"  graph {_dot_attrs(label=chart.title, labelloc='t', fontname='sans-serif', rankdir='TB', nodesep='0.3', ranksep='0.8')};",
           f"  node {_dot_attrs(shape='box', style='rounded,filled', fontname='sans-serif', fontsize='11')};",
           f"  edge {_dot_attrs(arrowhead='none', fontname='sans-serif', fontsize='9')};"]
    for unit in chart.units:
        fill, stroke = (unit.type.fill, unit.type.stroke) if unit.type else _UNTYPED
        label = "\n".join([unit.type.label if unit.type else "Sin clasificar", *_wrapped(unit.label),
                           *(f"Puesto: {p}" for p in unit.posts)])
        out.append(f"  {ids[unit.iri]} {_dot_attrs(label=label, fillcolor=fill, color=stroke, tooltip=unit_tooltip(unit), URL=unit.page)};")
    for line in chart.lines:
        attrs = {"tooltip": line_tooltip(chart, line)}
        if line.conflicting:
            attrs |= {"style": "dashed", "color": CONFLICT_COLOUR, "penwidth": "2", "label": line_label(line),
                      "fontcolor": CONFLICT_COLOUR}
        elif not line.in_tree:
            attrs |= {"style": "dashed", "color": EXTRA_COLOUR}
        else:
            attrs |= {"color": LINE_COLOUR}
        out.append(f"  {ids[line.parent]} -> {ids[line.child]} {_dot_attrs(**attrs)};")
    out.append(f"  subgraph cluster_leyenda {{\n    graph {_dot_attrs(label='Leyenda', fontname='sans-serif')};")
    for organ_type in chart.legend:
        out.append(f"    leyenda_{_class(organ_type)} "
                   f"{_dot_attrs(label=f'Tipo de órgano: {organ_type.label}', fillcolor=organ_type.fill, color=organ_type.stroke)};")
    for kind, *_ in _line_kinds(chart):
        out.append(f"    leyenda_linea_{kind.replace('-', '_')} {_dot_attrs(label=_legend_note(kind), shape='plaintext', style='')};")
    out += ["  }", "}"]
    return "\n".join(out) + "\n"


def _class(organ_type: OrganType) -> str:
    return "tipo_" + re.sub(r"[^A-Za-z0-9_]", "_", page_id("tipo-organo", organ_type.iri))


def _mermaid_text(text: str) -> str:
    """Text safe inside a Mermaid ``"…"`` label: entity codes for the characters Mermaid or HTML would read."""
    for char, code in (("#", "#35;"), ("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text


def to_mermaid(chart: OrgChart) -> str:
    """The chart as a Mermaid flowchart: same boxes, colours (classDef per organ type), lines and legend."""
    ids = _node_ids(chart)
    out = ["---", f"title: {json.dumps(chart.title, ensure_ascii=False)}", "---",
           "%% Generado por pozuzo-kg a partir del grafo.", "flowchart TD"]
    for unit in chart.units:
        caption = _mermaid_text(unit.type.label if unit.type else "Sin clasificar")
        parts = [f"<small>{caption}</small>", f"<b>{'<br/>'.join(_mermaid_text(t) for t in _wrapped(unit.label))}</b>",
                 *(f"<i>Puesto: {_mermaid_text(p)}</i>" for p in unit.posts)]
        out.append(f'  {ids[unit.iri]}["{"<br/>".join(parts)}"]')
    styles = []
    for index, line in enumerate(chart.lines):
        if line.conflicting:
            out.append(f'  {ids[line.parent]} -.-|"{_mermaid_text(line_label(line))}"| {ids[line.child]}')
            styles.append(f"  linkStyle {index} stroke:{CONFLICT_COLOUR},stroke-width:2px,stroke-dasharray:{CONFLICT_DASH},color:{CONFLICT_COLOUR}")
        elif not line.in_tree:
            out.append(f"  {ids[line.parent]} -.- {ids[line.child]}")
            styles.append(f"  linkStyle {index} stroke:{EXTRA_COLOUR},stroke-dasharray:{EXTRA_DASH}")
        else:
            out.append(f"  {ids[line.parent]} --- {ids[line.child]}")
            styles.append(f"  linkStyle {index} stroke:{LINE_COLOUR}")
    out.append('  subgraph leyenda["Leyenda"]')
    for organ_type in chart.legend:
        out.append(f'    leyenda_{_class(organ_type)}["Tipo de órgano: {_mermaid_text(organ_type.label)}"]')
    for kind, *_ in _line_kinds(chart):
        out.append(f'    leyenda_linea_{kind.replace("-", "_")}["{_mermaid_text(_legend_note(kind))}"]')
    out.append("  end")
    out += styles
    for organ_type in chart.legend:
        out.append(f"  classDef {_class(organ_type)} fill:{organ_type.fill},stroke:{organ_type.stroke},stroke-width:2px,color:#111111")
        members = [ids[u.iri] for u in chart.units if u.type == organ_type] + [f"leyenda_{_class(organ_type)}"]
        out.append(f"  class {','.join(members)} {_class(organ_type)}")
    if any(u.type is None for u in chart.units):
        out.append(f"  classDef sin_tipo fill:{_UNTYPED[0]},stroke:{_UNTYPED[1]}")
        out.append(f"  class {','.join(ids[u.iri] for u in chart.units if u.type is None)} sin_tipo")
    for unit in chart.units:
        out.append(f'  click {ids[unit.iri]} href "{unit.page}"')
    return "\n".join(out) + "\n"
