"""The one way settings reach a training or evaluation job: its `Config` dataclass.

Each field is a `--name-with-dashes` flag typed like its default, so the dataclass stays the one list
of settings and their defaults; a job that takes YAML files (training/configs/) loads them into the
same dataclass, and flags given on the command line go on top of the file. Fields whose default is a
dict, list or tuple (task mixes, threshold grids) are set in YAML or code, not by flag.

    >>> parse_options(Config, ["--epochs", "2", "--eval-only", "yes"], "Train the retriever")
    >>> parse_options(Config, ["training/configs/smoke.yaml", "--max-steps", "3"], __doc__, config_file=True)
"""
from __future__ import annotations

import argparse
from dataclasses import MISSING, asdict, fields
from pathlib import Path

from interview.config import YES_WORDS as TRUE

FALSE = frozenset({"0", "false", "no", "off"})
PLAIN = (str, int, float, bool)


def flag_value(text: str) -> bool:
    """A yes/no flag. Anything else is an error, not False: `--eval-only ture` must not start a
    seven-minute training run."""
    value = text.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise argparse.ArgumentTypeError(f"expected one of {sorted(TRUE | FALSE)}, got {text!r}")


def load_config(config_cls, path: str | Path | None = None, **overrides):
    """`config_cls` from a YAML file (keys = its fields; an unknown key is an error, so a typo cannot
    silently train with a default) with keyword overrides on top (None = not given)."""
    import yaml

    values = (yaml.safe_load(Path(path).read_text()) or {}) if path else {}
    unknown = set(values) - {f.name for f in fields(config_cls)}
    if unknown:
        raise ValueError(f"Unknown config keys in {path}: {', '.join(sorted(unknown))}")
    values.update({k: v for k, v in overrides.items() if v is not None})
    return config_cls(**values)


def _parser_for(f) -> object | None:
    """How a field's flag text becomes its value, or None when the field has no flag."""
    if f.default is MISSING:            # default_factory: a dict or list, set in YAML or code
        return None
    if f.default is None:               # "str | None" and the like: typed by the annotation
        kind = str(f.type)
        if any(name in kind for name in ("dict", "list", "tuple")):
            return None
        return flag_value if "bool" in kind else int if "int" in kind else float if "float" in kind else str
    if not isinstance(f.default, PLAIN):
        return None
    return flag_value if isinstance(f.default, bool) else type(f.default)


def parse_options(config_cls, argv=None, description: str = "", skip: tuple[str, ...] = (),
                  config_file: bool = False):
    """`config_cls` filled from `argv` (sys.argv when None). With `config_file`, an optional first
    argument names a YAML file of fields, loaded first. Fields named in `skip`, and those whose default
    is not a plain value, keep their default (or the file's value)."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    if config_file:
        parser.add_argument("config", nargs="?", help="YAML file of Config fields (default: the Config defaults)")
    for f in fields(config_cls):
        parse = None if f.name in skip else _parser_for(f)
        if parse is not None:
            parser.add_argument("--" + f.name.replace("_", "-"), type=parse, default=argparse.SUPPRESS,
                                help=f"default: {f.default}")
    given = vars(parser.parse_args(argv))
    path = given.pop("config", None)
    try:
        return load_config(config_cls, path, **given) if path else config_cls(**{**asdict(config_cls()), **given})
    except (OSError, ValueError) as exc:
        parser.error(str(exc))
