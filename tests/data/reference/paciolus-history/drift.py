"""Differences between two schema dumps (dump_schema.py's shape), and the model drift.

    python drift.py [DIR]
    python drift.py --markdown [DIR]   # the tables of docs/paciolus-history.md, from DIR/drift.json

reads DIR/graph.json, DIR/sqlite/<head>.json, DIR/postgres/continued-head.json and
DIR/models/{sqlite,postgres,metadata}.json and writes DIR/drift.json. Needs only the
standard library: it works on the committed dumps.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def _index_key(table: str, ix: dict) -> str:
    # SQLite names the index of a UNIQUE constraint sqlite_autoindex_<table>_<n>, n in
    # the order of the table's text: compare those by their columns.
    if ix["name"].startswith("sqlite_autoindex_"):
        return f"UNIQUE ({', '.join(ix['columns'])})"
    return ix["name"]


def _fk_key(fk: dict) -> str:
    return f"({', '.join(fk['from'])}) -> {fk['table']} ({', '.join(fk['to'])})"


def diff_schemas(a: dict, b: dict, compare_sql: bool = False) -> list[dict]:
    """Every difference from schema a to schema b, in a stable order.

    Each item: {"kind", "table"?, "column"?, "index"?, "foreign_key"?, "enum"?, "a", "b"}.
    """
    out: list[dict] = []
    ea, eb = a.get("enums", {}), b.get("enums", {})
    for name in sorted(set(ea) | set(eb)):
        if name not in eb:
            out.append({"kind": "enum_only_in_a", "enum": name, "a": ea[name], "b": None})
        elif name not in ea:
            out.append({"kind": "enum_only_in_b", "enum": name, "a": None, "b": eb[name]})
        elif ea[name] != eb[name]:
            out.append({"kind": "enum_labels", "enum": name, "a": ea[name], "b": eb[name]})
    ta, tb = a["tables"], b["tables"]
    for t in sorted(set(ta) | set(tb)):
        if t not in tb:
            out.append({"kind": "table_only_in_a", "table": t, "a": ta[t], "b": None})
            continue
        if t not in ta:
            out.append({"kind": "table_only_in_b", "table": t, "a": None, "b": tb[t]})
            continue
        out.extend(_diff_table(t, ta[t], tb[t], compare_sql))
    return out


def _diff_table(t: str, a: dict, b: dict, compare_sql: bool) -> list[dict]:
    out: list[dict] = []
    ca = {c["name"]: c for c in a["columns"]}
    cb = {c["name"]: c for c in b["columns"]}
    for name in [c["name"] for c in a["columns"]] + [c["name"] for c in b["columns"] if c["name"] not in ca]:
        if name not in cb:
            out.append({"kind": "column_only_in_a", "table": t, "column": name, "a": ca[name], "b": None})
        elif name not in ca:
            out.append({"kind": "column_only_in_b", "table": t, "column": name, "a": None, "b": cb[name]})
        else:
            for field, kind in (("declared_type", "column_type"), ("not_null", "column_not_null"),
                                ("default", "column_default"), ("pk", "column_pk")):
                if ca[name][field] != cb[name][field]:
                    out.append({"kind": kind, "table": t, "column": name, "a": ca[name][field],
                                "b": cb[name][field]})
    common_a = [c["name"] for c in a["columns"] if c["name"] in cb]
    common_b = [c["name"] for c in b["columns"] if c["name"] in ca]
    if common_a != common_b:
        out.append({"kind": "column_order", "table": t, "a": common_a, "b": common_b})

    ia = {_index_key(t, i): i for i in a["indexes"]}
    ib = {_index_key(t, i): i for i in b["indexes"]}
    only_a = [k for k in sorted(ia) if k not in ib]
    only_b = [k for k in sorted(ib) if k not in ia]
    # An index of the same definition under another name is a rename.
    for ka in list(only_a):
        x = ia[ka]
        match = next((kb for kb in only_b if ib[kb]["columns"] == x["columns"] and ib[kb]["unique"] == x["unique"]
                      and ib[kb]["origin"] == x["origin"]), None)
        if match is not None:
            out.append({"kind": "index_name", "table": t, "index": ka, "a": ka, "b": match})
            only_a.remove(ka)
            only_b.remove(match)
    for k in only_a:
        out.append({"kind": "index_only_in_a", "table": t, "index": k, "a": ia[k], "b": None})
    for k in only_b:
        out.append({"kind": "index_only_in_b", "table": t, "index": k, "a": None, "b": ib[k]})
    for k in sorted(set(ia) & set(ib)):
        x, y = ia[k], ib[k]
        for field in ("unique", "origin", "columns"):
            if x[field] != y[field]:
                out.append({"kind": f"index_{field}", "table": t, "index": k, "a": x[field], "b": y[field]})

    fa = {_fk_key(f): f for f in a["foreign_keys"]}
    fb = {_fk_key(f): f for f in b["foreign_keys"]}
    for k in sorted(set(fa) | set(fb)):
        if k not in fb:
            out.append({"kind": "fk_only_in_a", "table": t, "foreign_key": k, "a": fa[k], "b": None})
        elif k not in fa:
            out.append({"kind": "fk_only_in_b", "table": t, "foreign_key": k, "a": None, "b": fb[k]})
        else:
            for field in ("on_delete", "on_update", "name"):
                if fa[k][field] != fb[k][field]:
                    out.append({"kind": f"fk_{field}", "table": t, "foreign_key": k, "a": fa[k][field],
                                "b": fb[k][field]})
    for c in sorted(set(a["checks"]) - set(b["checks"])):
        out.append({"kind": "check_only_in_a", "table": t, "a": c, "b": None})
    for c in sorted(set(b["checks"]) - set(a["checks"])):
        out.append({"kind": "check_only_in_b", "table": t, "a": None, "b": c})
    if compare_sql and a.get("sql", "") != b.get("sql", ""):
        out.append({"kind": "table_sql", "table": t, "a": a.get("sql", ""), "b": b.get("sql", "")})
    return out


def _pair_unique_constraint_and_index(items: list[dict]) -> list[dict]:
    """A UNIQUE constraint on one side and a unique index on the same columns on
    the other is one item: the uniqueness is the same, the object is not."""
    out = []
    used = set()
    for i, x in enumerate(items):
        if i in used:
            continue
        if x["kind"] == "index_only_in_a" and x["a"]["origin"] == "u":
            j = next((j for j, y in enumerate(items) if j not in used and y["kind"] == "index_only_in_b"
                      and y["table"] == x["table"] and y["b"]["unique"] and y["b"]["columns"] == x["a"]["columns"]),
                     None)
            if j is not None:
                used.add(j)
                out.append({"kind": "unique_constraint_to_index", "table": x["table"], "index": items[j]["b"]["name"],
                            "a": x["a"], "b": items[j]["b"]})
                continue
        out.append(x)
    return out


def _is_enum_column(meta: dict, table: str, column: str) -> str | None:
    return meta["tables"].get(table, {}).get("columns", {}).get(column, {}).get("enum")


def _fill_value(meta: dict, table: str, column: str, dialect: str) -> str | None:
    col = meta["tables"].get(table, {}).get("columns", {}).get(column, {})
    d = col.get("python_default")
    if d is None:
        return None
    if "callable" in d:
        # every callable default of the models is datetime.now(UTC)
        return "CURRENT_TIMESTAMP" if dialect == "sqlite" else "now()"
    if "enum_member" in d:
        return f"'{d['enum_member']}'"
    v = d["value"]
    if isinstance(v, bool):
        return ("1" if v else "0") if dialect == "sqlite" else ("true" if v else "false")
    if isinstance(v, (int, float)):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


def _label_of(meta: dict, enum: str, value: str) -> str | None:
    """The models' label (the Python member's name) for a stored value."""
    e = meta["enums"].get(enum)
    if not e:
        return None
    if value in e["labels"]:
        return value
    for name, v in e.get("label_to_value", {}).items():
        if v == value:
            return name
    return None


def _propose(item: dict, meta: dict, dialect: str) -> tuple[str, str | None]:  # noqa: C901
    k, t, c = item["kind"], item.get("table"), item.get("column")
    if k == "table_only_in_b":
        return "create the table as the models have it (no rows to keep)", None
    if k == "table_only_in_a":
        return "keep (the models lack it; dropping it loses its rows): add it to the models or decide to drop", None
    if k == "column_only_in_b":
        col = item["b"]
        if col["not_null"] and col["default"] is None:
            fill = _fill_value(meta, t, c, dialect)
            return ("add the column; NOT NULL without a server default, so existing rows need a value",
                    f"fill existing rows with {fill} (the models' Python default)" if fill else
                    "existing rows need a value: decide one before adding the column NOT NULL")
        return "add the column (nullable or with a default: no data step)", None
    if k == "column_only_in_a":
        return "keep or drop by decision: dropping loses the column's values", None
    if k == "column_not_null":
        if item["b"]:
            fill = _fill_value(meta, t, c, dialect)
            return ("SET NOT NULL, as the models have it",
                    f"UPDATE {t} SET {c} = {fill} WHERE {c} IS NULL first (the models' Python default)" if fill else
                    f"rows with {c} IS NULL must be fixed first: no default in the models to fill them with")
        return "DROP NOT NULL, as the models have it (no data risk)", None
    if k == "column_default":
        enum = _is_enum_column(meta, t, c)
        if item["b"] is None:
            prop = "drop the server default (the models set it in Python only)"
        elif item["a"] is None:
            prop = "add the models' server default"
        else:
            prop = "change the server default to the models'"
        fix = None
        if enum and item["a"] is not None:
            stored = item["a"].split("::")[0].strip("'")
            label = _label_of(meta, enum, stored)
            if label and label != stored:
                fix = (f"rows that took the default hold '{stored}', which the models read as no member: "
                       f"UPDATE {t} SET {c} = '{label}' WHERE {c} = '{stored}'")
        return prop, fix
    if k == "column_type":
        a, b = str(item["a"]), str(item["b"])
        if _is_enum_column(meta, t, c):
            return (f"{a} -> {b}: the enum's VARCHAR length follows its longest label (SQLite does not enforce it)",
                    None)
        if a.lower() == "text" and "char" in b.lower() or a.upper() == "TEXT" and b.upper().startswith("VARCHAR"):
            return (f"narrow {a} to {b} as the models have it", f"check first that no value is longer: "
                    f"SELECT count(*) FROM {t} WHERE length({c}) > {re.sub(r'[^0-9]', '', b) or '?'}")
        return f"change {a} to {b} as the models have it", None
    if k == "column_pk":
        return "change the primary key as the models have it", None
    if k == "column_order":
        return ("columns added later sit at the end; PostgreSQL cannot move them, SQLite only by a rebuild: "
                "compare columns by name, not position"), None
    if k in ("index_only_in_b",):
        ix = item["b"]
        if ix["unique"]:
            cols = ", ".join(ix["columns"])
            return ("create the unique index",
                    f"find duplicates first: SELECT {cols}, count(*) FROM {t} GROUP BY {cols} HAVING count(*) > 1")
        return "create the index (no data risk)", None
    if k == "index_only_in_a":
        return ("drop the index, as the models lack it (no data lost); or keep it and add it to the models, "
                "since a revision made it on purpose"), None
    if k == "unique_constraint_to_index":
        return "replace the UNIQUE constraint by the models' unique index (same uniqueness, no data risk)", None
    if k == "index_name":
        return "rename the index", None
    if k.startswith("index_"):
        return "change the index as the models have it", None
    if k == "fk_only_in_b":
        fk = item["b"]
        frm, to = fk["from"][0], fk["to"][0]
        return ("add the foreign key",
                f"find orphans first: SELECT count(*) FROM {t} WHERE {frm} IS NOT NULL AND {frm} NOT IN "
                f"(SELECT {to} FROM {fk['table']})")
    if k == "fk_only_in_a":
        return "drop the foreign key, as the models lack it (no data risk)", None
    if k == "fk_name":
        if item["b"] is None:
            return ("the models leave the key unnamed: on SQLite only a rebuild drops the name (optional, no effect "
                    "on rows)"), None
        if item["b"].endswith("_fkey"):
            return (f"the models leave the key unnamed, which PostgreSQL calls {item['b']}: "
                    f"ALTER TABLE {t} RENAME CONSTRAINT (no effect on rows)"), None
        return f"name the key {item['b']} as the models do (no effect on rows)", None
    if k.startswith("fk_"):
        return "change the action as the models have it", None
    if k == "enum_labels":
        return _propose_labels(item, meta)
    if k == "enum_only_in_b":
        return "create the type (with the columns that use it)", None
    if k == "enum_only_in_a":
        return "drop the type once nothing uses it", None
    if k.startswith("check_"):
        return "follow the models", None
    return "follow the models", None


def _propose_labels(item: dict, meta: dict) -> tuple[str, str | None]:
    enum, old, new = item["enum"], item["a"], item["b"]
    renames = {}
    for label in old:
        target = _label_of(meta, enum, label)
        if target and target != label:
            renames[label] = target
    mapped = [renames.get(x, x) for x in old]
    added = [x for x in new if x not in mapped]
    removed = [x for x in mapped if x not in new]
    kept_order = [x for x in new if x in mapped] == [x for x in mapped if x in new]
    parts = []
    if renames:
        parts.append("rename " + ", ".join(f"{a} -> {b}" for a, b in renames.items()))
    if added:
        parts.append("add " + ", ".join(added))
    if removed:
        parts.append("remove " + ", ".join(removed))
    if not kept_order or (added and [x for x in new if x in mapped or x in added] != new):
        parts.append("the models' order differs: ADD VALUE BEFORE/AFTER where it can place them, else a type swap")
    fix = ("rows follow a RENAME VALUE on PostgreSQL; on SQLite the same renames are row UPDATEs"
           if renames else None)
    return "; ".join(parts) or "reorder", fix


def _failure_objects(failures: dict) -> tuple[set, set]:
    cols, types = set(), set()
    for f in failures.get("revision_by_revision", []):
        for s in f["continued"]["skipped_statements"]:
            m = re.match(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", s["statement"])
            if m:
                cols.add((m.group(1), m.group(2), f["revision"]))
            m = re.search(r'type "(\w+)" does not exist', s["message"])
            if m:
                types.add((m.group(1), f["revision"]))
    return cols, types


def _item_key(i: dict) -> tuple:
    return (i["kind"], i.get("table") or "", i.get("column") or "", i.get("index") or "",
            i.get("foreign_key") or "", i.get("enum") or "")


def drift_section(a: dict, b: dict, meta: dict, dialect: str) -> list[dict]:
    items = _pair_unique_constraint_and_index(diff_schemas(a, b))
    for i in items:
        prop, fix = _propose(i, meta, dialect)
        i["proposal"] = prop
        i["data_fix"] = fix
        if i["kind"] in ("table_only_in_a", "table_only_in_b"):
            # the whole table is in the file already; say how big it is instead
            tab = i["a"] or i["b"]
            i["a" if i["a"] else "b"] = {"columns": [c["name"] for c in tab["columns"]],
                                         "indexes": [x["name"] for x in tab["indexes"]],
                                         "foreign_keys": [f"{', '.join(f['from'])} -> {f['table']}"
                                                          for f in tab["foreign_keys"]]}
    return items


def counts(items: list[dict]) -> dict:
    out: dict[str, int] = {}
    for i in items:
        out[i["kind"]] = out.get(i["kind"], 0) + 1
    return dict(sorted(out.items()))


def main(argv: list[str]) -> None:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parent
    load = lambda p: json.loads((root / p).read_text(encoding="utf-8"))  # noqa: E731
    graph = load("graph.json")
    meta = load("models/metadata.json")
    (head,) = graph["heads"]
    result: dict = {
        "a": "Alembic's head",
        "b": "Base.metadata.create_all() from the models",
        "head": head,
    }
    sq = drift_section(load(f"sqlite/{head}.json"), load("models/sqlite.json"), meta, "sqlite")
    result["sqlite"] = {"a_file": f"sqlite/{head}.json", "b_file": "models/sqlite.json", "counts": counts(sq),
                        "items": sq}
    pg_path = root / "postgres" / "continued-head.json"
    if pg_path.exists():
        failures = load("postgres/failures.json")
        fcols, ftypes = _failure_objects(failures)
        pg = drift_section(load("postgres/continued-head.json"), load("models/postgres.json"), meta, "postgresql")
        sq_keys = {_item_key(i) for i in sq}
        for i in pg:
            i["also_on_sqlite"] = _item_key(i) in sq_keys
            cause = None
            for t, c, rev in fcols:
                if i.get("table") == t and i.get("column") == c:
                    cause = rev
            for ty, rev in ftypes:
                if i.get("enum") == ty:
                    cause = rev
            i["caused_by_pg_failure"] = cause
        result["postgres"] = {
            "a_file": "postgres/continued-head.json",
            "a_note": ("Alembic cannot build PostgreSQL to its head: this is the walk past the failures "
                       "(postgres/failures.json), so items with caused_by_pg_failure are what the failing "
                       "statements did not make, not model drift"),
            "b_file": "models/postgres.json",
            "counts": counts(pg),
            "counts_without_failures": counts([i for i in pg if not i["caused_by_pg_failure"]]),
            "items": pg,
        }
        # The enum types as Alembic's revisions mean them at the head (what a chain that
        # does not fail has on PostgreSQL, and what a pschema schema declares for both
        # dialects): the walk's types, plus those a failing statement never made, with
        # the labels of the revision that declares them.
        intended = dict(load("postgres/continued-head.json")["enums"])
        for ty, rev in sorted(ftypes):
            labels = None
            for fn in ("upgrade",):
                steps = graph["revisions"][rev][fn]["steps"]
                for st in steps.get("both", steps.get("postgresql", [])):
                    m = re.search(r"sa\.Enum\(([^)]*)name=['\"]" + ty + r"['\"]", st.get("column_def", ""))
                    if m:
                        labels = re.findall(r"['\"]([^'\"]+)['\"]", m.group(1))
            if labels:
                intended[ty] = labels
        models_enums = load("models/postgres.json")["enums"]
        enum_items = []
        for name in sorted(set(intended) | set(models_enums)):
            a, b = intended.get(name), models_enums.get(name)
            if a == b:
                continue
            item = {"kind": "enum_labels" if a and b else ("enum_only_in_a" if a else "enum_only_in_b"),
                    "enum": name, "a": a, "b": b}
            item["proposal"], item["data_fix"] = _propose(item, meta, "postgresql")
            enum_items.append(item)
        result["enums"] = {
            "a": "the enum types of Alembic's revisions at the head, as a chain that does not fail makes them",
            "b": "the models' enum types (labels are the Python members' names, except subscription_tier)",
            "note": ("SQLite has no enum types: there the same label changes are UPDATEs of the rows and the "
                     "VARCHAR length of the column"),
            "counts": counts(enum_items),
            "items": enum_items,
        }
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from dump_schema import write_json

    write_json(result, str(root / "drift.json"))
    print(f"drift   sqlite {len(sq)} items" + (f", postgres {len(result['postgres']['items'])} items"
                                                   if "postgres" in result else ""))


def _cell(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, dict):
        if "declared_type" in v:
            return f"`{v['declared_type']}`" + (" NOT NULL" if v["not_null"] else "") + (
                f" DEFAULT `{v['default']}`" if v["default"] is not None else "")
        if "columns" in v and "unique" in v:
            return ("unique " if v["unique"] else "") + f"`{v['name']}` ({', '.join(v['columns'])})"
        if "on_delete" in v:
            return f"ON DELETE {v['on_delete']}"
        if "columns" in v:
            return f"{len(v['columns'])} columns"
    if isinstance(v, bool):
        return "NOT NULL" if v else "NULL"
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return f"`{v}`"


def markdown(root: Path) -> str:
    """The tables of docs/paciolus-history.md's model drift section."""
    d = json.loads((root / "drift.json").read_text(encoding="utf-8"))
    sq = {_item_key(i): i for i in d["sqlite"]["items"]}
    pg = {_item_key(i): i for i in d["postgres"]["items"]}
    keys = sorted(set(sq) | set(pg), key=lambda k: (k[1], k[2], k[3], k[4], k[0]))
    out = []
    kinds = sorted({k[0] for k in keys})
    out.append("| kind | SQLite | PostgreSQL | PostgreSQL, failures left out |")
    out.append("| --- | ---: | ---: | ---: |")
    for kind in kinds:
        out.append(f"| `{kind}` | {d['sqlite']['counts'].get(kind, 0)} | {d['postgres']['counts'].get(kind, 0)} | "
                   f"{d['postgres']['counts_without_failures'].get(kind, 0)} |")
    out.append(f"| all | {len(sq)} | {len(pg)} | "
               f"{sum(d['postgres']['counts_without_failures'].values())} |")
    out.append("")
    groups = [
        ("Tables only in the models", ("table_only_in_b", "table_only_in_a")),
        ("Columns only on one side", ("column_only_in_b", "column_only_in_a")),
        ("Nullability", ("column_not_null",)),
        ("Server defaults", ("column_default",)),
        ("Types", ("column_type",)),
        ("Indexes, unique constraints, foreign keys", ("index_only_in_a", "index_only_in_b",
                                                       "unique_constraint_to_index", "index_unique",
                                                       "index_columns", "fk_only_in_a", "fk_only_in_b",
                                                       "fk_on_delete", "fk_on_update", "fk_name")),
        ("Column order", ("column_order",)),
    ]
    for title, ks in groups:
        rows = [k for k in keys if k[0] in ks]
        if not rows:
            continue
        out.append(f"#### {title}")
        out.append("")
        out.append("| where | kind | SQLite: head -> models | PostgreSQL: head -> models | proposal | rows first |")
        out.append("| --- | --- | --- | --- | --- | --- |")
        for k in rows:
            a, b = sq.get(k), pg.get(k)
            i = a or b
            where = ".".join(x for x in (k[1], k[2] or k[3] or k[4]) if x)
            cell = lambda x: "(same)" if x is None else (  # noqa: E731
                "columns: " + ", ".join(x["a"]) + " / models: " + ", ".join(x["b"]) if k[0] == "column_order"
                else f"{_cell(x['a'])} -> {_cell(x['b'])}")
            sqc = cell(a) if a else "(no difference)"
            pgc = cell(b) if b else "(no difference)"
            if b and b.get("caused_by_pg_failure"):
                pgc += f" (the failing statement of `{b['caused_by_pg_failure']}`)"
            if k[0] == "column_order" and a and b and a["a"] == b["a"]:
                pgc = "(same)"
            prop, fix = i["proposal"], i.get("data_fix") or ""
            if a and b and a["proposal"] != b["proposal"]:
                prop = f"SQLite: {a['proposal']}; PostgreSQL: {b['proposal']}"
            if a and b and (a.get("data_fix") or "") != (b.get("data_fix") or ""):
                fix = f"SQLite: {a.get('data_fix') or '-'}; PostgreSQL: {b.get('data_fix') or '-'}"
            out.append(f"| `{where}` | {k[0]} | {sqc} | {pgc} | {prop} | {fix} |")
        out.append("")
    out.append("#### Enum types (both dialects: PostgreSQL types; on SQLite row values and VARCHAR lengths)")
    out.append("")
    out.append("| type | the revisions' labels at head | the models' labels | proposal |")
    out.append("| --- | --- | --- | --- |")
    for i in d["enums"]["items"]:
        out.append(f"| `{i['enum']}` | {_cell(i['a'])} | {_cell(i['b'])} | {i['proposal']} |")
    out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--markdown"]:
        print(markdown(Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent))
    else:
        main(sys.argv[1:])
