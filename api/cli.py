"""The command line: `ansvar`. Parses input, calls the library, formats output.

Human tables by default, ``--json`` for machines, progress on stderr. A user error is one
line on stderr and a non-zero exit code (see graph/errors.py for the codes).
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from api import render
from graph.errors import AnsvarError, StoreError
from graph.store import Store, open_store

app = typer.Typer(
    help="Ansvarskarta: who is responsible for what in public governance, and where nobody is.\n\n"
         "Example: ansvar ingest data/examples && ansvar who-owns integration --in huddinge",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
# piped output is not wrapped at 80 columns: lines stay whole for grep and transcripts
out = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
err = Console(stderr=True, highlight=False, soft_wrap=True)

JsonOption = typer.Option(False, "--json", help="Print JSON for machines instead of tables.")


def handles_errors(fn):
    """Turn a library error into one line on stderr and its exit code."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AnsvarError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
    return wrapper


def emit_json(data: Any) -> None:
    """Write JSON (pydantic models included) to stdout."""
    def default(o: Any) -> Any:
        return o.model_dump(mode="json") if hasattr(o, "model_dump") else str(o)
    sys.stdout.write(json.dumps(data, default=default, ensure_ascii=False, indent=2) + "\n")


@app.callback()
def main_options(ctx: typer.Context,
                 db: str = typer.Option("ansvar.db", "--db", envvar="ANSVAR_DB",
                                        help="The workspace (a SQLite file). Also ANSVAR_DB.")) -> None:
    """Global options."""
    ctx.obj = {"db": db}


def open_workspace(ctx: typer.Context, create: bool = False) -> Store:
    """The workspace named by --db; it must exist unless ``create``."""
    db = ctx.obj["db"]
    if not create and not Path(db).exists():
        raise StoreError(f"no workspace at {db}", hint="run `ansvar init` or `ansvar ingest PATH` first, or pass --db")
    return open_store(db)


@app.command()
@handles_errors
def init(ctx: typer.Context) -> None:
    """Create an empty workspace (the --db file).

    Example: ansvar --db huddinge.db init
    """
    with open_workspace(ctx, create=True) as store:
        err.print(f"workspace {ctx.obj['db']}: {store.stats()['claims']} claims")


@app.command()
@handles_errors
def ingest(ctx: typer.Context,
           paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
           jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", "-j",
                                                      help="Default jurisdiction for texts that never name theirs."),
           as_json: bool = JsonOption) -> None:
    """Load descriptions (YAML, JSON, CSV) and documents into the workspace.

    Each file is one transaction: a file that fails is reported with its reason, nothing of
    it is stored, and the batch goes on. Exit code 2 when any file failed.

    Example: ansvar ingest data/examples ../shared/corpus
    """
    from loaders.ingest import ingest_paths

    with open_workspace(ctx, create=True) as store:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      console=err, transient=True) as progress:
            task = progress.add_task("ingesting", total=None)

            def tick(done: int, total: int, name: str) -> None:
                progress.update(task, completed=done, total=total, description=f"ingesting {name}")
            report = ingest_paths(store, paths, default_jurisdiction=jurisdiction, progress=tick)
    if as_json:
        emit_json(report)
    else:
        for ok in report.loaded:
            err.print(f"loaded {ok.source}: {ok.claims} claims, {ok.entities} entities")
        for bad in report.failed:
            err.print(f"failed {bad.path}: {bad.error}", markup=False)
        err.print(f"{len(report.loaded)} loaded, {len(report.failed)} failed")
    if report.failed:
        raise typer.Exit(2)


@app.command("who-owns")
@handles_errors
def who_owns_cmd(ctx: typer.Context,
                 issue: str = typer.Argument(..., help="Issue id or Swedish/English name, e.g. integration."),
                 jurisdiction: str = typer.Option(..., "--in", help="Jurisdiction slug or name, e.g. huddinge."),
                 as_json: bool = JsonOption) -> None:
    """Who owns ISSUE in a jurisdiction: owners, contributors, deferrals, gaps, with quotes.

    Example: ansvar who-owns integration --in huddinge --json
    """
    from queries import who_owns

    with open_workspace(ctx) as store:
        answer = who_owns(store, issue, jurisdiction)
    emit_json(answer) if as_json else render.ownership(out, answer)


@app.command()
@handles_errors
def gaps(ctx: typer.Context,
         jurisdiction: Optional[str] = typer.Option(None, "--in", help="Only this jurisdiction."),
         issue: Optional[str] = typer.Option(None, "--issue", help="Only this issue and its sub-issues."),
         kind: Optional[str] = typer.Option(None, "--kind", help="unowned, deflected, contested, uncoordinated, "
                                                                 "orphaned or nominal."),
         min_severity: float = typer.Option(0.0, "--min-severity", min=0, max=1),
         as_json: bool = JsonOption) -> None:
    """Ownership gaps, gravest first, each with its evidence.

    Example: ansvar gaps --in eksjo --kind uncoordinated
    """
    from queries import gaps as find_gaps
    from queries.places import resolve_jurisdiction
    from graph.taxonomy import taxonomy

    with open_workspace(ctx) as store:
        j = resolve_jurisdiction(store, jurisdiction) if jurisdiction else None
        i = taxonomy().resolve(issue) if issue else None
        found = find_gaps(store, jurisdiction=j, issue=i, kind=kind, min_severity=min_severity)
    emit_json(found) if as_json else render.gaps(out, found)


