"""Reference data for Paciolus's whole Alembic history (see README.md).

Run by generate.sh inside a virtual environment with alembic==1.18.4 and
SQLAlchemy==2.0.49 (psycopg2-binary for PostgreSQL). Reads Paciolus's revision
files and models from the git mirror at run time; writes next to this script:

  graph.json                      the revision graph, walk order, what each upgrade()/downgrade() does
  sqlite/<rev>.json, <rev>.sql    schema after each revision on SQLite, the statements Alembic sent
  sqlite/<rev>.down.sql           the statements of the revision's downgrade()
  sqlite/downgrades.json          upgrade, downgrade, upgrade again: what each downgrade() restores
  postgres/<rev>.json, <rev>.sql  the same on PostgreSQL, for every revision before the first failure
  postgres/failures.json          every revision Alembic fails at on PostgreSQL, and the one-go run
  postgres/downgrades.json        downgrade checks on PostgreSQL
  postgres/continued-head.json    the PostgreSQL schema at the end of the walk past failures (not Alembic's)
  models/sqlite.json, postgres.json   Base.metadata.create_all() from the current models
  models/metadata.json            the models' Python-side defaults and enum label/value maps

Usage: python generate.py [graph] [sqlite] [postgres] [models] [drift]   (all when none is given)

Environment (defaults in parentheses):
  PACIOLUS_MIRROR      the Paciolus git repository (/work/.mirror/Paciolus+Paciolus/repo)
  PACIOLUS_REF         the commit to read (HEAD)
  PSCHEMA_PG_ADMIN_DSN a PostgreSQL database to create scratch databases from
                       (postgresql://postgres@127.0.0.1:5432/postgres)
  PSCHEMA_PG_DB_PREFIX prefix of the scratch databases, dropped at the end (pschema_history_ref)
  PSCHEMA_HISTORY_OUT  where to write (this directory)
"""
from __future__ import annotations

import ast
import copy
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import dump_schema  # noqa: E402
import drift  # noqa: E402

MIRROR = os.environ.get("PACIOLUS_MIRROR", "/work/.mirror/Paciolus+Paciolus/repo")
REF = os.environ.get("PACIOLUS_REF", "HEAD")
ADMIN_DSN = os.environ.get("PSCHEMA_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_PREFIX = os.environ.get("PSCHEMA_PG_DB_PREFIX", "pschema_history_ref")
OUT = Path(os.environ.get("PSCHEMA_HISTORY_OUT", str(HERE)))
VERSIONS_DIR = "backend/migrations/alembic/versions"

write_json = dump_schema.write_json


def log(msg: str) -> None:
    print(msg, flush=True)


# --------------------------------------------------------------------------- sources


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", MIRROR, *args], check=True, capture_output=True, text=True).stdout


def extract_sources(work: Path) -> dict:
    """Revision files into work/alembic/versions, models into work/models."""
    commit = git("rev-parse", f"{REF}^{{commit}}").strip()
    versions = work / "alembic" / "versions"
    versions.mkdir(parents=True)
    shutil.copy(HERE / "env.py", work / "alembic" / "env.py")
    files = sorted(f for f in git("ls-tree", "--name-only", commit, VERSIONS_DIR + "/").split() if f.endswith(".py"))
    for f in files:
        (versions / Path(f).name).write_text(git("show", f"{commit}:{f}"), encoding="utf-8")
    models = work / "models"
    (models / "shared").mkdir(parents=True)
    model_files = sorted(
        f for f in git("ls-tree", "--name-only", commit, "backend/").split()
        if f == "backend/models.py" or f.endswith("_model.py")
    )
    for f in model_files + ["backend/shared/soft_delete.py"]:
        dest = models / f[len("backend/"):]
        dest.write_text(git("show", f"{commit}:{f}"), encoding="utf-8")
    (models / "shared" / "__init__.py").write_text("", encoding="utf-8")
    # Paciolus's database.py builds an engine from config.DATABASE_URL and imports
    # security_utils; the models only need its Base. This stub is that Base.
    (models / "database.py").write_text(
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
        encoding="utf-8",
    )
    return {"commit": commit, "revision_files": files, "model_files": model_files}


# --------------------------------------------------------------------------- Alembic


def alembic_config(work: Path, url: str, **attributes):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(work / "alembic"))
    cfg.set_main_option("sqlalchemy.url", url)
    cfg.attributes.update(attributes)
    return cfg


