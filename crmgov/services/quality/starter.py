"""`crmgov data init-mapping`: a starter mapping file from the headers of the exports.

Table classes and columns are recognised by their usual English or Chinese names; what is
not recognised is left out, with a comment, for the user to fill in.
"""

from __future__ import annotations

import re
from pathlib import Path

from crmgov.services.quality.exports import export_files, read_header

#: File-name words → (table name, class).
TABLES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("payment_term", "paymentterm", "terms", "付款条件", "付款条款", "账期"), "payment_terms",
     "master"),
    (("credit", "信用"), "credit_terms", "master"),
    (("contact", "联系人"), "contacts", "static"),
    (("account", "customer", "客户"), "accounts", "static"),
    (("opportunit", "商机", "机会"), "opportunities", "transactional"),
    (("case", "ticket", "service", "工单", "服务"), "cases", "transactional"),
    (("lead", "线索"), "leads", "leads"),
)
#: Column role → header names it goes by (en and zh; compared without case, spaces, "_",
#: "-" or ".", so "Account ID", "account_id" and "AccountId" are one name).
COLUMNS: dict[str, tuple[str, ...]] = {
    "key": ("id", "编号", "record id", "row id"),
    "name": ("name", "account name", "company", "company name", "customer name", "名称",
             "客户名称", "公司名称", "姓名", "条件名称"),
    "city": ("city", "城市", "所在城市"),
    "phone": ("phone", "mobile", "telephone", "电话", "手机", "手机号"),
    "email": ("email", "邮箱", "电子邮件"),
    "role": ("role", "contact role", "角色", "联系人角色"),
    "occupation": ("occupation", "title", "position", "job title", "职位", "职务"),
    "age": ("age", "年龄"),
    "owner": ("owner", "created by", "负责人", "创建人", "所有人"),
    "created_at": ("created_at", "created", "entered", "创建时间", "录入时间"),
    "event_date": ("event_date", "visit_date", "date", "发生日期", "拜访日期", "日期"),
    "days": ("days", "天数"),
    "basis": ("basis", "起算", "起算日"),
    "account": ("account_id", "account", "account no", "account number", "account code",
                "customer_id", "customer", "客户编号", "客户id", "客户代码", "客户编码",
                "所属客户"),
}
#: Table → the names of its own record id besides the generic ones ("id", "编号"): a
#: table's key is looked for among these, so a contact's 客户编号 (its account) is never
#: taken for the contact's own id.
OWN_KEYS: dict[str, tuple[str, ...]] = {
    "accounts": ("account_id", "account no", "account number", "account code", "customer_id",
                 "customer no", "customer number", "客户编号", "客户id", "客户代码", "客户编码"),
    "contacts": ("contact_id", "contact no", "联系人编号", "联系人id"),
    "opportunities": ("opportunity_id", "opportunity no", "deal id", "商机编号", "商机id"),
    "cases": ("case_id", "case no", "ticket_id", "ticket no", "工单编号", "工单id"),
    "leads": ("lead_id", "lead no", "线索编号", "线索id"),
    "payment_terms": ("term_id", "payment_term_id", "条件编号"),
    "credit_terms": ("term_id", "credit_term_id", "条件编号"),
}


def _compact(name: str) -> str:
    return re.sub(r"[\s_.\-]+", "", name.strip().casefold())


def _table_of(path: Path) -> tuple[str, str]:
    stem = path.stem.lower()
    for words, name, kind in TABLES:
        if any(w in stem for w in words):
            return name, kind
    return re.sub(r"\W+", "_", stem).strip("_") or "table", "static"


