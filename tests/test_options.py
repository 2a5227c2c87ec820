"""The training scripts' command-line options come from their Config dataclasses."""
from dataclasses import dataclass

import pytest

from training.options import parse_options
from training.train_retriever import parse_args as retriever_args
from training.train_router import Config as RouterConfig
from training.train_router import parse_args as router_args


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
