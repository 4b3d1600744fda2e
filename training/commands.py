"""CLI commands of the training stage: `referat vectors`, `referat evaluate`, `evaluate-layouts`,
`evaluate-positions`, `referat thresholds` and `referat package`."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from referat.annotations.greve import GREVE_DIR, archive_files
from referat.training.evaluate import cross_validate
from referat.training.layouts import LAYOUTS_DIR, evaluate_layouts, report
from referat.training.package import DEFAULT_PIPELINE, package_default, update_data
from referat.training.positions_families import FAMILIES_DIR, IN_VIEW, SPLITS, evaluate_families
from referat.training.positions_families import report as families_report
from referat.training.pretrain import write_pretrain_text
from referat.training.thresholds import curve_table, tune
from referat.training.vectors import DIMS, build_vectors, default_texts


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the `referat` app."""

    @app.command()
    def vectors(
        output: Path = typer.Argument(Path("training/vectors"), help="Where the vectors pipeline goes "
                                      "(pass it to spacy train as --paths.vectors)"),
        raw: Path = typer.Option(Path("corpus/raw"), help="The seeds' text files"),
        dims: int = typer.Option(DIMS, help="Vector width"),
        seed: int = typer.Option(0, help="Seed of the SVD"),
    ) -> None:
        """Word vectors for the tok2vec, learned from unannotated minutes: the seeds and, where ../shared is
        here, the whole archive (PPMI + SVD; referat.training.vectors)."""
        if not any(raw.glob("*.txt")):
            typer.echo(f"{raw}: no seed text files (*.txt). Run from the repository root, or pass --raw.", err=True)
            raise typer.Exit(2)
        texts = default_texts(raw)
        if not archive_files():
            typer.echo("note: ../shared/corpus is not here, so the vectors learn from the five seeds alone "
                       "(weak); with the archive they learn from 3.7 million words.", err=True)
        try:
            out = build_vectors(texts, output, dims=dims, seed=seed)
        except ValueError as err:
            typer.echo(f"{output}: {err}", err=True)
            raise typer.Exit(1)
        typer.echo(f"vectors from {len(texts)} documents -> {out}")

    @app.command("pretrain-text")
    def pretrain_text(
        output: Path = typer.Argument(Path("corpus/pretrain.jsonl"), help="JSONL for spacy pretrain --paths.raw_text"),
        exclude_year: List[str] = typer.Option([], "--exclude-year", help="Leave out the archive's meetings of this "
                                               "year (repeatable): a year tested as a fold, e.g. 2025"),
        seeds: bool = typer.Option(False, help="Add the five seeds (the municipality folds' test documents)"),
    ) -> None:
        """Unannotated text for `spacy pretrain`: the archive's meetings (and optionally the seeds), paragraphs
        joined to about 1,500 characters per line."""
        if not archive_files():
            typer.echo("../shared/corpus is not here: pretraining needs the archive's unannotated text.", err=True)
            raise typer.Exit(2)
        counts = write_pretrain_text(output, exclude_year, seeds)
        typer.echo(f"{counts['meetings']} meetings, {counts['lines']} lines, {counts['words']:,} words -> {output}")

    @app.command()
    def evaluate(
        gold: Path = typer.Argument(Path("annotations/gold"), help="Folder with entities.jsonl and decisions.jsonl"),
        config: Path = typer.Option(Path("configs/cnn.cfg"), help="spaCy config to train per fold"),
        output: Path = typer.Option(Path("training/evaluation"), help="Where metrics.json, report.md and PNGs go"),
        max_steps: int = typer.Option(2000, help="Training steps per fold"),
        synthetic: bool = typer.Option(True, help="Add the marked synthetic decision texts to each fold's train set"),
        archive: Optional[Path] = typer.Option(GREVE_DIR, "--archive",
                                               help="Stand-off gold of the archive (text from ../shared)"),
        no_archive: bool = typer.Option(False, "--no-archive", help="The seed gold alone"),
        seed: int = typer.Option(0, "--seed", help="Seed of spacy train and of the dev split"),
        fold: List[str] = typer.Option([], "--fold", help="Run only this fold (repeatable), e.g. 'Greve 2025'"),
        silver: int = typer.Option(0, "--silver", help="Unannotated archive meetings, labelled by the rules, "
                                   "added to the model's training data where the fold trains on Greve"),
        init_tok2vec: Optional[Path] = typer.Option(None, "--init-tok2vec", help="Pretrained tok2vec weights "
                                                    "(spacy pretrain) every fold starts from"),
        reuse_models: bool = typer.Option(False, "--reuse-models", help="Score the fold models an earlier run left "
                                          "in OUTPUT/models instead of training them again"),
    ) -> None:
        """Train and test per fold: each municipality left out, Greve by time (2025), and across publishing
        systems; rules, the names model and both, and the decision approaches. Each figure says where the rules
        saw its data."""

        for path in (gold / "entities.jsonl", gold / "decisions.jsonl", config):
            if not path.exists():
                typer.echo(f"{path}: not found. Run from the repository root, or pass the path.", err=True)
                raise typer.Exit(2)
        cross_validate(gold, config, output, max_steps=max_steps, synthetic=synthetic, log=typer.echo,
                       archive=None if no_archive else archive, seed=seed, only=fold, silver=silver,
                       init_tok2vec=init_tok2vec, reuse_models=reuse_models)
        typer.echo((output / "report.md").read_text(encoding="utf-8"))

    @app.command("evaluate-layouts")
    def evaluate_layouts_command(
        layouts: Path = typer.Argument(LAYOUTS_DIR, help="The layout set: folders with a gold.json"),
        layout: List[str] = typer.Option([], "--layout", help="Only this layout (repeatable)"),
        real: bool = typer.Option(True, help="Add the seeds and a Greve sample (JSON, text, HTML)"),
        errors: int = typer.Option(0, "--errors", help="Show up to N errors per layout"),
        output: Optional[Path] = typer.Option(None, help="Also write the table to this Markdown file"),
    ) -> None:
        """Items and decision texts per layout, blind and in view apart: how the segmenter reads layouts
        it was (or was not) written with."""
        if not layouts.is_dir():
            typer.echo(f"{layouts}: not a folder. Run from the repository root, or pass the layout set.", err=True)
            raise typer.Exit(2)
        scores = evaluate_layouts(layouts, real=real, only=layout)
        if not scores:
            typer.echo(f"{layouts}: no layout found (a folder with a gold.json).", err=True)
            raise typer.Exit(2)
        table = report(scores, errors)
        if output is not None:
            output.write_text("# Layouts: items and decision texts\n\n`referat evaluate-layouts`\n\n" + report(scores)
                              + "\n", encoding="utf-8")
        typer.echo(table)

    @app.command("evaluate-positions")
    def evaluate_positions_command(
        families: Path = typer.Argument(FAMILIES_DIR, help="The wording families: dev/ and heldout/ of <family>.jsonl"),
        model: Optional[Path] = typer.Option(None, help="A pipeline (default: the shipped one)"),
        output: Optional[Path] = typer.Option(None, help="Also write the tables to this Markdown file"),
    ) -> None:
        """Positions per wording family (roll calls, majority and minority, counts, absence, ...): actor and
        span P/R/F and exact counts, the dev families (in view of the cues) and the held-out ones (blind) apart."""
        if not (families / "dev").is_dir() and not (families / "heldout").is_dir():
            typer.echo(f"{families}: no dev/ or heldout/ folder of family files. Run from the repository root, "
                       "or pass the folder.", err=True)
            raise typer.Exit(2)
        splits = [s for s in SPLITS if (families / s).is_dir()]
        table = families_report(evaluate_families(families, model, splits), IN_VIEW)
        if output is not None:
            output.write_text("# Positions by wording family\n\n`referat evaluate-positions`\n\n" + table + "\n",
                              encoding="utf-8")
        typer.echo(table)

    @app.command()
    def thresholds(
        model: Path = typer.Argument(..., help="A trained pipeline with a names component, e.g. training/cnn/model-best"),
        dev: Path = typer.Argument(Path("corpus/dev.spacy"), help="Dev data (a DocBin), never the test split"),
        min_precision: float = typer.Option(0.9, help="The precision each label's spans must reach on dev"),
        write: bool = typer.Option(False, "--write", help="Store the chosen thresholds in the pipeline's config.cfg"),
        curve: bool = typer.Option(False, "--curve", help="Also print each label's precision and recall at every grid point"),
    ) -> None:
        """Choose the names model's per-label thresholds on dev data: the lowest at which its spans, and the spans
        it adds to the rules', reach the precision (a label that never does is switched off)."""
        for path, what in ((model / "config.cfg", "a spaCy pipeline (no config.cfg)"), (dev, "a DocBin")):
            if not path.exists():
                typer.echo(f"{path}: not found; pass {what}. Train and convert first: spacy project run all", err=True)
                raise typer.Exit(2)
        try:
            result = tune(model, dev, min_precision=min_precision, write=write)
        except ValueError as err:
            typer.echo(f"{model}: {err}", err=True)
            raise typer.Exit(2)
        for label, curve_points in result["curves"].items():
            chosen = result["thresholds"][label]
            point = next((p for p in curve_points if p["threshold"] == chosen), None)
            detail = (f"dev: P {point['precision'] or 0:.3f}, R {point['recall'] or 0:.3f}, adds {point['added']} "
                      f"at P {point['added_precision'] or 0:.3f}") if point else "switched off or too little dev gold"
            typer.echo(f"{label}: {chosen} ({detail})")
            if curve:
                typer.echo(curve_table(curve_points))
        typer.echo(f"written to {model / 'config.cfg'}" if write else "not written (pass --write)")

    @app.command()
    def package(
        model: Path = typer.Argument(..., help="A trained pipeline, e.g. training/cnn/model-best"),
        target: Optional[Path] = typer.Argument(None, help="Where to write it (default: the shipped default)"),
        metrics: List[Path] = typer.Option([], help="spacy evaluate JSON files to record in meta"),
        disable: List[str] = typer.Option([], help="Components to ship switched off (e.g. names)"),
    ) -> None:
        """Ship a trained pipeline as the default that extract() loads."""

        if not (model / "config.cfg").exists():
            typer.echo(f"{model}: not a spaCy pipeline (no config.cfg). Train one first: spacy project run train", err=True)
            raise typer.Exit(2)
        out = package_default(model, target or DEFAULT_PIPELINE, metrics, disable)
        typer.echo(f"packaged {model} -> {out}")

    @app.command("update-data")
    def update_data_command(
        target: Path = typer.Argument(DEFAULT_PIPELINE, help="A saved pipeline (default: the shipped default)"),
    ) -> None:
        """Copy the packaged data files (patterns, gazetteers, decision wording, competence) into a saved
        pipeline and record their hash in its meta.json; its trained weights stay as they are."""
        if not (target / "meta.json").exists():
            typer.echo(f"{target}: not a saved pipeline (no meta.json).", err=True)
            raise typer.Exit(2)
        try:
            digest = update_data(target)
        except FileNotFoundError as err:
            typer.echo(str(err), err=True)
            raise typer.Exit(2)
        typer.echo(f"{target}: data updated, sha256 {digest}")
