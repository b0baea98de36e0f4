"""The ``draagkracht`` command. Thin: parse arguments, call one library function, map exit codes.

Exit codes: 0 success (published), 1 input refused, 2 usage or configuration error (also when
another run holds the database's lock). With ``--json`` stdout carries one JSON object, on
exit 2 too: ``{"status": "config_error" | "usage_error", "message": ...}`` (README).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from pipelines.errors import ConfigError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class UsageError(SystemExit):
    """An argparse usage error: exit 2, the message already printed on stderr."""

    def __init__(self, message: str):
        super().__init__(EXIT_USAGE)
        self.message = message


class _Parser(argparse.ArgumentParser):
    """Exits 2 on a usage error (``UsageError``), and records itself as the parsed arguments'
    ``usage_parser``: a sub-command's default overrides its parent's, so after parsing it is
    the deepest command given (``users list``), whose usage an unknown option should print."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_defaults(usage_parser=self)

    def error(self, message: str):  # argparse exits 2 on usage errors, as we want
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise UsageError(message)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text}") from e


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="draagkracht", description="Team workload and recovery dashboard.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    r = sub.add_parser("run", help="validate a data folder and publish the database")
    r.add_argument("data_dir", type=Path)
    r.add_argument("--db", type=Path, required=True, help="published DuckDB file")
    r.add_argument("--instrument", type=Path, help="instrument TOML (default: "
                   "DATA_DIR/instrument.toml, else the built-in pulse)")
    r.add_argument("--config", type=Path, help="configuration TOML (default: "
                   "DATA_DIR/draagkracht.toml)")
    r.add_argument("--as-of", type=_date, help="reference date (default: last day of the "
                   "latest org.csv month)")
    r.add_argument("--json", action="store_true", help="quiet; one JSON object on stdout")
    r.add_argument("--forget-suppression", action="store_true",
                   help="judge every period afresh instead of keeping hidden what the "
                        "published database hides (only after a full replacement of the data; "
                        "docs/scoring.md, Across builds)")
    r.set_defaults(func=cmd_run)

    g = sub.add_parser("generate", help="write a fictional organisation in the input contract")
    g.add_argument("out_dir", type=Path)
    g.add_argument("--employees", type=int, default=1500)
    g.add_argument("--months", type=int, default=24)
    g.add_argument("--seed", type=int, default=42)
    g.add_argument("--start", default="2024-01-01", help="first month (ISO date)")
    g.set_defaults(func=cmd_generate)

    ps = sub.add_parser("pseudonymise", help="replace raw personnel numbers by HMAC-SHA256 "
                        "pseudonyms under an employer-held key")
    ps.add_argument("in_path", type=Path)
    ps.add_argument("out_path", type=Path)
    ps.add_argument("--column", required=True)
    ps.add_argument("--key-file", type=Path, required=True)
    ps.add_argument("--rename-to", default="employee_ref",
                    help="new name of the column (default employee_ref, the contract name)")
    ps.set_defaults(func=cmd_pseudonymise)

    k = sub.add_parser("keygen", help="create a new random pseudonymisation key file (0600)")
    k.add_argument("key_file", type=Path)
    k.set_defaults(func=cmd_keygen)

    s = sub.add_parser("serve", help="start the dashboard on a published database")
    s.add_argument("--db", type=Path, default=None,
                   help="published DuckDB file (default: $DRAAGKRACHT_DB or "
                        "build/draagkracht.duckdb)")
    s.add_argument("--port", type=int, default=8501)
    s.add_argument("--address", default="127.0.0.1", help="bind address (default localhost)")
    s.set_defaults(func=cmd_serve)

    try:
        from dashboard.users import add_users_subparser
    except ImportError:
        pass
    else:
        add_users_subparser(sub)
    return p


def cmd_run(args) -> int:
    from pipelines.progress import reporter
    from pipelines.run import run_pipeline, summary_json

    with reporter(quiet=args.json) as progress:
        result = run_pipeline(args.data_dir, args.db, instrument_path=args.instrument,
                              config_path=args.config, as_of=args.as_of,
                              forget_suppression=args.forget_suppression, progress=progress)
    if args.json:
        print(summary_json(result))
    else:
        from pipelines.progress import print_summary

        print_summary(result)
    return EXIT_OK if result.status == "published" else EXIT_REFUSED


def cmd_generate(args) -> int:
    from pipelines.generate import generate

    info = generate(args.out_dir, employees=args.employees, months=args.months,
                    seed=args.seed, start=args.start)
    print(f"wrote {args.out_dir}: {info}")
    return EXIT_OK


def cmd_pseudonymise(args) -> int:
    from pipelines.pseudonymise import pseudonymise

    n = pseudonymise(args.in_path, args.out_path, args.column, args.key_file,
                     rename_to=args.rename_to)
    print(f"wrote {args.out_path}: {n} rows, column '{args.column}' pseudonymised as "
          f"'{args.rename_to}'")
    return EXIT_OK


def cmd_keygen(args) -> int:
    from pipelines.pseudonymise import generate_key

    generate_key(args.key_file)
    print(f"wrote {args.key_file}: keep it with the employer, never with the data")
    return EXIT_OK


def cmd_serve(args) -> int:
    from dashboard.serve import serve

    return serve(args.db, args.port, address=args.address)  # db None: $DRAAGKRACHT_DB or default


def _wants_json(argv: list[str]) -> bool:
    """``--json`` (or an abbreviation argparse would accept) is among the arguments."""
    return any(len(a) > 2 and "--json".startswith(a.split("=", 1)[0]) for a in argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:  # reported by the command's own parser, so its usage line is printed
            args.usage_parser.error(
                f"unrecognized arguments: {' '.join(extra)}")
    except UsageError as e:  # usage and message are on stderr already
        if _wants_json(argv):  # --json promises one JSON object on stdout
            print(json.dumps({"status": "usage_error", "message": e.message},
                             ensure_ascii=False))
        return EXIT_USAGE
    try:
        return args.func(args)
    except ConfigError as e:
        print(f"draagkracht: configuration error: {e}", file=sys.stderr)
        if getattr(args, "json", False):  # --json promises one JSON object on stdout
            print(json.dumps({"status": "config_error", "message": str(e)},
                             ensure_ascii=False))
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