def _find(headers: list[str], role: str, skip: set[str], table: str = "") -> str:
    names = COLUMNS[role] + (OWN_KEYS.get(table, ()) if role == "key" else ())
    wanted = [_compact(n) for n in names]
    # In the order of the names (a table's "id" before its "account_id"), then the header's.
    for w in wanted:
        for h in headers:
            if _compact(h) == w and h not in skip:
                return h
    return ""


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def starter_for(path: Path, headers: list[str]) -> list[str]:
    """The [tables.NAME] section of one export."""
    name, kind = _table_of(path)
    used: set[str] = set()

    def take(role: str) -> str:
        found = _find(headers, role, used, name)
        if found:
            used.add(found)
        return found

    key = take("key")
    lines = [f"[tables.{name}]", f"file = {_q(path.name)}", f'class = "{kind}"']
    if key:
        lines.append(f"key = {_q(key)}")
    else:
        lines.append('# key = "…"   # the record id column: not recognised, pointers to this '
                     "table need it")
    account = take("account") if name in ("contacts", "opportunities", "cases") else ""
    names, city, phone, email = take("name"), take("city"), take("phone"), take("email")
    role, occupation, age = take("role"), take("occupation"), take("age")
    owner, created, event = take("owner"), take("created_at"), take("event_date")
    required = [c for c in (names, phone) if c]
    if required:
        lines.append("required = [" + ", ".join(_q(c) for c in required) + "]")
    fill = [c for c in (role, occupation, age, email) if c]
    if fill:
        lines.append("fill = [" + ", ".join(_q(c) for c in fill) + "]")
    for label, column in (("role", role), ("owner", owner), ("created_at", created),
                          ("event_date", event)):
        if column:
            lines.append(f"{label} = {_q(column)}")
    formats = [f"{_q(c)} = {_q(f)}" for c, f in ((phone, "phone"), (email, "email")) if c]
    if formats:
        lines.append("formats = { " + ", ".join(formats) + " }")
    if account:
        lines.append(f'pointers = {{ {_q(account)} = "accounts.{_account_key()}" }}'
                     f"{_POINTER_MARK}")
    if kind == "master":
        days, basis = take("days"), take("basis")
        if days and basis:
            lines.append(f"terms = {{ days = {_q(days)}, basis = {_q(basis)} }}")
        lines.append('steward = ""   # the specialist role that owns it, e.g. "finance"')
    elif names and name == "accounts":
        block = f", block = {_q(city)}" if city else ""
        lines.append(f"duplicates = {{ field = {_q(names)}{block} }}")
    rest = [h for h in headers if h not in used]
    if rest:
        lines.append("# not recognised: " + ", ".join(rest))
    return lines


def _account_key() -> str:
    return "{ACCOUNT_KEY}"  # filled in by guess_mapping once the accounts' key is known


#: Ends a pointer line until guess_mapping knows whether the accounts have a key.
_POINTER_MARK = "\x00pointer"


def guess_mapping(files: list[Path]) -> str:
    """A starter mapping for these exports (TOML text)."""
    sections: list[list[str]] = []
    account_key = ""
    seen: set[str] = set()
    for path in files:
        headers = read_header(path)
        lines = starter_for(path, headers)
        table = lines[0][len("[tables."):-1]
        if table in seen:
            continue  # the same table twice (e.g. .csv and .xlsx): the first one counts
        seen.add(table)
        if table == "accounts":
            account_key = _find(headers, "key", set(), "accounts")
        sections.append(lines)
    out = ["# crmgov data-quality mapping: one [tables.NAME] per export (see `crmgov data",
           "# check --help`). Thresholds: 5 % per table, 1 % key fields and pointers,",
           "# 20 % leads; override with warn = / fail = (fractions, e.g. 0.05).", ""]
    for lines in sections:
        for line in lines:
            if line.endswith(_POINTER_MARK):
                # A pointer is written only into accounts that have a key: one into nothing
                # would be refused, and orphans must never go unreported.
                line = line.removesuffix(_POINTER_MARK)
                if "accounts" not in seen:
                    continue
                if not account_key:
                    out.append("# " + line.replace("{ACCOUNT_KEY}", "…") + "   # set the "
                               "accounts' key first")
                    continue
                line = line.replace("{ACCOUNT_KEY}", account_key)
            out.append(line)
        out.append("")
    return "\n".join(out)


def init_mapping(folder: Path, out: Path | None = None, force: bool = False) -> Path:
    """Write the starter mapping beside the exports (or to `out`); FileExistsError if one is
    there and not `force`."""
    from crmgov.services.quality.check import DEFAULT_MAPPING

    target = out or (folder / DEFAULT_MAPPING)
    if target.exists() and not force:
        raise FileExistsError(str(target))
    text = guess_mapping(export_files([folder]))
    target.write_text(text, encoding="utf-8")
    return target
