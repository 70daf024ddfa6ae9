"""``pozuzo-kg analyze [FILE ...] [--unit ID] [--claims SOURCE|all]``: levels, roots, cycles, span of control,
centrality and chain of command of the unit hierarchy, saying which claim it followed where sources conflict."""
import argparse

from ..i18n import N_, _, ngettext, pgettext
from . import add_files_argument, add_format_option, write

CRITERIA = {
    "default": N_("default: on each conflicting line, the one that agrees with the designation of the unit's head "
                  "by a post of the superior unit (pzo:designatedBy), else the one corroborated by the posts' "
                  "reporting lines (org:reportsTo); a line that rests only on the project's own readings "
                  "corroborates nothing; if none or several are corroborated, the first source's"),
    "all": N_("all (--claims all): every conflicting line is kept; a unit may have several superior units, its "
              "level is that of the longest path"),
}
REASONS = {
    "designation": N_("agrees with the designation of the unit's head"),
    "reporting-line": N_("corroborated by the reporting line"),
    "first-source": N_("the first source's (order of dcterms:identifier)"),
    "source": N_("the one of the source asked for with --claims"),
    "all": N_("all are followed (--claims all)"),
}
RELATIONS = {"subOrganizationOf": N_("depends on"), "reportsTo": N_("reports to"), "designatedBy": N_("designated by")}
"""How the tables name each kind of line (msgids)."""


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
    """The analysis as text tables, in the user's language."""
    from ..output import format_table

    name = _namer(labels)
    sections = [
        _("Organizational analysis") + "\n",
        _("Reading of conflicting lines: {criterion}").format(criterion=_criterion(analysis.claims)) + "\n",
        _section(_("Summary"), format_table([_("Indicator"), _("Value")], [
            [_("Organizational units"), len(analysis.units)],
            [_("Hierarchical levels"), analysis.depth],
            [_("Units with no superior unit"), len(analysis.roots)],
            [_("of them, orphans"), sum(1 for r in analysis.roots if r.kind == "orphan")],
            [_("Cycles"), len(analysis.cycles)],
            [_("Cycles in reporting lines"), len(analysis.reporting_cycles)],
            [_("Conflicting lines"), len(analysis.decisions)],
        ])),
        _section(_("Claims followed on the conflicting lines"), _decisions(analysis, name)),
        _section(_("Units with no superior unit"), format_table([_("Unit"), _("Kind")], [
            [name(r.iri), _("top organ of {organizations}").format(
                organizations=", ".join(name(o) for o in r.organizations))
             if r.kind == "top-organ" else _("orphan: no superior unit nor organization (org:unitOf)")]
            for r in analysis.roots
        ]) if analysis.roots else pgettext("units", "none") + "\n"),
        _section(_("Cycles"), _cycles(analysis, name)),
        _section(_("Span of control by unit"), format_table(
            [_("Level"), _("Unit"), _("Depends on"), _("Direct sub-units"), _("Sub-units in all")],
            [[u.level if u.level is not None else "—", name(u.iri), ", ".join(name(p) for p in u.parents) or "—",
              u.sub_units, u.all_sub_units] for u in analysis.units])),
        _section(_("Span of control by post"), format_table(
            [_("Post"), _("Unit"), _("Reports to"), _("Direct reports")],
            [[name(p.iri), ", ".join(name(u) for u in p.units) or "—",
              ", ".join(name(b) for b in p.reports_to) or "—", p.direct_reports] for p in analysis.posts])
         if analysis.posts else _("no post") + "\n"),
        _section(_("Centrality of the units"), format_table(
            [_("Unit"), _("Betweenness"), _("Degree")],
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
    between_posts = " (" + _("reporting lines between posts") + ")"
    loops += [(cycle, between_posts) for cycle in analysis.reporting_cycles]
    return "".join(f"{i}. {' → '.join(name(u) for u in (*cycle, cycle[0]))}{kind}\n"
                   for i, (cycle, kind) in enumerate(loops, 1)) or pgettext("cycles", "none") + "\n"


def _criterion(claims: str) -> str:
    if claims in CRITERIA:
        return _(CRITERIA[claims])
    return _("the source {source} (--claims): on each conflicting line, the claim derived from it is followed").format(
        source=_compact(claims))


def _decisions(analysis, name) -> str:
    from ..output import format_table

    if not analysis.decisions:
        return _("none: there are no conflicting lines") + "\n"
    rows, notes = [], []
    sources = sorted({c.source for d in analysis.decisions for e in (*d.followed, *d.set_aside)
                      for c in e.claims if c.source})
    for decision in analysis.decisions:
        for state, edges in ((_("followed"), decision.followed), (_("set aside"), decision.set_aside)):
            for edge in edges:
                relation = _(RELATIONS[edge.predicate.rsplit("#", 1)[-1]])
                for claim in edge.claims or (None,):
                    rows.append([name(edge.child), relation, name(edge.parent),
                                 _compact(claim.iri) if claim else _("(no claim)"),
                                 _compact(claim.source) if claim and claim.source else "—",
                                 _where(claim), state])
        reason = _(REASONS[decision.reason])
        if decision.evidence:
            reason += ": " + "; ".join(_line_text(e, name) for e in decision.evidence)
        conflicts = ", ".join(_compact(c) for c in decision.conflicts)
        notes.append(_("{subject}: {reason}. Conflict: {conflicts}.").format(
            subject=name(decision.subject), reason=reason, conflicts=conflicts) + "\n")
        if decision.readings:
            notes.append(_("Not counted as corroboration, being the project's own reading: {lines}.\n").format(
                lines="; ".join(_line_text(e, name) for e in decision.readings)))
    from ..analytics import short_name

    readings = [short_name(s, sources) for s in sources if s != analysis.claims]
    readings += [other for other in ("all", "default") if other != analysis.claims]
    notes.append(_("To follow another reading: {options}.").format(
        options=", ".join(f"--claims {r}" for r in readings)) + "\n")
    headers = [_("Unit or post"), _("Relation"), _("Superior"), _("Claim"), _("Source"), _("Place"), _("State")]
    table = format_table(headers, rows)
    return table + "\n" + "".join(notes)


def _chain(chain, name) -> str:
    from ..output import format_table

    count = len(chain.paths)
    if chain.truncated:
        paths = ngettext("{count} path, the first; there are more", "{count} paths, the first; there are more", count)
    else:
        paths = ngettext("{count} path", "{count} paths", count)
    parts = [_("Chain of command of {unit} ({paths})").format(unit=name(chain.unit), paths=paths.format(count=count))
             + "\n"]
    for i, path in enumerate(chain.paths, 1):
        line = " → ".join(name(u) for u in path.units)
        stop = " (" + _("stops: a cycle, back to {unit}").format(unit=name(path.cycle_at)) + ")" if path.cycle_at else ""
        parts.append("\n" + _("Path {number}: {units}").format(number=i, units=line) + stop + "\n")
        if path.edges:
            parts.append("\n" + format_table([_("Unit"), _("Depends on"), _("Claims")], [
                [name(e.child), name(e.parent), _claims_text(e)] for e in path.edges]))
    return "".join(parts)


def _line_text(edge, name) -> str:
    """``gerente municipal designado por Alcalde (claims)``; a reporting line as ``A → B (claims)``."""
    relation = edge.predicate.rsplit("#", 1)[-1]
    link = " " + _(RELATIONS[relation]) + " " if relation == "designatedBy" else " → "
    return f"{name(edge.child)}{link}{name(edge.parent)} ({_claims_text(edge)})"


def _claims_text(edge) -> str:
    """Each claim as ``claim, source, place`` (a reading of the project has no place in a source)."""
    return "; ".join(", ".join(part for part in (_compact(c.iri), _compact(c.source) if c.source else _("no source"),
                                                 _where(c)) if part != "—")
                     for c in edge.claims) or _("no claim")


def _where(claim) -> str:
    if claim is None:
        return "—"
    if claim.line is not None:
        return _("line {line}").format(line=claim.line)
    return _("art. {article}").format(article=claim.article) if claim.article else "—"


def _compact(iri: str) -> str:
    """``prefix:local`` with the project's prefixes, else the IRI."""
    from ..vocab import compact

    return compact(iri) or iri


def _namer(labels):
    """Spanish label of a resource, else its compact IRI."""
    return lambda iri: labels.get(iri) or _compact(iri)
