"""Fetch the published schemas the report tests validate against, into build/test-schemas/.

The official SARIF 2.1.0 JSON schema is not on PyPI; Microsoft's ``@microsoft/jest-sarif``
package on npm (MIT) ships it as ``lib/schemas/sarif-2.1.0-rtm.5.json``. ``npm pack`` fetches
the package tarball without installing anything; the schema is taken out of it and kept only
when its sha256 is the one pinned here. Run once before the tests (CI does):

    python -m scripts.test_schemas
"""

from __future__ import annotations

import hashlib
import subprocess
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "build" / "test-schemas"

SARIF_PACKAGE = "@microsoft/jest-sarif@1.0.0-beta.0"
SARIF_MEMBER = "package/lib/schemas/sarif-2.1.0-rtm.5.json"
SARIF_SCHEMA = TARGET / "sarif-2.1.0-rtm.5.json"
SARIF_SHA256 = "2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"


def fetch_sarif_schema() -> Path:
    """Put the SARIF 2.1.0 schema at :data:`SARIF_SCHEMA`, verified by sha256."""
    if SARIF_SCHEMA.is_file() and _sha256(SARIF_SCHEMA.read_bytes()) == SARIF_SHA256:
        return SARIF_SCHEMA
    with tempfile.TemporaryDirectory() as folder:
        packed = subprocess.run(
            ["npm", "pack", "--silent", "--pack-destination", folder, SARIF_PACKAGE],
            check=True,
            capture_output=True,
            text=True,
        )
        tarball = Path(folder) / packed.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as archive:
            member = archive.extractfile(SARIF_MEMBER)
            if member is None:
                raise SystemExit(f"{SARIF_PACKAGE} has no {SARIF_MEMBER}")
            data = member.read()
    actual = _sha256(data)
    if actual != SARIF_SHA256:
        raise SystemExit(f"{SARIF_PACKAGE}:{SARIF_MEMBER} has sha256 {actual}, not {SARIF_SHA256}")
    TARGET.mkdir(parents=True, exist_ok=True)
    SARIF_SCHEMA.write_bytes(data)
    return SARIF_SCHEMA


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


if __name__ == "__main__":
    print(fetch_sarif_schema().relative_to(REPO))