REFLECTION = re.compile(
    r"^\s*(PRAGMA\b|SELECT\b.*\b(sqlite_master|sqlite_temp_master|sqlite_schema)\b|"
    r"select pg_catalog\.|select current_schema\(\)|show\s|select version\(\)|"
    r"SELECT\b.*\bpg_catalog\.|SELECT\b.*\binformation_schema\.|SELECT alembic_version\.version_num\s+FROM alembic_version)",
    re.IGNORECASE | re.DOTALL,
)


class SqlLog:
    """The statements Alembic sends (reflection queries left out)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def hook(self, engine) -> None:
        from sqlalchemy import event

        @event.listens_for(engine, "before_cursor_execute")
        def _log(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
            if REFLECTION.match(statement):
                return
            text = statement.strip()
            if parameters:
                text += f"\n-- parameters: {parameters!r}"
            self.statements.append(text)

    def text(self) -> str:
        return "".join(s + ";\n\n" for s in self.statements)


class AlembicLog(logging.Handler):
    """Alembic's 'Running upgrade a -> b' lines."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


ALEMBIC_LOG = AlembicLog()
logging.getLogger("alembic").addHandler(ALEMBIC_LOG)
logging.getLogger("alembic").setLevel(logging.INFO)
logging.getLogger("alembic").propagate = False


def script_directory(work: Path):
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(work, "sqlite://"))


def walk_order(work: Path) -> list[str]:
    """The order `alembic upgrade heads` applies the revisions in, from empty."""
    script = script_directory(work)
    return [step.revision.revision for step in script._upgrade_revs("heads", ())]


def error_record(exc: BaseException) -> dict:
    orig = getattr(exc, "orig", None)
    rec = {"error": str(exc).splitlines()[0], "exception": type(exc).__name__}
    if orig is not None:
        rec["sqlstate"] = getattr(orig, "pgcode", None)
        diag = getattr(orig, "diag", None)
        rec["message"] = getattr(diag, "message_primary", None) if diag else str(orig)
        detail = getattr(diag, "message_detail", None) if diag else None
        if detail:
            rec["detail"] = detail
        hint = getattr(diag, "message_hint", None) if diag else None
        if hint:
            rec["hint"] = hint
    stmt = getattr(exc, "statement", None)
    if stmt:
        rec["statement"] = stmt.strip()
    return rec


class _CreationOrdered(set):
    """A set that iterates in SQLAlchemy's creation order of its members
    (constraints have one), else by name (indexes have none)."""

    def __iter__(self):
        def key(x):
            order = getattr(x, "_creation_order", None)
            return (order is None, order or 0, str(getattr(x, "name", None) or ""))

        return iter(sorted(set.__iter__(self), key=key))


def make_batch_deterministic() -> None:
    """Alembic's batch mode (SQLite) copies a table's constraints and indexes by
    iterating Table.constraints and Table.indexes, Python sets of objects hashed
    by address, and create_table sends a CREATE INDEX per member of
    Table.indexes: the order of the FOREIGN KEY lines of a rebuilt CREATE TABLE
    and of CREATE INDEX statements changes from run to run. Make Alembic walk
    constraints in the order SQLAlchemy made them (the order of the revision's
    code, or of reflection) and indexes by name: one of the orders Alembic
    produces anyway."""
    from alembic.operations.batch import ApplyBatchImpl

    if getattr(ApplyBatchImpl, "_pschema_ordered", False):
        return
    original = ApplyBatchImpl._grab_table_elements

    def _grab_table_elements(self) -> None:
        self.table.constraints = _CreationOrdered(self.table.constraints)
        self.table.indexes = _CreationOrdered(self.table.indexes)
        original(self)

    ApplyBatchImpl._grab_table_elements = _grab_table_elements
    ApplyBatchImpl._pschema_ordered = True

    # create_table (every dialect, batch rebuilds included) sends CREATE INDEX
    # for each member of table.indexes, the same kind of set.
    from alembic.ddl.impl import DefaultImpl

    create_table = DefaultImpl.create_table

    def _create_table(self, table, **kw):
        table.indexes = _CreationOrdered(table.indexes)
        return create_table(self, table, **kw)

    DefaultImpl.create_table = _create_table


# --------------------------------------------------------------------------- graph: AST analysis


class Unknown:
    def __repr__(self) -> str:
        return "<?>"


UNKNOWN = Unknown()


def sql_kind(sql: str) -> str:
    head = sql.lstrip().split(None, 2)
    first = head[0].upper() if head else ""
    if first in ("UPDATE", "DELETE", "INSERT"):
        return "data"
    if first == "SELECT":
        return "query"
    if first in ("ALTER", "CREATE", "DROP") and len(head) > 1 and head[1].upper() == "TYPE":
        return "enum-ddl"
    return "ddl"


