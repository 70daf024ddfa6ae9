"""Plain-text renderings shared by every command: aligned tables and stable JSON."""
import json
import unicodedata
from collections.abc import Sequence


def to_json(value: object) -> str:
    """Stable JSON: UTF-8 text (not escaped), two-space indent, keys in the order given."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """An aligned text table with a header rule; numbers are right-aligned."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(isinstance(row[i], (int, float)) for row in rows) and rows for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - _width(cell))
            parts.append(pad + cell if numeric[i] else cell + pad)
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])]) + "\n"