@app.command()
@handles_errors
def ask(ctx: typer.Context, question: str = typer.Argument(..., help="A question in Swedish or English."),
        as_json: bool = JsonOption) -> None:
    """Answer a question in plain words.

    Example: ansvar ask "Vem ansvarar för integrationen i Huddinge?"
    """
    from queries import ask as ask_question

    with open_workspace(ctx) as store:
        answer = ask_question(store, question)
    if as_json:
        emit_json(answer)
        return
    out.print(answer.answer)
    if answer.ownership:
        render.ownership(out, answer.ownership)
    elif answer.gaps:
        render.gaps(out, answer.gaps)


@app.command()
@handles_errors
def entities(ctx: typer.Context,
             type: Optional[str] = typer.Option(None, "--type", help="board, administration, person, …"),
             jurisdiction: Optional[str] = typer.Option(None, "--in", help="Only this jurisdiction."),
             q: Optional[str] = typer.Option(None, "--q", help="Text in the name, id or aliases."),
             limit: int = typer.Option(200, "--limit"), as_json: bool = JsonOption) -> None:
    """List entities.

    Example: ansvar entities --type board --in huddinge
    """
    with open_workspace(ctx) as store:
        found = store.entities(type=type, jurisdiction=jurisdiction, q=q, limit=limit)
    if as_json:
        emit_json(found)
    else:
        render.rows(out, f"Entities ({len(found)})", ["id", "name", "type", "jurisdiction"],
                    [[e.id, e.name, e.type, e.jurisdiction] for e in found])


@app.command()
@handles_errors
def show(ctx: typer.Context, entity_id: str = typer.Argument(..., help="An entity id, e.g. huddinge/socialnamnden."),
         as_json: bool = JsonOption) -> None:
    """One entity with its organisational path and its claims and evidence.

    Example: ansvar show vallentuna/kommunstyrelsen
    """
    from queries.entity import describe_entity

    with open_workspace(ctx) as store:
        view = describe_entity(store, entity_id)
    if as_json:
        emit_json(view)
        return
    e = view.entity
    out.print(f"[bold]{e.name}[/] ({e.type}) {e.id}" + (f" — {e.role}" if e.role else ""))
    if len(view.path) > 1:
        out.print("path: " + " → ".join(view.path))
    render.rows(out, f"Claims ({len(view.claims)})", ["subject", "predicate", "object/issue", "mode", "status", "quote"],
                [[c.subject, ("not " if c.negated else "") + c.predicate, c.object or c.issue, c.mode, c.status,
                  (c.evidence[0].quote or "") if c.evidence else ""] for c in view.claims])


@app.command()
@handles_errors
def export(ctx: typer.Context,
           format: str = typer.Option(..., "--format", "-f", help="json, graphml, gexf or csv."),
           out_path: Optional[Path] = typer.Option(None, "--out", "-o",
                                                   help="File (or folder / .zip for csv); stdout when omitted."),
           jurisdiction: Optional[str] = typer.Option(None, "--in", help="Only this jurisdiction."),
           issue: Optional[str] = typer.Option(None, "--issue", help="Only this issue and its sub-issues.")) -> None:
    """Export the graph for other tools (networkx, Gephi, spreadsheets).

    Example: ansvar export --format graphml --out ansvar.graphml
    """
    from graph.export import export_store

    with open_workspace(ctx) as store:
        target = out_path if out_path is not None else sys.stdout.buffer
        report = export_store(store, format, target, jurisdiction=jurisdiction, issue=issue)
    if out_path is not None:
        err.print(f"wrote {out_path}: {report}")


@app.command()
@handles_errors
def stats(ctx: typer.Context, as_json: bool = JsonOption) -> None:
    """Counts of what the workspace holds.

    Example: ansvar stats --json
    """
    with open_workspace(ctx) as store:
        figures = store.stats()
    emit_json(figures) if as_json else render.rows(out, "Workspace", ["what", "count"],
                                                   [[k, v] for k, v in figures.items()])


@app.command()
@handles_errors
def serve(ctx: typer.Context,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
          port: int = typer.Option(8000, "--port", help="Port to listen on."),
          db: Optional[str] = typer.Option(None, "--db", help="The workspace (overrides the global --db)."),
          token_file: Optional[Path] = typer.Option(None, "--token-file",
                                                    help="File holding the write token (else $ANSVAR_TOKEN; "
                                                         "with neither, the API is read-only)."),
          access_log: bool = typer.Option(False, "--access-log", help="Log every request.")) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs) over the workspace.

    Example: ansvar serve --db demo.db --port 8000 --token-file token.txt
    """
    import uvicorn

    from api.http import create_app

    web = create_app(db or ctx.obj["db"], token_file=str(token_file) if token_file else None)
    err.print(f"serving {db or ctx.obj['db']} on http://{host}:{port} (docs at /docs)")
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=access_log)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