class FunctionAnalyzer:
    """Walks upgrade()/downgrade() for one dialect, following `if dialect ...`
    branches, early returns and loops over module constants, and lists the
    operations and the SQL they execute."""

    def __init__(self, module_env: dict, dialect: str) -> None:
        self.env = dict(module_env)
        self.dialect = dialect
        self.steps: list[dict] = []
        self.uncertain = False
        self.batch_table: list[str] = []

    # expressions
    def ev(self, node):  # noqa: C901
        if node is None:
            return None
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return self.env.get(node.id, UNKNOWN)
        if isinstance(node, (ast.Tuple, ast.List)):
            return [self.ev(e) for e in node.elts]
        if isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                if isinstance(v, ast.Constant):
                    parts.append(str(v.value))
                else:
                    val = self.ev(v.value)
                    parts.append("{?}" if val is UNKNOWN else str(val))
            return "".join(parts)
        if isinstance(node, ast.Attribute):
            base = self.ev(node.value)
            if base == "<bind>" and node.attr == "dialect":
                return "<dialect>"
            if base == "<dialect>" and node.attr == "name":
                return self.dialect
            return UNKNOWN
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            a, b = self.ev(node.left), self.ev(node.comparators[0])
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            op = node.ops[0]
            if isinstance(op, ast.Eq):
                return a == b
            if isinstance(op, ast.NotEq):
                return a != b
            if isinstance(op, ast.In):
                return a in b
            if isinstance(op, ast.NotIn):
                return a not in b
            return UNKNOWN
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            v = self.ev(node.operand)
            return UNKNOWN if v is UNKNOWN else (not v)
        if isinstance(node, ast.BoolOp):
            vals = [self.ev(v) for v in node.values]
            if any(v is UNKNOWN for v in vals):
                return UNKNOWN
            return all(vals) if isinstance(node.op, ast.And) else any(vals)
        if isinstance(node, ast.IfExp):
            t = self.ev(node.test)
            if t is UNKNOWN:
                return UNKNOWN
            return self.ev(node.body if t else node.orelse)
        if isinstance(node, ast.Starred):
            return self.ev(node.value)
        if isinstance(node, ast.Call):
            return self.call(node, as_value=True)
        return UNKNOWN

    def call_name(self, func) -> str:
        if isinstance(func, ast.Attribute):
            return f"{self.call_name(func.value)}.{func.attr}"
        if isinstance(func, ast.Name):
            return func.id
        if isinstance(func, ast.Call):
            return self.call_name(func.func) + "(...)"
        return "?"

    def call(self, node: ast.Call, as_value: bool = False):  # noqa: C901
        name = self.call_name(node.func)
        attr = name.rsplit(".", 1)[-1]
        args = [self.ev(a) for a in node.args]
        kwargs = {k.arg: self.ev(k.value) for k in node.keywords if k.arg}
        if name == "op.get_bind":
            return "<bind>"
        if attr == "f" and name.endswith(".f") and args:
            return args[0]
        if name in ("sa.text", "text"):
            return args[0] if args else UNKNOWN
        if name in ("sa.Column", "Column"):
            return {"column": args[0] if args else UNKNOWN}
        if name == "reversed":
            return list(reversed(args[0])) if isinstance(args[0], list) else UNKNOWN
        if attr == "execute":
            sql = args[0] if args else UNKNOWN
            sql = " ".join(str(sql).split()) if sql is not UNKNOWN else "<?>"
            self.steps.append({"op": "execute", "sql": sql, "kind": sql_kind(sql), "via": name})
            return "<result>"
        if name.startswith(("op.", "batch_op.")) or (attr == "drop" and "Enum" in name):
            table = None
            if name.startswith("batch_op.") and self.batch_table:
                table = self.batch_table[-1]
            step = {"op": attr}
            target = []
            for a in args:
                if isinstance(a, dict) and "column" in a:
                    target.append(str(a["column"]))
                elif isinstance(a, (str, int)):
                    target.append(str(a))
                elif isinstance(a, list) and all(isinstance(x, str) for x in a):
                    target.append("(" + ", ".join(a) + ")")
            if attr == "drop" and "Enum" in name:
                step["op"] = "drop_enum_type"
                m = re.search(r"name=['\"](\w+)['\"]", ast.unparse(node.func))
                target = [m.group(1)] if m else ["?"]
            if table:
                step["table"] = table
            step["args"] = target
            for k in ("unique", "type_", "nullable", "server_default", "table_name", "type_"):
                if k in kwargs and not isinstance(kwargs[k], Unknown):
                    step[k] = kwargs[k]
            if "server_default" in [k.arg for k in node.keywords]:
                kw = next(k for k in node.keywords if k.arg == "server_default")
                step["server_default"] = ast.unparse(kw.value)
            if "type_" in [k.arg for k in node.keywords]:
                kw = next(k for k in node.keywords if k.arg == "type_")
                step["type_"] = ast.unparse(kw.value)
            if attr == "create_table":
                cols = []
                for a in node.args[1:]:
                    if isinstance(a, ast.Call) and self.call_name(a.func) in ("sa.Column", "Column"):
                        cols.append(str(self.ev(a.args[0])))
                step["columns"] = cols
            if attr == "add_column":
                col = next((a for a in node.args if isinstance(a, ast.Call)), None)
                if col is not None:
                    step["column_def"] = ast.unparse(col)
            if attr == "bulk_insert":
                step["kind"] = "data"
            self.steps.append(step)
            if attr == "batch_alter_table":
                return ("<batch>", args[0] if args else UNKNOWN)
            return UNKNOWN
        return UNKNOWN

    # statements; returns False when the function returned
    def run(self, body) -> bool:  # noqa: C901
        for st in body:
            if isinstance(st, ast.Return):
                return False
            if isinstance(st, ast.Pass):
                continue
            if isinstance(st, ast.Expr):
                if isinstance(st.value, ast.Call):
                    self.call(st.value)
                continue
            if isinstance(st, (ast.Assign, ast.AnnAssign)):
                value = self.ev(st.value) if st.value is not None else None
                targets = st.targets if isinstance(st, ast.Assign) else [st.target]
                for t in targets:
                    if isinstance(t, ast.Name):
                        self.env[t.id] = value
                continue
            if isinstance(st, ast.If):
                test = self.ev(st.test)
                if test is UNKNOWN:
                    self.uncertain = True
                    if not self.run(st.body):
                        return False
                    if not self.run(st.orelse):
                        return False
                elif test:
                    if not self.run(st.body):
                        return False
                else:
                    if not self.run(st.orelse):
                        return False
                continue
            if isinstance(st, ast.For):
                it = self.ev(st.iter)
                if not isinstance(it, list):
                    self.uncertain = True
                    it = [UNKNOWN]
                for v in it:
                    self._bind(st.target, v)
                    if not self.run(st.body):
                        return False
                continue
            if isinstance(st, ast.With):
                pushed = 0
                for item in st.items:
                    v = self.ev(item.context_expr)
                    if isinstance(v, tuple) and v and v[0] == "<batch>":
                        self.batch_table.append(str(v[1]))
                        pushed += 1
                    if item.optional_vars is not None:
                        self._bind(item.optional_vars, v)
                ok = self.run(st.body)
                for _ in range(pushed):
                    self.batch_table.pop()
                if not ok:
                    return False
                continue
            if isinstance(st, ast.Raise):
                self.steps.append({"op": "raise", "args": [ast.unparse(st.exc)[:200] if st.exc else ""]})
                continue
            self.uncertain = True
        return True

    def _bind(self, target, value) -> None:
        if isinstance(target, ast.Name):
            self.env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            vals = value if isinstance(value, list) else [UNKNOWN] * len(target.elts)
            for t, v in zip(target.elts, vals):
                self._bind(t, v)


