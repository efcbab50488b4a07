"""Print the tables of a load run from the JSON files the locustfile wrote (one per user count).

    python bench/load/report.py RESULT.json [RESULT.json …] [--pages]

Markdown tables: all staff requests and the floor per user count; each persona; with --pages each page.
"""

import argparse
import json
from pathlib import Path


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _row(cells: list[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list[object]], text_columns: int = 1) -> str:
    lines = [_row(header), _row(["---"] * text_columns + ["---:"] * (len(header) - text_columns))]
    return "\n".join([*lines, *(_row(r) for r in rows)])


def _figures(f: dict[str, float] | None) -> list[object]:
    if not f:
        return ["-"] * 5
    return [f"{f['rps']:.1f}", _ms(f["p50"]), _ms(f["p95"]), _ms(f["p99"]), f"{f['failures']:,} / {f['requests']:,}"]


def _load(run: dict) -> str:  # type: ignore[type-arg]
    """The machine's 1-minute load average as the window opened and closed, and how busy its CPUs were."""
    start, end = run["load_average_at_start"][0], run["load_average_at_end"][0]
    return f"{start:.1f}–{end:.1f} · {run['machine_cpu_busy']:.0%}"


def _server_ms(run: dict) -> str:  # type: ignore[type-arg]
    """The server's CPU (its processes, not the database's) per request answered in the window."""
    requests = sum(f["requests"] for f in run["personas"].values())
    return f"{run.get('server_cpu_s', 0) * 1000 / requests:.0f}" if requests and run.get("server_cpu_s") else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("--pages", action="store_true", help="a row for every page of every persona")
    args = parser.parse_args()
    runs = sorted((json.loads(p.read_text(encoding="utf-8")) for p in args.results), key=lambda r: r["users"])

    figures = ["req/s", "p50 ms", "p95 ms", "p99 ms", "errors / requests"]
    think = "–".join(f"{t:g}" for t in runs[0].get("think_s", [0.5, 1.5]))
    window = f"{runs[0]['seconds']:.0f} s after every user signed in"
    print(f"Floor: {runs[0]['floor']}. Window: {window}. Think time: {think} s.\n")
    floor = ["floor req/s", "floor p50", "floor p95", "floor p99", "floor errors"]
    rows = [
        [r["users"], *_figures(r["staff"]), *_figures(r["personas"].get("floor")), _server_ms(r), _load(r)]
        for r in runs
    ]
    print(_table(["users", *figures, *floor, "server CPU ms/req", "load avg · CPU busy"], rows))

    print("\nSigning in (each user once, before the window):\n")
    rows = [[r["users"], r["logins"]["count"], _ms(r["logins"]["p50"]), _ms(r["logins"]["p95"]),
             f"{r['logins']['all_signed_in_after_s']:.1f}"] for r in runs]  # fmt: skip
    print(_table(["users", "sign-ins", "p50 ms", "p95 ms", "all signed in after s"], rows))

    print("\nPer persona:\n")
    rows = [[r["users"], p, *_figures(f)] for r in runs for p, f in r["personas"].items() if p != "floor"]
    print(_table(["users", "persona", *figures], rows, text_columns=2))
    if args.pages:
        print("\nPer page:\n")
        rows = [[r["users"], k, *_figures(f)] for r in runs for k, f in r["pages"].items()]
        print(_table(["users", "page", *figures], rows, text_columns=2))
    errors = {f"{r['users']} users: {what}": n for r in runs for what, n in r["errors"].items()}
    if errors:
        print("\nErrors:\n" + "\n".join(f"- {n} × {what}" for what, n in errors.items()))


if __name__ == "__main__":
    main()
