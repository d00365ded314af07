"""The packages import each other in one direction only: no cycles, and each import goes down
the layers the README's Development section lists. Lazy imports inside functions and imports
for type checking count too: a cycle through them still ties two packages together."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import einvoice_cli

PACKAGE = Path(einvoice_cli.__file__).resolve().parent

LAYERS: list[set[str]] = [
    {"__init__", "__main__"},
    {"cli"},
    {"service"},
    {"api", "dask"},
    {"cluster"},
    {"settings"},
    {"report"},
    {"rules_info"},
    {"batch"},
    {"conversion"},
    {"rendering"},
    {"validation"},
    {"checks"},
    {"hybrid"},
    {"schematron.compiler"},
    {"schematron.merge", "schematron.optimize", "schematron.runtime"},
    {"schematron"},
    {"evidence"},
    {"rulepacks"},
    {"model"},
    {"xml"},
    {"core"},
    {"errors"},
]
"""Top to bottom; a unit may import only units in lower layers (or itself)."""

LEVEL = {unit: level for level, units in enumerate(LAYERS) for unit in units}


def unit_of(module: str) -> str:
    """The layer unit of a module: its top-level package, or a subpackage of schematron/."""
    parts = module.split(".")[1:]
    if not parts:
        return "__init__"
    if parts[0] == "schematron" and len(parts) > 1 and (PACKAGE / "schematron" / parts[1]).is_dir():
        return f"schematron.{parts[1]}"
    return parts[0]


def imports() -> dict[str, set[tuple[str, str]]]:
    """unit -> {(imported unit, importing file)}."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(relative.parts).removesuffix(".__init__")
        source = unit_of(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("einvoice_cli"):
                assert node.module is not None
                # `from einvoice_cli.schematron import nonblank` imports a submodule.
                targets = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("einvoice_cli")]
            for target in targets:
                imported = unit_of(target if _is_module(target) else target.rpartition(".")[0])
                if imported != source:
                    found[source].add((imported, str(path.relative_to(PACKAGE.parent))))
    return found


def _is_module(dotted: str) -> bool:
    base = PACKAGE.parent / Path(*dotted.split("."))
    return base.is_dir() or base.with_suffix(".py").is_file()


def test_every_unit_has_a_layer() -> None:
    units = {unit for unit in imports()} | {u for deps in imports().values() for u, _ in deps}
    assert units <= set(LEVEL), f"not in LAYERS: {sorted(units - set(LEVEL))}"


def test_imports_go_down_the_layers_only() -> None:
    upward = sorted(
        f"{where}: {source} imports {imported}"
        for source, deps in imports().items()
        for imported, where in deps
        if LEVEL[imported] <= LEVEL[source]
    )
    assert not upward, "imports against the layering:\n" + "\n".join(upward)