def analyze_revision(source: str) -> dict:
    tree = ast.parse(source)
    module_env: dict = {}
    funcs = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            try:
                val = ast.literal_eval(node.value)
            except Exception:  # noqa: BLE001
                continue
            val = json.loads(json.dumps(val))  # tuples to lists
            for t in targets:
                if isinstance(t, ast.Name):
                    module_env[t.id] = val
        if isinstance(node, ast.FunctionDef) and node.name in ("upgrade", "downgrade"):
            funcs[node.name] = node
    out = {}
    for fname in ("upgrade", "downgrade"):
        node = funcs.get(fname)
        per = {}
        for dialect in ("sqlite", "postgresql"):
            a = FunctionAnalyzer(module_env, dialect)
            if node is not None:
                a.run(node.body)
            per[dialect] = {"steps": a.steps, "uncertain": a.uncertain}
        src = ast.get_source_segment(source, node) if node is not None else ""
        dialect_branch = bool(re.search(r"dialect\.name|is_pg\b", src or ""))
        steps_all = per["sqlite"]["steps"] + per["postgresql"]["steps"]
        same = per["sqlite"]["steps"] == per["postgresql"]["steps"]
        out[fname] = {
            "touches_rows": any(s.get("kind") == "data" for s in steps_all),
            "executes_sql": any(s["op"] == "execute" for s in steps_all),
            "dialect_branches": dialect_branch,
            "is_noop": all(not p["steps"] for p in per.values()),
            "analysis_uncertain": per["sqlite"]["uncertain"] or per["postgresql"]["uncertain"],
            # the operations in order, for both dialects when they are the same
            "steps": {"both": per["sqlite"]["steps"]} if same
            else {"sqlite": per["sqlite"]["steps"], "postgresql": per["postgresql"]["steps"]},
        }
    return out


