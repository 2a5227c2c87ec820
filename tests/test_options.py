"""The training scripts' command-line options come from their Config dataclasses."""
from dataclasses import dataclass, field

import pytest

from tests.conftest import ROOT

from training.options import parse_options
from training.retriever.train import parse_args as retriever_args
from training.router.train import Config as RouterConfig
from training.router.train import parse_args as router_args


@dataclass
class Demo:
    run_name: str = "a"
    epochs: float = 1.0
    eval_only: bool = False
    thresholds: tuple = (0.3, 0.5)


def test_flags_are_typed_like_their_defaults_and_unset_ones_keep_them():
    cfg = parse_options(Demo, ["--run-name", "b", "--epochs", "2.5"], skip=("thresholds",))
    assert cfg == Demo(run_name="b", epochs=2.5)


@pytest.mark.parametrize("text, value", [("yes", True), ("ON", True), ("1", True), ("false", False), ("off", False)])
def test_yes_no_flags_accept_the_usual_words(text, value):
    assert parse_options(Demo, ["--eval-only", text]).eval_only is value


def test_a_misspelt_yes_no_value_is_an_error_not_false(capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse_options(Demo, ["--eval-only", "ture"])
    assert exit_info.value.code == 2
    assert "--eval-only" in capsys.readouterr().err


def test_skipped_fields_have_no_flag(capsys):
    with pytest.raises(SystemExit):
        parse_options(Demo, ["--thresholds", "0.4"], skip=("thresholds",))
    assert "unrecognized arguments" in capsys.readouterr().err


def test_the_training_scripts_parse_their_own_flags():
    assert retriever_args(["--eval-only", "yes", "--epochs", "0.5"]).eval_only is True
    assert router_args(["--write-best", "no"]).write_best is False
    assert router_args([]).thresholds == RouterConfig().thresholds


@dataclass
class WithFile:
    run: str | None = None
    limit: int = 10
    quantize: bool | None = None
    tasks: dict = field(default_factory=lambda: {"question": 2})


def test_a_yaml_file_fills_the_same_dataclass_and_flags_go_on_top(tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("limit: 3\ntasks: {question: 5}\n")
    cfg = parse_options(WithFile, [str(path), "--run", "b", "--quantize", "no"], config_file=True)
    assert cfg == WithFile(run="b", limit=3, quantize=False, tasks={"question": 5})
    assert parse_options(WithFile, [], config_file=True) == WithFile()


def test_a_misspelt_yaml_key_is_an_error(tmp_path, capsys):
    (tmp_path / "bad.yaml").write_text("limt: 3\n")
    with pytest.raises(SystemExit):
        parse_options(WithFile, [str(tmp_path / "bad.yaml")], config_file=True)
    assert "Unknown config keys" in capsys.readouterr().err


def test_dict_fields_have_no_flag(capsys):
    with pytest.raises(SystemExit):
        parse_options(WithFile, ["--tasks", "x"])
    assert "unrecognized arguments" in capsys.readouterr().err


def test_every_training_job_takes_its_settings_from_its_config():
    from training.generator.evaluate import EvalConfig
    from training.generator.hparam_search import Config as GridConfig, run_labels
    from training.generator.train import Config as GeneratorConfig, parse_args as generator_args

    smoke = generator_args([str(ROOT / "training" / "configs" / "smoke.yaml"), "--max-steps", "3"])
    assert smoke.max_steps == 3 and smoke.run_name == "smoke" and smoke.train_tasks == {"question": 3, "feedback": 1}
    assert generator_args([]) == GeneratorConfig()
    assert parse_options(EvalConfig, ["--limit", "80", "--per-task", "12"]) == EvalConfig(limit=80, per_task=12)
    assert run_labels(parse_options(GridConfig, ["--runs", "b,C"])) == ["B", "C"]


def test_no_training_module_parses_flags_or_reads_the_environment_itself():
    """One way for settings to reach a job (issue 24): `parse_options(Config)`. No job builds its own
    argparse parser or reads a setting from the environment. The one environment variable left says where
    this machine keeps WordNet (a system resource, like PATH), not how a job runs."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "training"
    wrong = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "options.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "argparse" in text:
            wrong.append(f"{path.relative_to(root)} builds its own parser")
        envs = [line for line in text.splitlines() if "os.environ" in line and "INTERVIEW_WORDNET_DIR" not in line]
        if envs:
            wrong.append(f"{path.relative_to(root)} reads the environment: {envs[0].strip()}")
    assert not wrong, "; ".join(wrong)
