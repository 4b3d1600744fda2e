"""Gold-data commands of ``referat annotate``: convert, agreement, adjudicate, export-hf, synthesize.

``annotations/commands.py`` owns the ``annotate`` sub-app and calls
``register_data_commands(annotate_app)`` to add these.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from referat.annotations import passes
from referat.annotations.convert import convert, convert_folds
from referat.annotations.greve import GREVE_DIR
from referat.annotations.greve_report import write_archive_report
from referat.annotations.sample import write_sample
from referat.annotations.silver import silver_docs, silver_records
from referat.annotations.gold import GoldAlignmentError, write_jsonl
from referat.annotations.agreement import agreement_from_paths, write_report
from referat.annotations.passes import PassError
from referat.annotations.adjudicate import adjudicate, summary_lines
from referat.annotations.hf import export_hf
from referat.annotations.synthesize import SynthesisError, label_counts, synthetic_entity_records

# Paths relative to the working directory (run from the repository root), as the other stages' commands.
GOLD_DIR = Path("annotations/gold")
RAW_DIR = Path("corpus/raw")
CORPUS_DIR = Path("corpus")
ANNOTATIONS = Path("annotations")


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=code)


def register_data_commands(annotate_app: typer.Typer) -> None:
    """Add convert, agreement, adjudicate, export-hf, synthesize, sample and the pass-file tools to the ``annotate`` sub-app."""

    @annotate_app.command("sample")
    def sample_cmd(
        corpus: Path = typer.Argument(Path("../shared/corpus/greve"), help="A FirstAgenda archive with manifest.json"),
        output: Path = typer.Argument(Path("annotations/greve/decision_sample.jsonl"), help="Where the sample goes"),
        seed: int = typer.Option(0, "--seed"),
    ) -> None:
        """Which archive items to annotate: whole meetings over every body and year, plus rare decision wording."""
        if not (corpus / "manifest.json").exists():
            _fail(f"{corpus}: no manifest.json; pass the folder of a FirstAgenda archive (../shared/corpus/greve)", 2)
        rows = write_sample(corpus, output, seed)
        typer.echo(f"{len(rows)} items ({sum(r['why'] == 'meeting' for r in rows)} from whole meetings) -> {output}")

    @annotate_app.command("archive-report")
    def archive_report_cmd() -> None:
        """Counts and agreement of the archive's gold (annotations/greve), written to its AGREEMENT.md."""
        typer.echo(write_archive_report())

    @annotate_app.command("show-lines")
    def show_lines_cmd(document: Path = typer.Argument(..., help="A minutes file")) -> None:
        """Print a document's numbered lines, as the pass files (annotations/passes) refer to them."""
        passes.show(document)

    @annotate_app.command("check-pass")
    def check_pass_cmd(tsv: Path = typer.Argument(..., help="A pass file (TSV)"),
                       document: Path = typer.Argument(..., help="The document it annotates")) -> None:
        """Resolve a pass file's spans against its document and report what does not fit."""
        raise typer.Exit(passes.check(tsv, document))

    @annotate_app.command("convert")
    def convert_cmd(
        gold: Path = typer.Argument(GOLD_DIR, help="Folder with entities.jsonl and decisions.jsonl"),
        output: Path = typer.Argument(CORPUS_DIR, help="Where train/dev/test.spacy go"),
        synthetic: bool = typer.Option(True, "--synthetic/--no-synthetic",
                                       help="Add the marked synthetic examples (annotations/synthetic) to train"),
        split_by: str = typer.Option("document", "--split-by", help="document or municipality"),
        seed: int = typer.Option(0, "--seed", help="Seed of the stable hash that orders the split units"),
        folds: bool = typer.Option(False, "--folds",
                                   help="Write leave-one-municipality-out folds (OUTPUT/<municipality>/) instead"),
        archive: Optional[Path] = typer.Option(GREVE_DIR, "--archive",
                                               help="Stand-off gold of the archive to include (text from ../shared)"),
        no_archive: bool = typer.Option(False, "--no-archive", help="The seed gold alone"),
        silver: int = typer.Option(0, "--silver", help="Unannotated archive meetings, labelled by the rules, "
                                   "added to train for the ner (tokens outside their entities left missing)"),
    ) -> None:
        """Gold JSONL -> spaCy DocBins, split deterministically by document (never one document in two splits)."""

        if split_by not in ("document", "municipality"):
            _fail(f"--split-by must be document or municipality, not {split_by!r}", 2)
        try:
            if folds:
                out = output if output != CORPUS_DIR else CORPUS_DIR / "cv"
                for muni, paths in convert_folds(gold, out, synthetic=synthetic, seed=seed,
                                                 archive=None if no_archive else archive).items():
                    typer.echo(f"{muni}: {paths['train'].parent}/{{train,dev,test}}.spacy")
                return
            extra = silver_docs(silver_records(silver, None if no_archive else archive))
            report = convert(gold, output, seed=seed, synthetic=synthetic, split_by=split_by,
                             archive=None if no_archive else archive, train_extra=extra)
        except FileNotFoundError as err:
            _fail(f"{err}. Build the gold first: referat annotate adjudicate", 2)
        except GoldAlignmentError as err:
            _fail(str(err))
        except ValueError as err:
            _fail(str(err))
        typer.echo(report.summary())

    @annotate_app.command("agreement")
    def agreement_cmd(
        a: Path = typer.Argument(..., help="Pass folder A, a JSONL file, or one pulled JSONL with two annotators"),
        b: Optional[Path] = typer.Argument(None, help="Pass folder B or a second JSONL file"),
        decisions: Optional[Path] = typer.Option(None, "--decisions", help="Pulled decision records (with one pulled span file)"),
        annotator_a: Optional[str] = typer.Option(None, "--annotator-a", help="Annotator A in a pulled file"),
        annotator_b: Optional[str] = typer.Option(None, "--annotator-b", help="Annotator B in a pulled file"),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the markdown report here"),
        raw: Path = typer.Option(RAW_DIR, "--raw", help="Documents the pass files refer to"),
    ) -> None:
        """Span F1 per label, micro F1 and Cohen's kappa between two annotators, with their disagreements."""

        for path in (a, b, decisions):
            if path is not None and not path.exists():
                _fail(f"{path}: not found", 2)
        try:
            result, texts = agreement_from_paths(a, b, decisions, annotator_a, annotator_b, raw)
        except (ValueError, PassError) as err:
            _fail(str(err))
        typer.echo(write_report(result, output, doc_texts=texts))
        if output is not None:
            typer.echo(f"report written to {output}", err=True)

    @annotate_app.command("adjudicate")
    def adjudicate_cmd(
        pass_a: Path = typer.Option(ANNOTATIONS / "passes" / "a", "--pass-a"),
        pass_b: Path = typer.Option(ANNOTATIONS / "passes" / "b", "--pass-b"),
        raw: Path = typer.Option(RAW_DIR, "--raw", help="The documents (corpus/raw)"),
        gold: Path = typer.Option(GOLD_DIR, "--gold", help="Where entities.jsonl and decisions.jsonl go"),
        adjudication: Path = typer.Option(ANNOTATIONS / "adjudication.tsv", "--adjudication"),
        report: Path = typer.Option(ANNOTATIONS / "AGREEMENT.md", "--report"),
        strict: bool = typer.Option(False, "--strict", help="Exit 1 while any disagreement is pending"),
    ) -> None:
        """Build the gold from two passes: agreed spans kept, disagreements listed in adjudication.tsv and settled from it."""

        try:
            adj = adjudicate(pass_a, pass_b, raw, gold, adjudication, report)
        except (ValueError, PassError) as err:
            _fail(str(err))
        for line in summary_lines(adj):
            typer.echo(line)
        typer.echo(f"wrote {adjudication}, {report}" + (f", {gold}/entities.jsonl, {gold}/decisions.jsonl"
                                                        if adj.entity_records else ""))
        if adj.errors or adj.problems:
            raise typer.Exit(code=1)
        if strict and (adj.pending or adj.waiting):
            _fail(f"{adj.pending} disagreement(s) pending, {len(adj.waiting)} document(s) waiting for passes")

    @annotate_app.command("synthesize")
    def synthesize_cmd(
        docs: int = typer.Option(400, "--docs", help="How many synthetic documents (paragraphs of 3-8 sentences)"),
        seed: int = typer.Option(0, "--seed", help="Seed of the generator: the same seed gives the same file"),
        output: Path = typer.Option(ANNOTATIONS / "synthetic" / "entities.jsonl", "--output", "-o",
                                    help="Where the span records go (annotations/synthetic/*.jsonl is trained on)"),
    ) -> None:
        """Synthetic entity text for the ner from templates and the gazetteers: marked synthetic, train only."""
        if docs < 1:
            _fail(f"--docs {docs}: give a positive number of documents", 2)
        try:
            records = synthetic_entity_records(docs, seed)
        except SynthesisError as err:
            _fail(str(err))
        write_jsonl(output, records)
        counts = label_counts(records)
        typer.echo(f"{len(records)} synthetic documents, {sum(counts.values())} spans ("
                   + ", ".join(f"{label} {n}" for label, n in sorted(counts.items())) + f") -> {output}")

    @annotate_app.command("export-hf")
    def export_hf_cmd(
        gold: Path = typer.Argument(GOLD_DIR, help="Folder with entities.jsonl and decisions.jsonl"),
        output: Path = typer.Option(ANNOTATIONS / "hf", "--output", "-o", help="save_to_disk and parquet/ go here"),
        card: Optional[Path] = typer.Option(ANNOTATIONS / "README.md", "--card",
                                            help="Write the data card here"),
        no_card: bool = typer.Option(False, "--no-card", help="Do not write the data card"),
        seed: int = typer.Option(0, "--seed"),
        split_by: str = typer.Option("document", "--split-by", help="document or municipality"),
        synthetic: bool = typer.Option(False, "--synthetic/--no-synthetic",
                                       help="Add synthetic decision texts to the items config as split 'synthetic'"),
        archive: Optional[Path] = typer.Option(GREVE_DIR, "--archive",
                                               help="Stand-off gold of the archive to include (text from ../shared)"),
        no_archive: bool = typer.Option(False, "--no-archive", help="The seed gold alone"),
    ) -> None:
        """Export the gold as Hugging Face DatasetDicts (documents, segments, items) + Parquet + data card."""

        try:
            dsets = export_hf(gold, output, seed=seed, split_by=split_by, synthetic=synthetic,
                              card=None if no_card else card, archive=None if no_archive else archive)
        except FileNotFoundError as err:
            _fail(f"{err}. Build the gold first: referat annotate adjudicate", 2)
        for config, dd in dsets.items():
            typer.echo(f"{output / config}: " + ", ".join(f"{s} {len(ds)}" for s, ds in dd.items()))
        if not no_card and card is not None:
            typer.echo(f"data card: {card}")