def build_graph(work: Path, sources: dict) -> dict:
    import alembic
    import sqlalchemy

    script = script_directory(work)
    order = walk_order(work)
    revisions = {}
    for idx, rev in enumerate(order):
        sc = script.get_revision(rev)
        parents = list(sc._versioned_down_revisions)
        path = Path(sc.path)
        source = path.read_text(encoding="utf-8")
        entry = {
            "revision": rev,
            "parents": parents,
            "children": sorted(sc.nextrev),
            "message": sc.doc,
            "docstring_first_line": sc.longdoc.splitlines()[0] if sc.longdoc else "",
            "file": f"{VERSIONS_DIR}/{path.name}",
            "walk_index": idx,
            "is_merge": len(parents) > 1,
            "is_branch_point": len(sc.nextrev) > 1,
            "is_head": not sc.nextrev,
            "branch_labels": sorted(sc.branch_labels),
            "depends_on": list(sc._resolved_dependencies) if sc.dependencies else [],
        }
        entry.update(analyze_revision(source))
        revisions[rev] = entry
    data = {
        "source": {"repository": "Paciolus/Paciolus", "commit": sources["commit"], "versions_dir": VERSIONS_DIR},
        "tools": {"alembic": alembic.__version__, "sqlalchemy": sqlalchemy.__version__,
                  "sqlite": sqlite3.sqlite_version},
        "walk_order": order,
        "heads": sorted(r for r, e in revisions.items() if e["is_head"]),
        "bases": sorted(r for r, e in revisions.items() if not e["parents"]),
        "branch_points": [r for r in order if revisions[r]["is_branch_point"]],
        "merges": [r for r in order if revisions[r]["is_merge"]],
        "revisions": revisions,
    }
    return data


# --------------------------------------------------------------------------- SQLite walk


def heads_in(dump: dict) -> list[str]:
    return dump["alembic_version"]


def run_sqlite(work: Path, order: list[str], graph: dict) -> None:
    from alembic import command

    out = OUT / "sqlite"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    db = work / "sqlite" / "walk.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    url = lambda p: f"sqlite:///{p}"  # noqa: E731
    prev = dump_schema.dump_sqlite(str(db))  # empty file
    downgrades = {}
    for rev in order:
        sql = SqlLog()
        command.upgrade(alembic_config(work, url(db), engine_hook=sql.hook), rev)
        dump = dump_schema.dump_sqlite(str(db))
        write_json(dump, str(out / f"{rev}.json"))
        (out / f"{rev}.sql").write_text(sql.text(), encoding="utf-8")
        downgrades[rev] = roundtrip_sqlite(work, db, rev, prev, dump, graph, out)
        prev = dump
        log(f"sqlite  {rev}  {len(dump['tables'])} tables")
    write_json(downgrades, str(out / "downgrades.json"))


def downgrade_target(rev: str, before: dict, graph: dict) -> str:
    """What to give `alembic downgrade` to undo only `rev`."""
    # `<rev>@-1` undoes only <rev> when other branches are applied too (a plain
    # `downgrade <parent>` also undoes every other descendant of <parent>); it is
    # ambiguous for a merge, but a merge just applied is the only descendant of
    # its first parent.
    entry = graph["revisions"][rev]
    if not entry["parents"]:
        return "base"
    if entry["is_merge"]:
        return entry["parents"][0]
    return f"{rev}@-1"


def compare(a: dict, b: dict) -> list[dict]:
    return drift.diff_schemas(a, b, compare_sql=True)


