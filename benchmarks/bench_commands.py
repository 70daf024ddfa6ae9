"""Wall time of interactive ``pozuzo-kg`` commands, as ratios to a bare Python start measured in the same run.

Start-up is most of an interactive command, so this shows what each command pays beyond the interpreter
(imports, loading the graph, its own work). Measurements, not tests: no assertions.
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pozuzo_kg.output import format_table

PYTHON = [sys.executable]
CLI = [sys.executable, "-m", "pozuzo_kg"]


def median_ms(command: list[str], repeat: int) -> float:
    """Median wall time of ``command`` in milliseconds (output discarded; a failure stops the benchmark)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per command (default: 7)")
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as scratch:
        commands = {
            "python -c pass (base)": [*PYTHON, "-c", "pass"],
            "python -c 'import rdflib'": [*PYTHON, "-c", "import rdflib"],
            "pozuzo-kg --version": [*CLI, "--version"],
            "pozuzo-kg stats": [*CLI, "stats"],
            "pozuzo-kg query buscar": [*CLI, "query", "buscar", "--param", "texto=planeamiento"],
            "pozuzo-kg analyze": [*CLI, "analyze"],
            "pozuzo-kg validate": [*CLI, "validate"],
            "pozuzo-kg publish": [*CLI, "publish", "--out", str(Path(scratch) / "publicacion")],
        }
        base = median_ms(commands["python -c pass (base)"], repeat)
        rows = []
        for name, command in commands.items():
            ms = base if name.endswith("(base)") else median_ms(command, repeat)
            rows.append([name, round(ms, 1), round(ms / base, 1)])
    print(f"Mediana de {repeat} ejecuciones (ms); razón = tiempo / arranque de Python\n")
    print(format_table(["orden", "ms", "razón"], rows), end="")


if __name__ == "__main__":
    main()
