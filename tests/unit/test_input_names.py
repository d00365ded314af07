"""Names of outputs from input paths (issue 13 item 11): inputs of one name from two folders are
told apart by the folders where their paths part, not by a folder they share."""

from __future__ import annotations

from einvoice_cli.core.input_names import distinct_names, distinguishing_folders


def test_unique_names_stay_plain() -> None:
    assert distinct_names(["a/x.pdf", "b/y.pdf", "-"]) == ("x.pdf", "y.pdf", "stdin")
    assert distinct_names(["a/x.pdf", "b/y.pdf"], drop_extension=True) == ("x", "y")


def test_names_alike_get_the_folders_that_tell_them_apart() -> None:
    assert distinct_names(["a/x.pdf", "b/x.pdf"], drop_extension=True) == ("x~a", "x~b")
    assert distinct_names(["/in/2024/standard/x.xml", "/in/2025/standard/X.xml"]) == (
        "x.xml~2024_standard",
        "X.xml~2025_standard",
    )
    # One path inside the other's folder: the outer one is named by its own last folder.
    assert distinct_names(["in/x.xml", "in/sub/x.xml"]) == ("x.xml~in", "x.xml~sub")
    assert distinct_names(["x.xml", "sub/x.xml"]) == ("x.xml", "x.xml~sub")


def test_windows_paths_and_case() -> None:
    assert distinguishing_folders(r"C:\eingang\Mai\x.xml", [r"c:\EINGANG\april\x.xml"]) == ("Mai",)