def roundtrip_sqlite(work: Path, db: Path, rev: str, before: dict, after: dict, graph: dict, out: Path) -> dict:
    from alembic import command

    tmp = db.with_name("roundtrip.db")
    shutil.copy(db, tmp)
    url = f"sqlite:///{tmp}"
    res: dict = {"target": downgrade_target(rev, before, graph)}
    sql = SqlLog()
    try:
        command.downgrade(alembic_config(work, url, engine_hook=sql.hook), res["target"])
    except Exception as exc:  # noqa: BLE001
        res["downgrade_error"] = error_record(exc)
        tmp.unlink()
        return res
    (out / f"{rev}.down.sql").write_text(sql.text(), encoding="utf-8")
    down = dump_schema.dump_sqlite(str(tmp))
    res["versions_after_downgrade"] = down["alembic_version"]
    res["versions_expected"] = before["alembic_version"]
    res["versions_match"] = down["alembic_version"] == before["alembic_version"]
    res["downgrade_differences"] = compare(before, down)
    res["downgrade_restores"] = not res["downgrade_differences"]
    try:
        command.upgrade(alembic_config(work, url), rev)
    except Exception as exc:  # noqa: BLE001
        res["reupgrade_error"] = error_record(exc)
        tmp.unlink()
        return res
    again = dump_schema.dump_sqlite(str(tmp))
    res["reupgrade_differences"] = compare(after, again)
    res["reupgrade_same"] = not res["reupgrade_differences"]
    tmp.unlink()
    return res


# --------------------------------------------------------------------------- PostgreSQL walk


def pg_admin(sql: str) -> None:
    import psycopg2

    conn = psycopg2.connect(ADMIN_DSN)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


def pg_dsn(db: str) -> str:
    base, _, _ = ADMIN_DSN.rpartition("/")
    return f"{base}/{db}"


def pg_recreate(db: str, template: str | None = None) -> None:
    pg_admin(f'DROP DATABASE IF EXISTS "{db}"')
    pg_admin(f'CREATE DATABASE "{db}"' + (f' TEMPLATE "{template}"' if template else ""))


def pg_drop(db: str) -> None:
    pg_admin(f'DROP DATABASE IF EXISTS "{db}"')


def tolerant_cursor_factory(skipped: list):
    """A psycopg2 cursor that runs each statement under a savepoint and, when
    it fails, rolls back to the savepoint, records it and carries on."""
    import psycopg2
    import psycopg2.extensions

    class TolerantCursor(psycopg2.extensions.cursor):
        def execute(self, query, vars=None):  # noqa: A002
            helper = psycopg2.extensions.cursor(self.connection)
            helper.execute("SAVEPOINT pschema_tolerant")
            try:
                result = super().execute(query, vars)
            except psycopg2.Error as exc:
                helper.execute("ROLLBACK TO SAVEPOINT pschema_tolerant")
                helper.close()
                text = query.decode() if isinstance(query, bytes) else str(query)
                skipped.append(
                    {"statement": text.strip(), "sqlstate": exc.pgcode,
                     "message": exc.diag.message_primary if exc.diag else str(exc)}
                )
                return None
            helper.execute("RELEASE SAVEPOINT pschema_tolerant")
            helper.close()
            return result

    return TolerantCursor


def pg_dump(db: str) -> dict:
    return dump_schema.dump_postgres(pg_dsn(db))


