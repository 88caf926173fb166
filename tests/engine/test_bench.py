"""`python -m engine.bench` runs, and the one deterministic target (dump size) holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine import bench


def test_measure_reports_every_metric_and_the_typical_dump_fits(tmp_path: Path) -> None:
    results = bench.measure(0.05)
    assert set(bench.TARGETS) <= set(results)
    assert all(results[key] > 0 for key in bench.TARGETS)
    assert results["dump_bytes_typical"] <= 8 * 1024  # the target; sizes do not flake
    assert results["commands_per_s"] >= results["commands_per_s_median"]


def test_main_prints_a_table_and_writes_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", ["bench", "0.05"])
    assert bench.main() == 0
    assert capsys.readouterr().out.startswith("metric ")
    written = json.loads((tmp_path / "bench-output" / "engine.json").read_text())
    assert written["targets"]["load_execute_dump_per_s"] == [">=", 2000]
