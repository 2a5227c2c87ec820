"""The architecture as tests: no import cycles, no module over 400 lines, the layers only import downwards.

Imports are read with `ast`, including those inside functions (a function-level import still runs, only
later, so a cycle it closes is still a cycle). Fast: nothing is imported.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("interview", "training", "fixtures")  # the importable packages (pyproject.toml)
MAX_LINES = 400  # DESIGN.md §9: split a module before it passes ~400 lines
# Where the line limit applies. In tests/ only the helper modules: a test_*.py file is a list of cases,
# and splitting one would only scatter the cases of a module.
SIZED = ("interview", "training", "fixtures", "pages", "bench", "scripts", "tests")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    """Every module of the packages, by dotted name."""
    return {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def imported_names(path: Path, name: str) -> set[str]:
    """Dotted names `path` imports anywhere in the file (module level or inside functions).
    `from a.b import c` yields both `a.b` and `a.b.c`: c may be a submodule or a name in a.b."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: climb from this module's package
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([base] if base else []))
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)
    return out


def project_edges(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the project modules it imports (names that are not modules, e.g. functions, dropped)."""
    return {name: {m for m in imported_names(path, name) if m in modules and m != name}
            for name, path in modules.items()}


def find_cycle(edges: dict[str, set[str]], within: set[str] | None = None) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None. Iterative depth-first search (white/grey/black),
    restricted to the modules `within` when given."""
    keep = (lambda m: m in within) if within is not None else (lambda m: True)
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for start in sorted(m for m in edges if keep(m)):
        if state.get(start):
            continue
        path, stack = [start], [iter(sorted(edges[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif not keep(nxt):
                continue
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(edges.get(nxt, ()))))
    return None


def all_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per group of modules that import each other (strongly connected component), so a
    failure names every cycle at once. A module is in a group with m iff each reaches the other."""
    def reach(start: str) -> set[str]:
        seen, todo = {start}, [start]
        while todo:
            for nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reaches = {m: reach(m) for m in edges}
    groups, done = [], set()
    for m in sorted(edges):
        if m in done:
            continue
        group = {n for n in reaches[m] if m in reaches.get(n, ())}
        done |= group
        if len(group) > 1:
            groups.append(find_cycle(edges, within=group))
    return groups


def top_level_imports(folder: str) -> dict[str, set[str]]:
    """For every .py file under `folder`: the top-level names of what it imports."""
    out = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        name = module_name(path)
        out[str(path.relative_to(ROOT))] = {m.split(".")[0] for m in imported_names(path, name) if m}
    return out


# ----------------------------------------------------------------------------------------------- tests

def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_imports_inside_functions_and_relative_imports_are_read(tmp_path):
    pkg = tmp_path / "interview"
    pkg.mkdir()
    (pkg / "a.py").write_text("def f():\n    from interview import b\n    from .c import thing\n")
    names = imported_names(pkg / "a.py", "interview.a")
    assert {"interview.b", "interview.c", "interview.c.thing"} <= names


def test_all_cycles_names_each_group_once():
    edges = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e"}, "e": {"c"}, "f": {"a"}}
    assert all_cycles(edges) == [["a", "b", "a"], ["c", "d", "e", "c"]]


def test_no_import_cycle_inside_the_project():
    cycles = all_cycles(project_edges(project_modules()))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_no_module_is_over_400_lines():
    too_long = []
    for folder in SIZED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if folder == "tests" and path.name.startswith("test_"):
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                too_long.append(f"{path.relative_to(ROOT)} ({lines} lines)")
    assert not too_long, f"split these modules (limit {MAX_LINES} lines): " + ", ".join(too_long)


def test_layers_only_import_downwards():
    """pages -> interview; training -> interview; interview imports none of the layers above it."""
    forbidden = {
        "interview": {"training", "pages", "tests", "bench", "fixtures", "streamlit_app"},
        "training": {"pages", "tests", "bench", "fixtures", "streamlit", "streamlit_app"},
        "pages": {"training", "tests", "bench", "fixtures", "torch", "transformers", "faiss"},
        "fixtures": {"training", "pages", "tests", "bench", "streamlit"},
    }
    wrong = [f"{path} imports {bad}" for folder, banned in forbidden.items()
             for path, names in top_level_imports(folder).items() for bad in sorted(names & banned)]
    assert not wrong, "; ".join(wrong)


def test_only_ui_imports_streamlit_inside_interview():
    importers = [path for path, names in top_level_imports("interview").items() if "streamlit" in names]
    assert all(Path(p).name in ("ui.py", "ui_render.py") for p in importers), importers


def test_benches_import_the_installed_packages_without_path_edits():
    """`pip install -e .` (make install) puts the packages on the path; bench scripts neither edit
    sys.path nor reach into tests/ (their synthetic inputs come from the `fixtures` package)."""
    wrong = []
    for path in sorted((ROOT / "bench").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "sys.path.insert" in text or "sys.path.append" in text:
            wrong.append(f"{path.name} edits sys.path")
        if "tests" in top_level_imports("bench").get(str(path.relative_to(ROOT)), set()):
            wrong.append(f"{path.name} imports from tests")
    assert not wrong, "; ".join(wrong)


# The sub-packages of interview/, lowest first: a package may import only from packages of a lower rank
# (or its own). Read as one turn of an interview: set-up reads documents, routing routes, generation
# writes the question, speech turns a spoken answer into text, retrieval finds evidence, coaching assesses
# and writes feedback, storage keeps it; coach runs the turn; cli and ui face the user.
INTERVIEW_LAYERS = (
    ("interview.config", "interview.labels", "interview.text", "interview.fairlock", "interview.machine"),
    ("interview.validation",),
    ("interview.models",),
    ("interview.documents", "interview.speech"),
    ("interview.routing", "interview.generation", "interview.retrieval"),
    ("interview.coaching",),
    ("interview.session",),
    ("interview.storage", "interview.report"),
    ("interview.coach",),
    ("interview.cli", "interview.ui_render"),
    ("interview.ui",),
    ("interview.__main__",),
)


def package_of(module: str) -> str:
    """interview.coaching.gate -> interview.coaching; interview.coach -> interview.coach."""
    parts = module.split(".")
    return ".".join(parts[:2])


def test_interview_packages_only_import_lower_layers():
    rank = {pkg: i for i, layer in enumerate(INTERVIEW_LAYERS) for pkg in layer}
    edges = project_edges(project_modules())
    unplaced = sorted({package_of(m) for m in edges if m.startswith("interview.")} - set(rank))
    assert not unplaced, f"place these in INTERVIEW_LAYERS: {unplaced}"
    upward = sorted(f"{a} -> {b}" for a, targets in edges.items() if a.startswith("interview.")
                    for b in targets if b.startswith("interview.") and package_of(a) != package_of(b)
                    and rank[package_of(b)] >= rank[package_of(a)])
    assert not upward, "imports against the layers of interview/: " + "; ".join(upward)


def test_training_packages_import_each_other_without_cycles():
    edges = project_edges(project_modules())
    packages: dict[str, set[str]] = {}
    for a, targets in edges.items():
        if a.startswith("training."):
            packages.setdefault(package_of(a), set()).update(
                package_of(b) for b in targets if b.startswith("training.") and package_of(b) != package_of(a))
    assert not all_cycles(packages), all_cycles(packages)


# ----------------------------------------------------------------------------- the README's layout

def layout_entries(readme: str) -> list[str]:
    """The README's layout section (from 'Layout:' to the next heading) as entries: a table row, a
    list item with its continuation lines, or a paragraph."""
    section = readme[readme.index("\nLayout:"):]
    section = section[:section.index("\n## ")]
    entries: list[str] = []
    for line in section.splitlines():
        if not line.strip():
            entries.append("")                      # a blank line ends an entry
        elif line.startswith(("|", "- ")) or not entries or entries[-1].startswith("|"):
            entries.append(line)                    # a table row or a list item starts one
        else:
            entries[-1] += " " + line.strip()       # a continuation line, or the rest of a paragraph
    return [e.strip() for e in entries if e.strip()]


def layout_mismatches(readme: str, root: Path = ROOT) -> list[str]:
    """Modules and packages of interview/ and training/ the layout does not name, and names in it that
    are not in the tree. A package's modules are named in the entries that name the package
    (`interview/coaching/`); a top-level module by its path (`interview/config.py`)."""
    entries = layout_entries(readme)
    text = " ".join(entries)
    wrong = []
    for top in ("interview", "training"):
        for pkg in sorted(p.parent for p in (root / top).rglob("__init__.py")):
            rel = pkg.relative_to(root).as_posix()
            modules = sorted(p.name for p in pkg.glob("*.py") if p.name != "__init__.py")
            if pkg.parent != root:  # a sub-package: its modules are named beside it
                named = " ".join(e for e in entries if f"`{rel}/`" in e)
                if not named:
                    wrong.append(f"package {rel}/ not in the layout")
                wrong += [f"{rel}/{m} not named beside {rel}/" for m in modules if f"`{m}`" not in named]
            else:
                wrong += [f"{rel}/{m} not in the layout" for m in modules if f"`{rel}/{m}`" not in text]
    for path in sorted(set(re.findall(r"`((?:interview|training)/[\w/]*?\.py|(?:interview|training)/[\w/]+/)`",
                                      text))):
        if not (root / path).exists():
            wrong.append(f"the layout names {path}, which is not in the tree")
    for entry in entries:
        packages = re.findall(r"`((?:interview|training)/\w+)/`", entry)
        for name in re.findall(r"`(\w+\.py)`", entry):
            if packages and not any((root / p / name).is_file() for p in packages):
                wrong.append(f"the layout names {name} beside {', '.join(packages)}, where it is not")
    return wrong


def test_the_readme_layout_names_every_package_and_module():
    wrong = layout_mismatches((ROOT / "README.md").read_text(encoding="utf-8"))
    assert not wrong, "README.md's layout section and the tree differ: " + "; ".join(wrong)


def test_the_layout_check_finds_a_module_left_out(tmp_path):
    (tmp_path / "interview" / "coaching").mkdir(parents=True)
    (tmp_path / "training").mkdir()
    for name in ("interview/__init__.py", "interview/config.py", "interview/coaching/__init__.py",
                 "interview/coaching/gate.py", "interview/coaching/sample.py", "training/__init__.py"):
        (tmp_path / name).write_text("")
    readme = ("\nLayout: the tree.\n\n- `interview/coaching/`: `gate.py`, `scoring.py`.\n"
              "- `interview/config.py`.\n\n## Next\n")
    assert layout_mismatches(readme, tmp_path) == [
        "interview/coaching/sample.py not named beside interview/coaching/",
        "the layout names scoring.py beside interview/coaching, where it is not"]


def test_text_is_tokenized_by_tokens_py_only():
    """interview/text/tokens.py is the tokenizer; star.py imports sentences and words from it for its
    own rules, so `star.sentences` would still run, but as a second way in."""
    tokenizer = {n.name for n in ast.parse((ROOT / "interview/text/tokens.py").read_text()).body
                 if isinstance(n, ast.FunctionDef)} | {"STOPWORDS", "WORD", "LEADS_ON"}
    wrong = []
    for folder in SIZED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Attribute) and node.attr in tokenizer
                        and isinstance(node.value, ast.Name) and node.value.id == "star") or (
                        isinstance(node, ast.ImportFrom) and node.module == "interview.text.star"
                        and any(a.name in tokenizer for a in node.names)):
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not wrong, "read these through interview.text.tokens: " + ", ".join(wrong)