def run_postgres(work: Path, order: list[str], graph: dict) -> None:
    import psycopg2
    from alembic import command

    out = OUT / "postgres"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    walk_db, tmp_db, onego_db = f"{DB_PREFIX}_walk", f"{DB_PREFIX}_roundtrip", f"{DB_PREFIX}_onego"
    conn = psycopg2.connect(ADMIN_DSN)
    server_version = conn.server_version
    conn.close()

    # 1. In one go: `alembic upgrade heads` on an empty database.
    pg_recreate(onego_db)
    ALEMBIC_LOG.lines.clear()
    onego: dict = {"command": "alembic upgrade heads"}
    try:
        command.upgrade(alembic_config(work, pg_dsn(onego_db)), "heads")
        onego["result"] = "success"
    except Exception as exc:  # noqa: BLE001
        onego["result"] = "failed"
        onego.update(error_record(exc))
        running = [l for l in ALEMBIC_LOG.lines if l.startswith("Running upgrade")]
        onego["failed_in"] = running[-1] if running else None
        onego["revisions_run_before_failure"] = len(running) - 1
    after = pg_dump(onego_db)
    onego["tables_after"] = sorted(after["tables"])
    onego["enums_after"] = sorted(after["enums"])
    onego["alembic_version_after"] = after["alembic_version"]
    pg_drop(onego_db)
    log(f"postgres one go: {onego['result']} {onego.get('error', '')}")

    # 2. Revision by revision.
    pg_recreate(walk_db)
    failures = []
    downgrades = {}
    first_failure = None
    prev = pg_dump(walk_db)
    for rev in order:
        sql = SqlLog()
        try:
            command.upgrade(alembic_config(work, pg_dsn(walk_db), engine_hook=sql.hook), rev)
            ok = True
        except Exception as exc:  # noqa: BLE001
            ok = False
            rec = {"revision": rev, "walk_index": order.index(rev), "strict": error_record(exc)}
            state = pg_dump(walk_db)
            rec["strict"]["alembic_version_after"] = state["alembic_version"]
            rec["strict"]["rolled_back"] = compare(prev, state) == []
            # Carry on from where this revision can get to: the same upgrade with
            # every failing statement rolled back to a savepoint and skipped.
            skipped: list = []
            tsql = SqlLog()
            command.upgrade(
                alembic_config(work, pg_dsn(walk_db), engine_hook=tsql.hook,
                               connect_args={"cursor_factory": tolerant_cursor_factory(skipped)}),
                rev,
            )
            rec["continued"] = {"skipped_statements": skipped}
            dump = pg_dump(walk_db)
            failures.append(rec)
            if first_failure is None:
                first_failure = rev
            res = roundtrip_postgres(work, walk_db, tmp_db, rev, prev, dump, graph, reupgrade=False)
            res["after_first_failure"] = True
            res["upgrade_failed"] = True
            downgrades[rev] = res
            log(f"postgres {rev}  FAILED: {rec['strict']['error']}  ({len(skipped)} statements skipped)")
        if ok:
            dump = pg_dump(walk_db)
            if first_failure is None:
                write_json(dump, str(out / f"{rev}.json"))
                (out / f"{rev}.sql").write_text(sql.text(), encoding="utf-8")
            res = roundtrip_postgres(work, walk_db, tmp_db, rev, prev, dump, graph)
            res["after_first_failure"] = first_failure is not None
            downgrades[rev] = res
            log(f"postgres {rev}  {len(dump['tables'])} tables")
        prev = dump
    write_json(prev, str(out / "continued-head.json"))
    pg_drop(walk_db)
    write_json(
        {
            "server_version_num": server_version // 10000,
            "one_go": onego,
            "first_failure": first_failure,
            "failing_revisions": [f["revision"] for f in failures],
            "revision_by_revision": failures,
            "method": (
                "Each revision in walk order with `alembic upgrade <rev>` on one database. When one fails "
                "(Alembic rolls its transaction back), the failure is recorded ('strict') and the same upgrade is "
                "run again with every failing statement rolled back to a savepoint and skipped ('continued'), so "
                "the next revision is attempted from where this one could get to, stamped at this revision."
            ),
        },
        str(out / "failures.json"),
    )
    write_json(downgrades, str(out / "downgrades.json"))


def roundtrip_postgres(work: Path, walk_db: str, tmp_db: str, rev: str, before: dict, after: dict,
                       graph: dict, reupgrade: bool = True) -> dict:
    from alembic import command

    pg_recreate(tmp_db, template=walk_db)
    res: dict = {"target": downgrade_target(rev, before, graph)}
    try:
        command.downgrade(alembic_config(work, pg_dsn(tmp_db)), res["target"])
    except Exception as exc:  # noqa: BLE001
        res["downgrade_error"] = error_record(exc)
        pg_drop(tmp_db)
        return res
    down = pg_dump(tmp_db)
    res["versions_after_downgrade"] = down["alembic_version"]
    res["versions_expected"] = before["alembic_version"]
    res["versions_match"] = down["alembic_version"] == before["alembic_version"]
    res["downgrade_differences"] = compare(before, down)
    res["downgrade_restores"] = not res["downgrade_differences"]
    if not reupgrade:
        pg_drop(tmp_db)
        return res
    try:
        command.upgrade(alembic_config(work, pg_dsn(tmp_db)), rev)
    except Exception as exc:  # noqa: BLE001
        res["reupgrade_error"] = error_record(exc)
        pg_drop(tmp_db)
        return res
    again = pg_dump(tmp_db)
    res["reupgrade_differences"] = compare(after, again)
    res["reupgrade_same"] = not res["reupgrade_differences"]
    pg_drop(tmp_db)
    return res


# --------------------------------------------------------------------------- models


MODEL_MODULES = [
    "admin_audit_model", "analytical_expectations_model", "dunning_model", "engagement_model",
    "export_share_model", "firm_branding_model", "follow_up_items_model", "models", "organization_model",
    "scheduler_lock_model", "subscription_model", "team_activity_model", "tool_session_model",
    "uncorrected_misstatements_model", "upload_dedup_model",
]


