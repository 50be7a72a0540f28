"""The shared layer is built with its bytecode (shared/Makefile, run by `sam build` for BuildMethod makefile)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cfnlint.decode import decode

ROOT = Path(__file__).resolve().parents[2]
UNCHECKED_HASH = 0b01  # PEP 552: hash-based, not checked against the source


def test_both_layers_are_built_by_their_makefiles():
    # Given the template
    template, _ = decode(str(ROOT / "template.yaml"))

    # Then each layer is built by the Makefile beside its content, which exists and has the layer's target
    for name in ("DepsLayer", "SharedLayer"):
        layer = template["Resources"][name]
        assert layer["Metadata"]["BuildMethod"] == "makefile"
        makefile = ROOT / layer["Properties"]["ContentUri"] / "Makefile"
        assert f"build-{name}:" in makefile.read_text()


def test_the_shared_layer_ships_a_pyc_for_every_module_that_lambda_uses_without_checking_mtimes(tmp_path):
    # When the shared layer is built the way sam build builds it
    subprocess.run(["make", "-s", "-C", str(ROOT / "shared"), "build-SharedLayer", f"ARTIFACTS_DIR={tmp_path}",
                    f"PYTHON={sys.executable}"], check=True)

    # Then every module of the package is there with a compiled twin, and no stale bytecode of the machine
    sources = sorted((tmp_path / "python" / "switchboard").rglob("*.py"))
    compiled = sorted((tmp_path / "python").rglob("*.pyc"))
    assert len(sources) > 50 and len(compiled) == len(sources)
    # And each .pyc is hash-based and unchecked: a zip keeps mtimes to 2 s, which would void a timestamp .pyc
    # and make a read-only /opt compile the module again at every cold start
    for pyc in compiled:
        flags = int.from_bytes(pyc.read_bytes()[4:8], "little")
        assert flags == UNCHECKED_HASH, pyc
