"""The README's Python API examples run as written, from the repository root."""

from __future__ import annotations

import re

import pytest

from tests.support.corpus import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README[
    README.index("## Python API") : README.index("\n## ", README.index("## Python API") + 3)
]
EXAMPLES = re.findall(r"```python\n(.*?)```", SECTION, flags=re.DOTALL)


def test_the_python_api_section_has_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_readme_example_runs(example: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    exec(compile(example, "README.md", "exec"), {})