def load_models(work: Path):
    import importlib

    sys.path.insert(0, str(work / "models"))
    present = {p.stem for p in (work / "models").glob("*.py")}
    for m in sorted(present - {"database"}):
        importlib.import_module(m)
    from database import Base  # type: ignore

    return Base, sorted(present - {"database"})


def describe_default(d) -> object:
    if d is None:
        return None
    arg = getattr(d, "arg", None)
    if callable(arg):
        name = getattr(arg, "__name__", repr(arg))
        return {"callable": name}
    if hasattr(arg, "compile"):
        return {"sql": str(arg)}
    import enum

    if isinstance(arg, enum.Enum):
        return {"enum_member": arg.name, "value": arg.value}
    if arg is None or isinstance(arg, (bool, int, float, str)):
        return {"value": arg}
    return {"value": str(arg), "python_type": type(arg).__name__}


def models_metadata(Base) -> dict:
    from sqlalchemy import Enum

    tables = {}
    enums = {}
    for t in sorted(Base.metadata.tables.values(), key=lambda t: t.name):
        cols = {}
        for c in t.columns:
            info = {}
            if c.default is not None:
                info["python_default"] = describe_default(c.default)
            if c.onupdate is not None:
                info["python_onupdate"] = describe_default(c.onupdate)
            if c.server_default is not None:
                sd = c.server_default.arg
                info["server_default"] = str(sd) if not isinstance(sd, str) else sd
            if isinstance(c.type, Enum):
                info["enum"] = c.type.name
                e = {"labels": list(c.type.enums)}
                if c.type.enum_class is not None:
                    e["python_class"] = c.type.enum_class.__name__
                    e["label_to_value"] = {m.name: m.value for m in c.type.enum_class}
                enums[c.type.name] = e
            info["nullable"] = c.nullable
            cols[c.name] = info
        tables[t.name] = {"columns": cols}
    return {"tables": tables, "enums": enums}


def run_models(work: Path, sources: dict) -> None:
    from sqlalchemy import create_engine

    out = OUT / "models"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    Base, modules = load_models(work)
    db = work / "models.db"
    eng = create_engine(f"sqlite:///{db}")
    Base.metadata.create_all(eng)
    eng.dispose()
    write_json(dump_schema.dump_sqlite(str(db)), str(out / "sqlite.json"))
    pdb = f"{DB_PREFIX}_models"
    pg_recreate(pdb)
    eng = create_engine(pg_dsn(pdb).replace("postgresql://", "postgresql+psycopg2://"))
    Base.metadata.create_all(eng)
    eng.dispose()
    write_json(pg_dump(pdb), str(out / "postgres.json"))
    pg_drop(pdb)
    meta = models_metadata(Base)
    meta["modules"] = modules
    meta["source"] = {"commit": sources["commit"], "files": sources["model_files"] + ["backend/shared/soft_delete.py"],
                      "stubbed": {"database": "Base(DeclarativeBase) only: Paciolus's database.py needs config and "
                                              "security_utils to build an engine"}}
    write_json(meta, str(out / "metadata.json"))
    log(f"models  {len(meta['tables'])} tables")


# --------------------------------------------------------------------------- main


def main() -> None:
    # Alembic's batch mode on SQLite walks sets of constraints and indexes when it
    # rebuilds a table, so the order of the foreign keys in the new CREATE TABLE
    # text and of the CREATE INDEX statements follows Python's string hashing.
    # A fixed seed makes the output the same on every run.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    steps = set(sys.argv[1:]) or {"graph", "sqlite", "postgres", "models", "drift"}
    t0 = time.time()
    work = Path(tempfile.mkdtemp(prefix="pschema-history-"))
    try:
        make_batch_deterministic()
        sources = extract_sources(work)
        graph = build_graph(work, sources)
        order = graph["walk_order"]
        if "graph" in steps:
            write_json(graph, str(OUT / "graph.json"))
            log(f"graph   {len(order)} revisions")
        if "sqlite" in steps:
            run_sqlite(work, order, graph)
        if "postgres" in steps:
            run_postgres(work, order, graph)
        if "models" in steps:
            run_models(work, sources)
        if "drift" in steps:
            drift.main([str(OUT)])
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if steps & {"postgres", "models"}:
            for suffix in ("walk", "roundtrip", "onego", "models"):
                pg_drop(f"{DB_PREFIX}_{suffix}")
    log(f"done in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
