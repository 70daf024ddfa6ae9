"""``pozuzo-kg analyze [FILE ...] [--unit ID] [--claims SOURCE|all]``: levels, roots, cycles, span of control,
centrality and chain of command of the unit hierarchy, saying which claim it followed where sources conflict."""
import argparse

from ..i18n import N_, _
from . import add_files_argument, add_format_option, write

CRITERIA = {
    "default": N_("default: on each conflicting line, the one that agrees with the designation of the unit's head "
                  "by a post of the superior unit (pzo:designatedBy), else the one corroborated by the posts' "
                  "reporting lines (org:reportsTo); a line that rests only on the project's own readings "
                  "corroborates nothing; if none or several are corroborated, the first source's"),
    "all": "todas (--claims all): se conservan todas las líneas en conflicto; una unidad puede tener varias "
           "unidades superiores, el nivel es el del camino más largo",
}
REASONS = {
    "designation": N_("agrees with the designation of the unit's head"),
    "reporting-line": "corroborada por la línea de reporte",
    "first-source": "la de la primera fuente (orden de dcterms:identifier)",
    "source": "la de la fuente pedida con --claims",
    "all": "se siguen todas (--claims all)",
}
RELATIONS = {"subOrganizationOf": "depende de", "reportsTo": "reporta a", "designatedBy": N_("designated by")}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze", help=_("organizational analytics: levels, span of control, cycles, chain of command"),
        description=_("Analyses the unit hierarchy (org:subOrganizationOf) and the posts' reporting lines "
                      "(org:reportsTo): depth, units with no parent, cycles, span of control, centrality, and the "
                      "chain of command of a unit. Where sources conflict on a line, says which claim it follows."))
    add_files_argument(parser)
    parser.add_argument("--unit", metavar="ID", help=_("also give the chain of command of this unit "
                                                       "(IRI, prefixed name such as unidad:gm, or bare id such as gm)"))
    parser.add_argument("--claims", metavar="SOURCE|all|default",
                        help=_("on conflicting lines, follow the claim of this source (its id, e.g. organizacion), "
                               "or keep them all; default: the line that agrees with the designation of the unit's "
                               "head, else the one corroborated by the posts' reporting lines"))
    add_format_option(parser, ("table", "json"), "table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..analytics import analyze, load_hierarchy, resolve_unit
    from ..loader import load_graph
    from ..output import to_json

    hierarchy = load_hierarchy(load_graph(args.files or None), args.claims)
    unit = resolve_unit(hierarchy, args.unit) if args.unit is not None else None
    analysis = analyze(hierarchy, unit)
    write(to_json(analysis.as_dict()) if args.format == "json" else render(analysis, hierarchy.labels))
    return 0


def render(analysis, labels) -> str:
    """The analysis as Spanish text tables."""
    from ..output import format_table

    name = _namer(labels)
    sections = [
        "Análisis organizacional\n",
        f"Criterio en líneas en conflicto: {_criterion(analysis.claims)}\n",
        _section("Resumen", format_table(["Indicador", "Valor"], [
            ["Unidades orgánicas", len(analysis.units)],
            ["Niveles jerárquicos", analysis.depth],
            ["Unidades sin unidad superior", len(analysis.roots)],
            ["de ellas, huérfanas", sum(1 for r in analysis.roots if r.kind == "orphan")],
            ["Ciclos", len(analysis.cycles)],
            ["Ciclos en líneas de reporte", len(analysis.reporting_cycles)],
            ["Líneas en conflicto", len(analysis.decisions)],
        ])),
        _section("Afirmaciones seguidas en las líneas en conflicto", _decisions(analysis, name)),
        _section("Unidades sin unidad superior", format_table(["Unidad", "Tipo"], [
            [name(r.iri), f"órgano superior de {', '.join(name(o) for o in r.organizations)}"
             if r.kind == "top-organ" else "huérfana: sin unidad superior ni organización (org:unitOf)"]
            for r in analysis.roots
        ]) if analysis.roots else "ninguna\n"),
        _section("Ciclos", _cycles(analysis, name)),
        _section("Tramo de control por unidad", format_table(
            ["Nivel", "Unidad", "Depende de", "Subunidades directas", "Subunidades en total"],
            [[u.level if u.level is not None else "—", name(u.iri), ", ".join(name(p) for p in u.parents) or "—",
              u.sub_units, u.all_sub_units] for u in analysis.units])),
        _section("Tramo de control por puesto", format_table(
            ["Puesto", "Unidad", "Reporta a", "Subordinados directos"],
            [[name(p.iri), ", ".join(name(u) for u in p.units) or "—",
              ", ".join(name(b) for b in p.reports_to) or "—", p.direct_reports] for p in analysis.posts])
         if analysis.posts else "ningún puesto\n"),
        _section("Centralidad de las unidades", format_table(
            ["Unidad", "Intermediación", "Grado"],
            [[name(u.iri), f"{u.betweenness:.4f}", f"{u.degree:.4f}"]
             for u in sorted(analysis.units, key=lambda u: (-u.betweenness, -u.degree, u.iri))])),
    ]
    if analysis.chain is not None:
        sections.append(_chain(analysis.chain, name))
    return "\n".join(sections)


def _section(title: str, body: str) -> str:
    return f"{title}\n\n{body}"


def _cycles(analysis, name) -> str:
    """Loops of units, then loops of posts' reporting lines, numbered together."""
    loops = [(cycle, "") for cycle in analysis.cycles]
    loops += [(cycle, " (líneas de reporte entre puestos)") for cycle in analysis.reporting_cycles]
    return "".join(f"{i}. {' → '.join(name(u) for u in (*cycle, cycle[0]))}{kind}\n"
                   for i, (cycle, kind) in enumerate(loops, 1)) or "ninguno\n"


def _criterion(claims: str) -> str:
    return _(CRITERIA[claims]) if claims in CRITERIA else (f"la fuente {_compact(claims)} (--claims): en cada línea en conflicto se sigue "
                                    "la afirmación que deriva de ella")


def _decisions(analysis, name) -> str:
    from ..output import format_table

    if not analysis.decisions:
        return "ninguna: no hay líneas en conflicto\n"
    rows, notes = [], []
    sources = sorted({c.source for d in analysis.decisions for e in (*d.followed, *d.set_aside)
                      for c in e.claims if c.source})
    for decision in analysis.decisions:
        for state, edges in (("seguida", decision.followed), ("descartada", decision.set_aside)):
            for edge in edges:
                relation = RELATIONS[edge.predicate.rsplit("#", 1)[-1]]
                for claim in edge.claims or (None,):
                    rows.append([name(edge.child), relation, name(edge.parent),
                                 _compact(claim.iri) if claim else "(sin afirmación)",
                                 _compact(claim.source) if claim and claim.source else "—",
                                 _where(claim), state])
        reason = _(REASONS[decision.reason])
        if decision.evidence:
            reason += ": " + "; ".join(_line_text(e, name) for e in decision.evidence)
        conflicts = ", ".join(_compact(c) for c in decision.conflicts)
        notes.append(f"{name(decision.subject)}: {reason}. Discrepancia: {conflicts}.\n")
        if decision.readings:
            notes.append(_("Not counted as corroboration, being the project's own reading: {lines}.\n").format(
                lines="; ".join(_line_text(e, name) for e in decision.readings)))
    from ..analytics import short_name

    readings = [short_name(s, sources) for s in sources if s != analysis.claims]
    readings += [other for other in ("all", "default") if other != analysis.claims]
    notes.append(f"Para seguir otra lectura: {', '.join(f'--claims {r}' for r in readings)}.\n")
    headers = ["Unidad o puesto", "Relación", "Superior", "Afirmación", "Fuente", "Ubicación", "Estado"]
    table = format_table(headers, rows)
    return table + "\n" + "".join(notes)


def _chain(chain, name) -> str:
    from ..output import format_table

    count = len(chain.paths)
    more = ", las primeras; hay más" if chain.truncated else ""
    parts = [f"Cadena de mando de {name(chain.unit)} ({count} {'ruta' if count == 1 else 'rutas'}{more})\n"]
    for i, path in enumerate(chain.paths, 1):
        line = " → ".join(name(u) for u in path.units)
        stop = f" (se detiene: ciclo, vuelve a {name(path.cycle_at)})" if path.cycle_at else ""
        parts.append(f"\nRuta {i}: {line}{stop}\n")
        if path.edges:
            parts.append("\n" + format_table(["Unidad", "Depende de", "Afirmaciones"], [
                [name(e.child), name(e.parent), _claims_text(e)] for e in path.edges]))
    return "".join(parts)


def _line_text(edge, name) -> str:
    """``gerente municipal designado por Alcalde (claims)``; a reporting line as ``A → B (claims)``."""
    relation = edge.predicate.rsplit("#", 1)[-1]
    link = " " + _(RELATIONS[relation]) + " " if relation == "designatedBy" else " → "
    return f"{name(edge.child)}{link}{name(edge.parent)} ({_claims_text(edge)})"


def _claims_text(edge) -> str:
    """Each claim as ``claim, source, place`` (a reading of the project has no place in a source)."""
    return "; ".join(", ".join(part for part in (_compact(c.iri), _compact(c.source) if c.source else "sin fuente",
                                                 _where(c)) if part != "—")
                     for c in edge.claims) or "sin afirmación"


def _where(claim) -> str:
    if claim is None:
        return "—"
    if claim.line is not None:
        return f"línea {claim.line}"
    return f"art. {claim.article}" if claim.article else "—"


def _compact(iri: str) -> str:
    """``prefix:local`` with the project's prefixes, else the IRI."""
    from ..vocab import compact

    return compact(iri) or iri


def _namer(labels):
    """Spanish label of a resource, else its compact IRI."""
    return lambda iri: labels.get(iri) or _compact(iri)
