"""Command-line options from a training script's Config dataclass: one `--name-with-dashes` flag per
field, typed like its default, so the dataclass stays the one list of settings and their defaults.

    >>> parse_options(Config, ["--epochs", "2", "--eval-only", "yes"], "Train the retriever")
"""
from __future__ import annotations

import argparse
from dataclasses import asdict, fields

from interview.config import YES_WORDS as TRUE

FALSE = frozenset({"0", "false", "no", "off"})


def flag_value(text: str) -> bool:
    """A yes/no flag. Anything else is an error, not False: `--eval-only ture` must not start a
    seven-minute training run."""
    value = text.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise argparse.ArgumentTypeError(f"expected one of {sorted(TRUE | FALSE)}, got {text!r}")


def parse_options(config_cls, argv=None, description: str = "", skip: tuple[str, ...] = ()):
    """`config_cls` filled from `argv` (sys.argv when None). Fields named in `skip` (those whose
    default is not a plain value, such as a tuple of thresholds) keep their default."""
    parser = argparse.ArgumentParser(description=description)
    for f in fields(config_cls):
        if f.name in skip:
            continue
        parse = flag_value if isinstance(f.default, bool) else type(f.default)
        parser.add_argument("--" + f.name.replace("_", "-"), type=parse, default=f.default)
    return config_cls(**{**asdict(config_cls()), **vars(parser.parse_args(argv))})
